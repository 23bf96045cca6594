import { REF } from './citations';
import { hasClass, onlyBodyless, sendsBody } from './facts';
import { byClass, byHint, byMarker, when, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'early-close-unread-body',
  title: 'The server answered early and closed while the request body was still arriving',
  classes: ['reset', 'broken_pipe', 'eof_closed'],
  summary: [
    'The server replied (often 413, 401 or an error) before reading the whole upload, then closed.',
    'The unread bytes made its kernel send a reset; read the early response or shrink the body.',
  ],
  mechanism:
    'A server may decide what to answer before a request body has fully arrived: the body is over its size limit, ' +
    'the credentials are wrong, the route does not exist, or the handler simply never reads the body. It sends its ' +
    'response and closes the connection. The trouble is the data still on its way: when a TCP socket is closed with ' +
    'unread bytes in its receive buffer, or bytes keep arriving after the close, the kernel answers with a reset ' +
    'instead of a normal FIN. The client, still busy writing, gets a broken pipe or ECONNRESET and often never ' +
    'sees the response that explained the refusal. Well-behaved servers linger and drain the body for a while ' +
    'before closing (nginx does this with lingering_close) precisely to avoid this.',
  raisedBy: [
    'The failure happened while the request body was being sent (POST/PUT/PATCH uploads)',
    'Larger bodies fail and small ones pass',
    'A 413, 401/403 or other early answer appears in the server log for the same request',
  ],
  loweredBy: [
    'Bodyless requests (GET/HEAD) fail the same way',
    'The failure happened on reuse after idle, before any byte of the body went out',
  ],
  confirm: {
    probeArgs: ['--post-body', '10000000'],
    lookFor:
      'a reset or EPIPE while the probe is still writing the body, after the server has sent (or tried to send) a ' +
      'response; a small --post-body to the same URL succeeds.',
  },
  nextSteps: [
    "Check the server's body size limit (nginx client_max_body_size, framework upload limits) against the body you send.",
    'Look in the server log for the status it answered before closing (413, 401, 404, 500).',
    'Read the response as soon as it arrives, even mid-upload; send Expect: 100-continue for large bodies so the server can refuse before the upload.',
    'If the server is yours, drain or read the body before closing, or keep lingering close on.',
  ],
  fixes: {
    go: ['expect-header', 'timeouts'],
    php: ['expect-header', 'timeouts'],
    node: ['expect-header', 'timeouts'],
  },
  citations: [REF.tearDown, REF.tcpReset, REF.status413, REF.expect, REF.nginxLingering, REF.nginxBodySize, REF.send2],
};

export function weigh(f: Facts): Weight[] {
  const out: Weight[] = [
    ...byClass(f, 'reset', 1.2),
    ...byClass(f, 'broken_pipe', 1.2),
    ...byClass(f, 'eof_closed', 0.6),
  ];
  if (hasClass(f, 'reset', 'broken_pipe', 'eof_closed')) {
    // Every broken pipe is a failed write, so the hint only points at an unread upload when the
    // request is known to carry a body, or the connection was reset rather than closed.
    const upload = sendsBody(f) || (f.markers.tooLarge ?? 0) > 0 || (f.primary.reset ?? 0) > 0;
    out.push(...byHint(f, 'writing_body', upload ? 2.5 : 1, upload ? 'the server stopped reading the upload' : ''));
    out.push(...when(sendsBody(f), 0.5, `the request method (${[...f.methods].join(', ')}) sends a body`));
  }
  out.push(
    ...byMarker(f, 'tooLarge', 3),
    ...byMarker(f, 'expect', -1, 'the Expect: 100-continue exchange is the more specific explanation'),
    ...when(onlyBodyless(f), -1.5, 'only requests without a body failed'),
    ...byHint(f, 'connecting', -2),
    ...byHint(f, 'tls_handshake', -2),
    ...byHint(f, 'reused_connection', -0.5, 'a stale reused connection explains this just as well'),
  );
  const post = f.probe?.checks?.post;
  if (post) {
    const broke = post.outcome === 'reset' || post.outcome === 'eof';
    const status = post.status != null ? ` (status ${post.status})` : '';
    if (broke && post.earlyResponse) {
      out.push({ w: 4, why: `the probe's ${post.bodyBytes}-byte POST got an early response${status} and then ${post.outcome === 'reset' ? 'a reset' : 'a close'} after ${post.bytesWritten} bytes were written` });
    } else if (broke) {
      out.push({ w: 2, why: `the probe's ${post.bodyBytes}-byte POST ended in ${post.outcome === 'reset' ? 'a reset' : 'a close'} after ${post.bytesWritten} bytes were written` });
    } else if (post.outcome === 'ok') {
      out.push({ w: -1.5, why: `the probe's ${post.bodyBytes}-byte POST went through` });
    }
  }
  return out;
}

export const earlyCloseUnreadBody: CauseModule = { info, weigh };
