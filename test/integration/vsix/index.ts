import * as path from 'node:path';
import Mocha from 'mocha';

/** Runs the smoke suite against the extension installed from the VSIX. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'smoke.test.js'));
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run((failures) => {
      console.log(`vsix-smoke: ${passed} passed, ${failed} failed`);
      if (failures > 0 || passed === 0) reject(new Error(`${failures} smoke tests failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}
