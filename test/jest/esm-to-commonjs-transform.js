'use strict';
// Jest runs Causa's tests as CommonJS. A few dependencies ship only ES modules
// (@kubernetes/client-node 1.x and the OpenID libraries it imports); this transform rewrites them
// to CommonJS with esbuild (about ten times faster than TypeScript's transpiler on the ~20 MB of
// the Kubernetes client, which matters on a cold Jest cache), so the tests load the real library.
// Production code loads it with a native import() instead (src/telemetry/kubernetes/client-node-loader.ts).
const crypto = require('node:crypto');
const esbuild = require('esbuild');

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = esbuild.transformSync(sourceText, { format: 'cjs', target: 'node20', loader: 'js', sourcefile: sourcePath, sourcemap: 'external' });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath) {
    return crypto.createHash('sha256').update(esbuild.version).update('\0').update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};
