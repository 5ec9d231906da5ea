#!/usr/bin/env node
'use strict';
// npm run teams:package: the Teams app package (manifest.json + icons) with the bot's app id,
// ready to upload in the Teams admin centre or to sideload. Usage:
//   MICROSOFT_APP_ID=<app id> npm run teams:package [-- --out FILE]
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const { zip } = require('./png-writer');

const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dir = path.join(__dirname, '..', 'manifests', 'teams');

function main() {
  const appId = (process.env.MICROSOFT_APP_ID || '').trim();
  if (!GUID.test(appId)) {
    process.stderr.write('MICROSOFT_APP_ID is missing or not a GUID: set it to the Azure Bot\'s Microsoft app id, e.g. MICROSOFT_APP_ID=1b2c… npm run teams:package\n');
    return 2;
  }
  const outIndex = process.argv.indexOf('--out');
  const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join('dist', 'teams', 'causa-teams.zip'));
  const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8').split(PLACEHOLDER).join(appId.toLowerCase());
  JSON.parse(manifest); // a broken manifest stops here, not in the admin centre
  const files = [
    { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
    { name: 'color.png', data: fs.readFileSync(path.join(dir, 'color.png')) },
    { name: 'outline.png', data: fs.readFileSync(path.join(dir, 'outline.png')) },
  ];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  if (hasZip()) {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'causa-teams-package-'));
    try {
      for (const file of files) fs.writeFileSync(path.join(staging, file.name), file.data);
      execFileSync('zip', ['-q', '-X', '-j', out, ...files.map((file) => path.join(staging, file.name))]);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } else {
    fs.writeFileSync(out, zip(files));
  }
  process.stdout.write(`${out}: manifest.json, color.png, outline.png for bot ${appId}\n`);
  return 0;
}

function hasZip() {
  if (process.env.CAUSA_PACKAGE_NO_ZIP === '1') return false;
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

process.exitCode = main();
