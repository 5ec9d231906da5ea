'use strict';
/**
 * `node -r test/support/typescript-require-hook.js …` lets a child process require the TypeScript
 * sources directly. For tests that need an environment a jest worker cannot have, such as another
 * time zone (jest gives each test file its own copy of process.env, so setting TZ there is lost).
 */
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
