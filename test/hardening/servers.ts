/**
 * Hostile servers the lab (test/fixtures/servers) does not have: endless headers, one 1 MiB
 * header line, TLS garbage, accept-and-never-answer, an HTTP/0.9 reply, a redirect loop and a
 * redirect to another host. Raw sockets on 127.0.0.1, port 0; every writer respects backpressure,
 * so the server side never buffers more than a socket's worth. `close()` ends every socket.
 */
import * as net from 'node:net';

export type HostileKind =
  | 'endless-headers'
  | 'header-line-1mib'
  | 'tls-garbage'
  | 'silent'
  | 'http09'
  | 'redirect-loop'
  | 'redirect-off-host';

export interface HostileServer {
  url: string;
  port: number;
  /** Connections accepted and request heads seen. */
  stats: { connections: number; requests: number };
  close(): Promise<void>;
}

export interface HostileOptions {
  /** redirect-off-host: where to send the client. */
  location?: string;
}

/** Calls `onHead` once the request head has arrived (or never, for a silent peer). */
function onRequestHead(socket: net.Socket, onHead: () => void): void {
  let seen = '';
  const onData = (d: Buffer): void => {
    seen += d.toString('latin1');
    if (seen.includes('\r\n\r\n')) {
      socket.removeListener('data', onData);
      onHead();
    }
  };
  socket.on('data', onData);
}

/** Writes `next()` chunks for as long as the socket lives, waiting for drain when full. */
function pump(socket: net.Socket, next: () => Buffer | string): void {
  const go = (): void => {
    while (!socket.destroyed && socket.write(next()));
    if (!socket.destroyed) socket.once('drain', go);
  };
  go();
}

export async function startHostile(kind: HostileKind, o: HostileOptions = {}): Promise<HostileServer> {
  const stats = { connections: 0, requests: 0 };
  const sockets = new Set<net.Socket>();
  let url = '';
  const server = net.createServer((socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const head = (fn: () => void): void => onRequestHead(socket, () => {
      stats.requests++;
      fn();
    });
    switch (kind) {
      case 'endless-headers': {
        let n = 0;
        head(() => {
          socket.write('HTTP/1.1 200 OK\r\n');
          pump(socket, () => `x-h${n++}: ${'v'.repeat(100)}\r\n`);
        });
        break;
      }
      case 'header-line-1mib':
        head(() => socket.end(`HTTP/1.1 200 OK\r\nx-big: ${'b'.repeat(1 << 20)}\r\ncontent-length: 2\r\n\r\nok`));
        break;
      case 'tls-garbage':
        // Whatever the client says, answer with bytes that are not TLS; then a record header that
        // announces 16 KiB and never delivers them.
        socket.once('data', () => {
          socket.write(Buffer.from('garbage\x00\xff\xfe\x16\x03\x03\x40\x00', 'latin1'));
          socket.write(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00, 0x02]));
        });
        break;
      case 'silent':
        socket.on('data', () => undefined);
        break;
      case 'http09':
        head(() => socket.end('<html>hello from 1991</html>\n'));
        break;
      case 'redirect-loop':
        head(() => socket.end(`HTTP/1.1 302 Found\r\nlocation: ${url}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`));
        break;
      case 'redirect-off-host':
        head(() => socket.end(`HTTP/1.1 301 Moved Permanently\r\nlocation: ${o.location ?? 'http://localhost:9/'}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`));
        break;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  url = `${kind === 'tls-garbage' ? 'https' : 'http'}://127.0.0.1:${port}/`;
  return {
    url,
    port,
    stats,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
