import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { REDACTED, redactHeaders, redactText, redactUrl } from '../../src/core/redact';

const SECRET = 'S3cr3tPl4nted';

describe('redaction', () => {
  it('removes userinfo and secret query values from URLs, keeps the rest', () => {
    const out = redactUrl(`https://bob:${SECRET}@api.example.test:8443/v1/items?id=7&access_token=${SECRET}&page=2`);
    assert.ok(!out.includes(SECRET), out);
    assert.ok(!out.includes('bob'), out);
    assert.match(out, /api\.example\.test:8443\/v1\/items\?id=7&access_token=.*&page=2/);
  });

  it('redacts credential headers and keeps ordinary ones', () => {
    const out = redactHeaders({ Authorization: `Bearer ${SECRET}`, cookie: `sid=${SECRET}`, 'X-Api-Key': SECRET, 'content-type': 'text/plain' });
    assert.equal(out.Authorization, REDACTED);
    assert.equal(out.cookie, REDACTED);
    assert.equal(out['X-Api-Key'], REDACTED);
    assert.equal(out['content-type'], 'text/plain');
  });

  it('redacts secrets inside free text', () => {
    const lines = [
      `Post "https://user:${SECRET}@10.0.0.5/x": read: connection reset by peer`,
      `> Authorization: Basic ${SECRET}`,
      `GET /data?sig=${SECRET}&x=1 failed: ECONNRESET`,
      `error: token rejected (bearer ${SECRET}abc)`,
      `curl -H 'Cookie: session=${SECRET}' http://127.0.0.1/`,
    ];
    for (const l of lines) {
      const out = redactText(l);
      assert.ok(!out.includes(SECRET), `${l} -> ${out}`);
      assert.ok(out.includes(REDACTED), out);
    }
  });

  it('leaves text without secrets unchanged', () => {
    const l = 'read tcp 127.0.0.1:5555->127.0.0.1:8080: read: connection reset by peer';
    assert.equal(redactText(l), l);
    assert.equal(redactText('Connection: keep-alive'), 'Connection: keep-alive');
  });
});
