import { REF } from './citations';
import { byClass, byHint, byMarker, type CauseInfo, type CauseModule, type Weight } from './model';
import type { Facts } from './facts';

export const info: CauseInfo = {
  id: 'broken-pipe-peer-closed',
  title: 'Broken pipe: the client wrote to a connection the peer had already closed',
  classes: ['broken_pipe'],
  summary: [
    'The write failed because the other side closed the connection first (EPIPE).',
    'Find out why the peer closed: idle timeout, early response, crash; then handle it on that side.',
  ],
  mechanism:
    "A broken pipe is the writer's view of a connection the other side has already abandoned. The peer closed or " +
    'reset the connection; the first write after that may still be accepted by the local kernel, but once the reset ' +
    'has come back, the next write fails with EPIPE ("broken pipe"), or on Windows with an aborted-connection error. ' +
    'So the error names the moment the client noticed, not the reason. The usual reasons are the ones behind resets: ' +
    'a pooled connection the server closed while idle, a server that answered early and stopped reading an upload, ' +
    'or a peer that crashed or hit its own timeout on a slow transfer.',
  raisedBy: ['EPIPE / "broken pipe" / "write: connection reset" while sending', 'Long or slow uploads, or writes after an idle period'],
  loweredBy: ['The error happened while reading a response, not writing'],
  confirm: {
    probeArgs: ['--idle', '--reuse', '5', '--post-body', '1000000'],
    lookFor:
      'reuse failures after idling (a stale connection) or a post check with earlyResponse true (the server answered and closed mid-upload).',
  },
  nextSteps: [
    'Check whether the failing write went out on a reused connection after a pause (keep-alive race).',
    'For uploads, check the server log for an early response (413, 401) and its body size limits.',
    "Check the peer's own write/read timeouts for slow transfers.",
  ],
  fixes: {
    go: ['keepalive-idle', 'retry-idempotent', 'expect-header'],
    php: ['keepalive-idle', 'retry-idempotent', 'expect-header'],
    node: ['keepalive-idle', 'retry-idempotent', 'expect-header'],
  },
  citations: [REF.send2, REF.nodeErrors, REF.tcpReset, REF.tearDown, REF.winsockErrors],
};

export function weigh(f: Facts): Weight[] {
  return [
    ...byClass(f, 'broken_pipe', 3.5),
    ...byHint(f, 'writing_body', 0.5),
    ...byMarker(f, 'goIdleClosed', -1, 'the more specific keep-alive race explains it'),
  ];
}

export const brokenPipePeerClosed: CauseModule = { info, weigh };
