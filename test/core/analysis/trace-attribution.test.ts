import type { SpanRecord } from '../../../src/core/telemetry/query-results';
import {
  compareSelfTime,
  errorAttribution,
  selfTimes,
  serviceSelfTime,
  startMs,
} from '../../../src/core/analysis/trace-attribution';

const at = (ms: number) => new Date(Date.UTC(2023, 0, 29, 8, 48, 0) + ms).toISOString();

function span(
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  service: string,
  startOffsetMs: number,
  durationMs: number,
  error?: boolean,
): SpanRecord {
  return { traceId, spanId, parentSpanId, service, operation: 'op', start: at(startOffsetMs), durationMs, error };
}

/**
 * gateway 0–100 ms calls order 10–60 and (in parallel) price 40–80; order calls db 20–50.
 * gateway covered by [10, 80] → self 30; order covered by [20, 50] → self 20; price 40; db 30.
 */
const trace = [
  span('t1', 'g', null, 'gateway', 0, 100),
  span('t1', 'o', 'g', 'order', 10, 50),
  span('t1', 'p', 'g', 'price', 40, 40),
  span('t1', 'd', 'o', 'db', 20, 30),
];

describe('selfTimes', () => {
  it('subtracts the union of the direct children, not their sum', () => {
    const self = selfTimes(trace);
    expect(self.get('g')).toBeCloseTo(30);
    expect(self.get('o')).toBeCloseTo(20);
    expect(self.get('p')).toBeCloseTo(40);
    expect(self.get('d')).toBeCloseTo(30);
  });

  it('clips children running past the parent and never goes negative', () => {
    const self = selfTimes([span('t', 'a', null, 'a', 0, 10), span('t', 'b', 'a', 'b', 5, 100)]);
    expect(self.get('a')).toBeCloseTo(5);
    expect(self.get('b')).toBeCloseTo(100);
    const skewed = selfTimes([span('t', 'a', null, 'a', 0, 10), span('t', 'b', 'a', 'b', 50, 9)]);
    // A child shifted outside its parent by clock skew still covers its own duration.
    expect(skewed.get('a')).toBeCloseTo(1);
  });

  it('falls back to the clipped sum of child durations without parseable starts', () => {
    const spans = [
      { ...span('t', 'a', null, 'a', 0, 10), start: 'not a time' },
      span('t', 'b', 'a', 'b', 0, 4),
      span('t', 'c', 'a', 'c', 0, 3),
    ];
    expect(selfTimes(spans).get('a')).toBeCloseTo(3);
  });

  it('keeps sub-millisecond precision of nanosecond start times', () => {
    expect(startMs('2023-01-29T08:48:22.166618843Z') - startMs('2023-01-29T08:48:22.166Z')).toBeCloseTo(0.618843, 3);
  });
});

describe('serviceSelfTime', () => {
  it('aggregates self time per service', () => {
    const stats = serviceSelfTime([...trace, span('t2', 'g2', null, 'gateway', 0, 50)]);
    expect(stats.get('gateway')).toEqual({ count: 2, totalSelfMs: expect.closeTo(80, 6), meanSelfMs: expect.closeTo(40, 6) });
    expect(stats.get('db')?.count).toBe(1);
  });
});

describe('errorAttribution', () => {
  it('blames the deepest errored span of each trace', () => {
    const spans = [
      span('t1', 'g', null, 'gateway', 0, 100, true),
      span('t1', 'o', 'g', 'order', 10, 50, true),
      span('t1', 'd', 'o', 'db', 20, 30, true),
      span('t2', 'g', null, 'gateway', 0, 100, true),
      span('t2', 'o', 'g', 'order', 10, 50, true),
      span('t2', 'd', 'o', 'db', 20, 30),
      span('t3', 'g', null, 'gateway', 0, 100),
    ];
    expect(errorAttribution(spans)).toEqual(new Map([['db', 1], ['order', 1]]));
  });
});

describe('compareSelfTime', () => {
  it('puts the service whose own time grew first, not its callers', () => {
    const build = (traceCount: number, dbMs: number) =>
      Array.from({ length: traceCount }, (_, i) => {
        const jitter = (i % 5) * 0.5;
        const t = `t${i}`;
        return [
          span(t, `${t}g`, null, 'gateway', 0, 10 + dbMs + 5 + jitter),
          span(t, `${t}o`, `${t}g`, 'order', 5, dbMs + 5 + jitter),
          span(t, `${t}d`, `${t}o`, 'db', 7, dbMs + jitter),
        ];
      }).flat();
    const rows = compareSelfTime(build(20, 10), build(20, 200));
    expect(rows[0].service).toBe('db');
    expect(rows[0].ratio).toBeGreaterThan(10);
    expect(rows[0].score).toBeGreaterThan(10);
    for (const row of rows.slice(1)) expect(Math.abs(row.score)).toBeLessThan(3);
  });

  it('does not flag an unchanged heavy-tailed distribution (mostly fast, sometimes slow)', () => {
    const sample = (prefix: string, phase: number) =>
      Array.from({ length: 400 }, (_, i) =>
        span(`${prefix}${i}`, `${prefix}${i}`, null, 'auth', 0, (i + phase) % 10 === 0 ? 50 + (i % 7) : 0.1 + (i % 3) * 0.05),
      );
    const [row] = compareSelfTime(sample('b', 0), sample('c', 3));
    expect(row.service).toBe('auth');
    expect(Math.abs(row.score)).toBeLessThan(3);
  });

  it('reports services missing from the baseline with NaN and a zero score', () => {
    const rows = compareSelfTime([], [span('t', 'a', null, 'new-service', 0, 10)]);
    expect(rows).toEqual([
      { service: 'new-service', baselineMeanSelfMs: NaN, currentMeanSelfMs: 10, ratio: NaN, score: 0 },
    ]);
  });
});
