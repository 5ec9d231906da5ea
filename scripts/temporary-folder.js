'use strict';
/** Shared by the benchmark scripts: temporary folders that do not outlive the process. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const folders = new Set();
let hooked = false;

function removeAll() {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

/** Removes the folders on exit, and on Ctrl-C / kill, then lets the signal end the process as usual. */
function hook() {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      removeAll();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * A new folder under the system's temporary folder (`<prefix>XXXXXX`), removed with everything in
 * it when the process exits, whether it finishes, fails or is interrupted.
 */
function temporaryFolder(prefix) {
  hook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

module.exports = { temporaryFolder };
