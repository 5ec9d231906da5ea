'use strict';
/** Shared by the benchmark scripts: runs `run` and exits with its code, or 1 with the error printed. */
function runScript(run) {
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

module.exports = { runScript };
