/**
 * The entry point VS Code's extension host loads with `--extensionTestsPath` (test-electron) or
 * the `extensionTestsPath` payload (code-server): runs the mocha suite and rejects on failures.
 */
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // The timeout turns a hang into a failure; nothing here is timed.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} editor test(s) failed.`)) : resolve()));
  });
}
