import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { removeBundles, writeBundle } from './bundle-fixture';

afterAll(removeBundles);

const HOOK = join(__dirname, '..', '..', 'support', 'typescript-require-hook.js');
const LOADER = join(__dirname, '..', '..', '..', 'src', 'telemetry', 'bundle', 'bundle-loader.ts');

/** Runs `script` (which may `await` and must print one JSON line) in a child process on another clock. */
function runInTimeZone(timeZone: string, script: string): Record<string, number> {
  const code = `(async () => { const { loadBundle } = require(${JSON.stringify(LOADER)}); ${script} })().catch((e) => { console.error(e); process.exit(1); });`;
  const child = spawnSync(process.execPath, ['-r', HOOK, '-e', code], { encoding: 'utf8', env: { ...process.env, TZ: timeZone } });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as Record<string, number>;
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
});
