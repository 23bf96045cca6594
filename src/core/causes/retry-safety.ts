/**
 * Whether a failed request may be sent again automatically. The rule is RFC 9110 §9.2.2 (which
 * methods are idempotent) as applied by RFC 9112 §9.3.1 (a client must not retry a non-idempotent
 * request on its own unless it knows the repeat is harmless).
 */
import type { RetryVerdict } from '../types';

/** Methods whose repeat has the same intended effect as one request (RFC 9110 §9.2.2). */
const IDEMPOTENT: Record<string, string> = {
  GET: 'GET is safe (read-only) and therefore idempotent',
  HEAD: 'HEAD is safe (read-only) and therefore idempotent',
  OPTIONS: 'OPTIONS is safe (read-only) and therefore idempotent',
  TRACE: 'TRACE is safe (read-only) and therefore idempotent',
  PUT: 'PUT is idempotent: it sets the target to the enclosed state, so sending it twice leaves the same state',
  DELETE: 'DELETE is idempotent: deleting twice leaves the resource just as deleted',
};

const NOT_IDEMPOTENT: Record<string, string> = {
  POST: 'POST is not idempotent: the server may have processed the first attempt (created an order, charged a card) before the connection broke, and a repeat would do it again',
  PATCH: 'PATCH is not idempotent in general: a patch such as "append" or "increment" applied twice differs from applying it once',
  CONNECT: 'CONNECT is not idempotent: it opens a tunnel whose traffic may already have had effects',
};

/**
 * Whether retrying the failed request automatically is safe (RFC 9110 §9.2.2).
 * `idempotencyKey`: the request carries an Idempotency-Key (or equivalent) header the server
 * honours, so it can recognise and discard a repeat.
 */
export function retrySafety(method: string | null, context: { idempotencyKey?: boolean } = {}): RetryVerdict {
  const m = method?.trim().toUpperCase() ?? '';
  if (m === '') {
    return {
      verdict: 'unknown',
      reason:
        'The request method is not known. Retry automatically only if it is GET, HEAD, OPTIONS, TRACE, PUT or DELETE ' +
        '(idempotent per RFC 9110 §9.2.2), or if it carries an idempotency key' +
        (context.idempotencyKey ? ' (an idempotency key was seen, but not which request it belongs to).' : '.'),
    };
  }
  const safe = IDEMPOTENT[m];
  if (safe !== undefined) {
    return {
      verdict: 'safe',
      reason:
        `${safe} (RFC 9110 §9.2.2), so it may be retried after a broken connection (RFC 9112 §9.3.1). ` +
        'This assumes the server implements the method as specified.',
    };
  }
  const unsafe = NOT_IDEMPOTENT[m];
  if (unsafe !== undefined) {
    if (context.idempotencyKey) {
      return {
        verdict: 'safe',
        reason:
          `${m} is not idempotent by itself (RFC 9110 §9.2.2), but the request carries an idempotency key, so a server ` +
          'that honours the key recognises the repeat and does not apply it twice. Reuse the same key on the retry.',
      };
    }
    return {
      verdict: 'unsafe',
      reason:
        `${unsafe} (RFC 9110 §9.2.2). RFC 9112 §9.3.1 forbids retrying it automatically. Retry only with an ` +
        'idempotency key the server honours, or after checking whether the first attempt took effect. ' +
        'Note that libcurl (and so PHP) silently re-sends requests on a reused connection that died, POSTs included.',
    };
  }
  return {
    verdict: 'unknown',
    reason:
      `${m} is not one of the methods RFC 9110 defines, so its idempotency is unknown (RFC 9110 §9.2.2). Treat it as ` +
      'not idempotent unless its specification says otherwise' +
      (context.idempotencyKey ? '; the idempotency key helps only if the server honours it for this method.' : ', or the request carries an idempotency key.'),
  };
}
