import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { retrySafety } from '../../../src/core/causes';

describe('retrySafety', () => {
  for (const m of ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']) {
    it(`${m} is safe to retry, citing RFC 9110 §9.2.2`, () => {
      const v = retrySafety(m);
      assert.equal(v.verdict, 'safe');
      assert.match(v.reason, /RFC 9110 §9\.2\.2/);
      assert.match(v.reason, new RegExp(`^${m} `));
    });
  }

  for (const m of ['POST', 'PATCH', 'CONNECT']) {
    it(`${m} is unsafe without an idempotency key`, () => {
      const v = retrySafety(m);
      assert.equal(v.verdict, 'unsafe');
      assert.match(v.reason, /not idempotent/);
      assert.match(v.reason, /RFC 9110 §9\.2\.2/);
      assert.match(v.reason, /RFC 9112 §9\.3\.1/);
    });

    it(`${m} is safe with an idempotency key`, () => {
      const v = retrySafety(m, { idempotencyKey: true });
      assert.equal(v.verdict, 'safe');
      assert.match(v.reason, /idempotency key/);
    });
  }

  it('accepts methods in any case and with surrounding space', () => {
    assert.equal(retrySafety(' post ').verdict, 'unsafe');
    assert.equal(retrySafety('get').verdict, 'safe');
  });

  it('is unknown without a method, or for a method RFC 9110 does not define', () => {
    assert.equal(retrySafety(null).verdict, 'unknown');
    assert.equal(retrySafety('').verdict, 'unknown');
    const v = retrySafety('PROPPATCH');
    assert.equal(v.verdict, 'unknown');
    assert.match(v.reason, /PROPPATCH/);
  });

  it('an idempotency key does not make GET any less safe', () => {
    assert.equal(retrySafety('GET', { idempotencyKey: true }).verdict, 'safe');
  });
});
