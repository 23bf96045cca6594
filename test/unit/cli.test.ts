import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { Readable } from 'node:stream';

export function captureIo(stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => { io.out += s; },
    stderr: (s: string) => { io.err += s; },
    stdin: () => Readable.from([stdin]),
  };
  return io;
}

describe('cli dispatcher', () => {
  it('prints usage and exits 2 without a command', async () => {
    const io = captureIo();
    assert.equal(await main([], io), 2);
    assert.match(io.err, /usage: connection-doctor/);
  });

  it('exits 2 with a clear message on an unknown command', async () => {
    const io = captureIo();
    assert.equal(await main(['frobnicate'], io), 2);
    assert.match(io.err, /unknown command 'frobnicate'/);
  });

  it('does not treat prototype keys as commands', async () => {
    const io = captureIo();
    assert.equal(await main(['constructor'], io), 2);
    assert.match(io.err, /unknown command/);
  });

  it('--help prints usage on stdout and exits 0', async () => {
    const io = captureIo();
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.out, /scan \[--json\] FILE/);
  });
});
