// A TypeScript client using the global fetch (undici) against the demo server.
async function main(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try {
      const res = await fetch('http://127.0.0.1:8765/orders', { method: 'GET' });
      console.log('ok', res.status, await res.text());
    } catch (err) {
      console.log('error:', err);
    }
    await new Promise((r) => setTimeout(r, 1500));
  }
}

void main();
