import { promises as fs } from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '../../../src');
const TEAMS = path.join(SRC, 'surfaces/teams');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : Promise.resolve(entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []))));
  return nested.flat();
}

describe('the Bot Framework SDK boundary', () => {
  it('keeps every botbuilder, botframework and MSAL import inside src/surfaces/teams (its successor SDK may replace it)', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      if (file.startsWith(TEAMS + path.sep)) continue;
      const text = await fs.readFile(file, 'utf8');
      if (/from '(botbuilder[^']*|botframework-[^']*|@azure\/msal-node)'|require\('(botbuilder|botframework-)/.test(text)) offenders.push(path.relative(SRC, file));
    }
    expect(offenders).toEqual([]);
  });
});
