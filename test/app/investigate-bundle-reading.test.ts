import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { investigateBundle } from '../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema } from '../../src/core/investigation/budget-schema';
import { OfflineReasoner } from '../../src/reasoning/offline/offline-reasoner';
import { BundleLimitsSchema } from '../../src/telemetry/bundle';
import { removeBundles, WINDOW, writeBundle } from '../telemetry/bundle/bundle-fixture';

afterAll(removeBundles);

const METRICS = `timestamp,service,instance,metric,value\n${Array.from({ length: 60 }, (_, i) => `${1709287200 + i * 10},carts,,cpu_usage_percent,${i % 7}`).join('\n')}\n`;

/** A bundle whose logs take a good while to index: `lines` lines of varied messages. */
function bundleWithLogs(lines: number): string {
  const dir = writeBundle({ metrics: METRICS, logs: [] });
  const start = Date.parse(WINDOW.start);
  const batch = (from: number) =>
    Array.from({ length: 10_000 }, (_, i) => {
      const n = from + i;
      const ts = new Date(start + (n % 600_000)).toISOString();
      return `${JSON.stringify({ ts, service: `svc-${n % 40}`, level: 'INFO', message: `order ${n} user u${n * 7} took ${n % 900} ms at 10.0.${n % 255}.1` })}\n`;
    }).join('');
  for (let from = 0; from < lines; from += 10_000) appendFileSync(join(dir, 'logs.jsonl'), batch(from));
  return dir;
}

describe('investigateBundle: reading the bundle is part of the investigation', () => {
  it('counts the reading in the time used, and reports a bundle not read by the deadline', async () => {
    const dir = bundleWithLogs(200_000);
    const started = Date.now();
    const { report } = await investigateBundle({
      dir,
      reasoner: new OfflineReasoner(),
      budget: BudgetSchema.parse({ deadlineMs: 100 }),
      thresholds: ThresholdsSchema.parse({}),
    });
    const wall = Date.now() - started;
    // Before, the report said a few milliseconds had been used after seconds of indexing.
    expect(report.budget.used.elapsedMs).toBeGreaterThanOrEqual(100);
    expect(report.budget.used.elapsedMs).toBeGreaterThanOrEqual(wall * 0.8);
    expect(report.budget.stopReason).toBe('budget exhausted: deadline of 100 ms reached');
    expect(report.abstained).toBe(true);
    // Which file the deadline catches depends on the machine's speed; that one is named.
    expect(report.dataGaps.join('\n')).toMatch(/(logs\.jsonl|metrics\.csv): not read in time: the investigation reached its deadline/);
  });

  it('lists the lines it skipped as data gaps of the report', async () => {
    const dir = writeBundle({
      metrics: METRICS,
      logs: [
        { ts: '2024-03-01T10:00:00Z', service: 'carts', level: 'INFO', message: 'ok' },
        { ts: '2024-03-01T10:00:01Z', service: 'carts', level: 'INFO', message: 'x'.repeat(4000) },
      ],
    });
    const { report } = await investigateBundle({
      dir,
      reasoner: new OfflineReasoner(),
      budget: BudgetSchema.parse({}),
      thresholds: ThresholdsSchema.parse({}),
      limits: BundleLimitsSchema.parse({ maxLineBytes: '2KiB' }),
    });
    expect(report.dataGaps).toContainEqual(expect.stringMatching(/^logs\.jsonl: 1 line longer than 2 KiB skipped \(line 2: \d+ bytes\)/));
  });
});
