// The demo's misbehaving server: HTTP/1.1 on 127.0.0.1:8765 that closes idle kept-alive
// connections after 1.5 s without announcing it (no Keep-Alive header), as Go's net/http with
// IdleTimeout or nginx's keepalive_timeout do. A client that reuses a connection idle for about
// that long races the close and sees "connection reset by peer" or EOF.
// Started by `npm start`; Ctrl-C stops it.
import net from 'node:net';

const PORT = Number(process.env.DEMO_PORT || 8765);
const IDLE_MS = Number(process.env.DEMO_IDLE_MS || 1500);
const MAX_HEAD = 64 * 1024;

const server = net.createServer((socket) => {
  let buf = Buffer.alloc(0);
  let idle;
  const armIdle = () => {
    clearTimeout(idle);
    // Orderly close (FIN) of an idle connection, without warning the client.
    idle = setTimeout(() => socket.end(), IDLE_MS);
  };
  armIdle();
  socket.on('data', (chunk) => {
    clearTimeout(idle);
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_HEAD) socket.destroy();
        return;
      }
      const head = buf.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      const [method = 'GET', path = '/'] = head.split('\r\n')[0].split(' ');
      buf = buf.subarray(end + 4 + length);
      const body = JSON.stringify({ ok: true, method, path, received: length });
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      armIdle();
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => clearTimeout(idle));
});
server.listen(PORT, '127.0.0.1', () => {
  console.log(`demo server: http://127.0.0.1:${PORT}/ closes idle connections after ${IDLE_MS} ms (no Keep-Alive hint)`);
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { server.close(); process.exit(0); });
