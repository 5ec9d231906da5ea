import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const MANIFEST = path.join(ROOT, 'manifests/teams/manifest.json');
const APP_ID = '1b2c3d4e-0000-4000-8000-000000000001';

describe('Teams app manifest and package', () => {
  it('declares the bot in team, group chat and personal scopes, with the RSC permissions to read channel and chat messages', async () => {
    const manifest = JSON.parse(await fs.readFile(MANIFEST, 'utf8'));
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.17);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(manifest.bots[0].scopes).toEqual(expect.arrayContaining(['team', 'groupChat', 'personal']));
    // The RCA report is sent as a file (consent card in a 1:1 chat): Teams needs supportsFiles.
    expect(manifest.bots[0].supportsFiles).toBe(true);
    expect(manifest.authorization.permissions.resourceSpecific.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['ChannelMessage.Read.Group', 'ChatMessage.Read.Chat']));
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
  });

  it.each([
    ['color.png', 192],
    ['outline.png', 32],
  ])('%s is a %ipx PNG', async (name, size) => {
    const data = await fs.readFile(path.join(ROOT, 'manifests/teams', name));
    expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([data.readUInt32BE(16), data.readUInt32BE(20)]).toEqual([size, size]);
  });

  it.each([['zip binary', '0'], ['built-in zip writer', '1']])('npm run teams:package zips the manifest with the app id and the icons (%s)', async (_label, noZip) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-teams-package-test-'));
    try {
      const out = path.join(dir, 'causa.zip');
      execFileSync('node', [path.join(ROOT, 'scripts/teams-package.js'), '--out', out], { env: { ...process.env, MICROSOFT_APP_ID: APP_ID, CAUSA_PACKAGE_NO_ZIP: noZip } });
      const listing = execFileSync('unzip', ['-l', out]).toString();
      for (const name of ['manifest.json', 'color.png', 'outline.png']) expect(listing).toContain(name);
      const manifest = JSON.parse(execFileSync('unzip', ['-p', out, 'manifest.json']).toString());
      expect(manifest.id).toBe(APP_ID);
      expect(manifest.bots[0].botId).toBe(APP_ID);
      expect(manifest.webApplicationInfo.id).toBe(APP_ID);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to package without a valid app id', () => {
    expect(() => execFileSync('node', [path.join(ROOT, 'scripts/teams-package.js')], { env: { ...process.env, MICROSOFT_APP_ID: 'not-a-guid' }, stdio: 'pipe' })).toThrow(/MICROSOFT_APP_ID/);
  });
});
