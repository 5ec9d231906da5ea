import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../src/config/config-schema';

describe('causa.example.yaml', () => {
  it('holds a valid llm reasoner example once its lines are turned on', async () => {
    const text = await fs.readFile(path.join(__dirname, '../../causa.example.yaml'), 'utf8');
    const section = /^reasoner:\n((?: {2}.*\n)+)/m.exec(text);
    expect(section).not.toBeNull();
    const lines = section![1].split('\n').filter((line) => line.startsWith('  # ')).map((line) => `  ${line.slice(4)}`);
    const config = ConfigSchema.parse(parse(`reasoner:\n${lines.join('\n')}\n`));
    expect(config.reasoner).toMatchObject({ type: 'llm', model: 'llama3.1:8b', azure: { deployment: 'gpt-4o-mini', apiVersion: '2024-10-21' }, maxRetries: 3, threadAssistant: true });
  });
});
