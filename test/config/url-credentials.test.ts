import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { splitUrlCredentials } from '../../src/config/url-credentials';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('credentials in URLs', () => {
  it('become the basic-auth header of the source, and leave the URL', () => {
    const config = loadConfig({ env: { CAUSA_PROMETHEUS_URL: 'http://admin:pa%40ss@prometheus:9090/' }, cwd: '/' });
    expect(config.telemetry.sources).toEqual([expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090/', headers: { authorization: basic('admin:pa@ss') } })]);
  });

  it('yield to an authorization header written explicitly', () => {
    expect(splitUrlCredentials('https://u:p@loki.example/').url).toBe('https://loki.example/');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'causa-url-credentials-'));
    try {
      const file = path.join(dir, 'causa.yaml');
      writeFileSync(file, 'telemetry:\n  sources:\n    - type: loki\n      url: http://u:p@loki:3100\n      headers: { Authorization: Bearer abc }\n');
      const config = loadConfig({ env: {}, file, cwd: dir });
      expect(config.telemetry.sources[0]).toMatchObject({ url: 'http://loki:3100/', headers: { Authorization: 'Bearer abc' } });
      expect(config.telemetry.sources[0]).not.toHaveProperty('headers.authorization');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('move into the model client headers for the LLM base URL', () => {
    const config = loadConfig({ env: { CAUSA_LLM_BASE_URL: 'http://proxy:hunter22@llm.internal:8000/v1' }, cwd: '/' });
    expect(config.reasoner).toMatchObject({ type: 'llm', baseUrl: 'http://llm.internal:8000/v1', headers: { authorization: basic('proxy:hunter22') } });
  });
});
