import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { globBase, globToRegExp } from '../../../src/core/editor/glob';

describe('globToRegExp', () => {
  const cases: [string, string, boolean][] = [
    ['/var/log/*.log', '/var/log/app.log', true],
    ['/var/log/*.log', '/var/log/app.log.1', false],
    ['/var/log/*.log', '/var/log/sub/app.log', false],
    ['/var/log/**/*.log', '/var/log/app.log', true],
    ['/var/log/**/*.log', '/var/log/a/b/app.log', true],
    ['/srv/app.log.[0-9]', '/srv/app.log.3', true],
    ['/srv/app.log.[!0-9]', '/srv/app.log.3', false],
    ['/srv/{api,web}/*.log', '/srv/web/x.log', true],
    ['/srv/{api,web}/*.log', '/srv/db/x.log', false],
    ['/srv/a?.log', '/srv/ab.log', true],
    ['/srv/a.log', '/srv/aXlog', false],
    ['/srv/(x)+.log', '/srv/(x)+.log', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globToRegExp(glob).test(path), expected);
    });
  }
});

describe('globBase', () => {
  it('is the literal directory before the first wildcard', () => {
    assert.deepEqual(globBase('/var/log/app/*.log'), { base: '/var/log/app', rest: '*.log' });
    assert.deepEqual(globBase('/var/**/x/*.log'), { base: '/var', rest: '**/x/*.log' });
    assert.deepEqual(globBase('/*.log'), { base: '/', rest: '*.log' });
  });
});
