import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { removeBundles, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const HOOK = join(__dirname, '..', '..', 'support', 'typescript-require-hook.js');
const LOADER = join(__dirname, '..', '..', '..', 'src', 'telemetry', 'bundle', 'bundle-loader.ts');
const SOURCE = join(__dirname, '..', '..', '..', 'src', 'telemetry', 'bundle', 'bundle-source.ts');

/** Runs `script` (which may `await` and must print one JSON line) in a child process on another clock. */
function runInTimeZone(timeZone: string, script: string): Record<string, unknown> {
  const code =
    `(async () => { const { loadBundle } = require(${JSON.stringify(LOADER)}); const { BundleSource } = require(${JSON.stringify(SOURCE)}); ` +
    `${script} })().catch((e) => { console.error(e); process.exit(1); });`;
  const child = spawnSync(process.execPath, ['-r', HOOK, '-e', code], { encoding: 'utf8', env: { ...process.env, TZ: timeZone } });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as Record<string, unknown>;
}

describe('bundle timestamps without a time zone', () => {
  it('are read as UTC on a host in New York', () => {
    const at = '2024-03-01T10:00:00';
    const dir = writeBundle({
      logs: [{ ts: `${at}.250`, service: 'carts', level: 'INFO', message: 'ok' }],
      spans: [{ traceId: 't', spanId: 's', parentSpanId: null, service: 'carts', operation: 'GET', start: `${at}.5`, durationMs: 3 }],
      events: [{ ts: at, service: 'carts', message: 'deployed' }],
    });
    const seen = runInTimeZone(
      'America/New_York',
      `const bundle = await loadBundle(${JSON.stringify(dir)});
       const [logs, spans, events] = [await bundle.logs(), await bundle.spans(), await bundle.events()];
       console.log(JSON.stringify({ offset: new Date(2024, 2, 1).getTimezoneOffset(), logs: logs.minMs, spans: spans.minMs, events: events.minMs }));`,
    );
    const utc = Date.UTC(2024, 2, 1, 10, 0, 0);
    expect(seen).toEqual({ offset: 300, logs: utc + 250, spans: utc + 500, events: utc });
  });

  it('come back from searches rewritten in UTC, so whoever reads them later agrees', () => {
    const dir = writeBundle({
      logs: [{ ts: '2024-03-01 10:00:00.250', service: 'carts', level: 'INFO', message: 'ok' }],
      events: [{ ts: '2024-03-01T11:00:00+01:00', service: 'carts', message: 'deployed' }],
    });
    const seen = runInTimeZone(
      'America/New_York',
      `const source = new BundleSource({ dir: ${JSON.stringify(dir)} });
       const range = { start: '2024-03-01T09:00:00Z', end: '2024-03-01T11:00:00Z' };
       const logs = await source.run({ name: 'log_search', params: { range, limit: 5 } });
       const events = await source.run({ name: 'event_search', params: { range, limit: 5 } });
       const [line, event] = [logs.data.lines[0].ts, events.data.events[0].ts];
       console.log(JSON.stringify({ line, event, eventMs: Date.parse(event) }));`,
    );
    expect(seen).toEqual({ line: '2024-03-01T10:00:00.250Z', event: '2024-03-01T10:00:00Z', eventMs: Date.UTC(2024, 2, 1, 10) });
  });
});
