// A Node client with a keep-alive agent and no idle timeout, posting to the demo server every 1.5 s.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

function post(path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: 8765, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (let i = 0; i < 20; i++) {
  try {
    console.log('ok', await post('/orders', '{"n":1}'));
  } catch (err) {
    console.log('error:', err.code ?? err.message, err.message);
  }
  await new Promise((r) => setTimeout(r, 1500));
}
