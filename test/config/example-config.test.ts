import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../src/config/config-schema';
import { TELEMETRY_SOURCE_TYPES } from '../../src/config/telemetry-sources-schema';

describe('causa.example.yaml', () => {
  it('is a valid configuration as shipped and with every commented source example turned on', async () => {
    const text = await fs.readFile(path.join(__dirname, '../../causa.example.yaml'), 'utf8');
    expect(() => ConfigSchema.parse(parse(text))).not.toThrow();
    const uncommented = text.replace(/^ {4}# (- | {2})/gm, '    $1');
    const config = ConfigSchema.parse(parse(uncommented));
    const types = config.telemetry.sources.map((s) => s.type);
    expect(types).toEqual(['bundle', 'prometheus', 'loki', 'tempo', 'jaeger', 'deploys', 'kubernetes']);
    expect(TELEMETRY_SOURCE_TYPES.filter((t) => !types.includes(t))).toEqual(['datadog']);
  });
});
