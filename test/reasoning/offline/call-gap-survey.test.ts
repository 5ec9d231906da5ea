import type { CallEdgeStats } from '../../../src/core/telemetry/query-results';
import { surveyCallGaps } from '../../../src/reasoning/offline/call-gap-survey';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };
const BASELINE = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:08:00.000Z' };
const FIRED = '2024-01-01T10:24:00.000Z';

type Minute = { at: string; gap: number; count: number };

/** An edge answered from per-minute calls: only the minutes inside the queried range count. */
function edgeOver(minutes: Minute[], range: { start: string; end: string }, caller = 'storefront', callee = 'pricing'): CallEdgeStats | undefined {
  const inside = minutes.filter((m) => Date.parse(m.at) >= Date.parse(range.start) && Date.parse(m.at) <= Date.parse(range.end));
  if (inside.length === 0) return undefined;
  const gaps = inside.flatMap((m) => Array.from({ length: m.count }, () => m.gap)).sort((a, b) => a - b);
  const count = gaps.length;
  const p50 = gaps[Math.floor(count / 2)];
  return {
    caller, callee, count, meanClientMs: 5 + p50, meanServerMs: 5, meanGapMs: p50, p50GapMs: p50, p90GapMs: p50,
    buckets: inside.map((m) => ({ start: m.at, count: m.count, p50GapMs: m.gap, meanServerMs: 5 })),
  };
}

function contextWith(minutes: Minute[]) {
  return fakeContext({
    window: WINDOW,
    baseline: BASELINE,
    firedAt: FIRED,
    symptom: { service: 'storefront', signal: 'latency' },
    catalog: { hasSpans: true },
    answer: (query) => {
      if (query.name !== 'call_stats') return undefined;
      const edge = edgeOver(minutes, query.params.range);
      return { kind: 'call_stats', edges: edge ? [edge] : [] };
    },
  });
}

const minute = (hhmm: string, gap: number, count = 12): Minute => ({ at: `2024-01-01T${hhmm}:00.000Z`, gap, count });

describe('surveyCallGaps', () => {
  it('finds a delay that covers only the last traced minutes of the incident, against the minutes before (no traced baseline)', async () => {
    // Traces from 10:13 to 10:21 only; the delay starts at 10:21. Over the whole incident (from
    // 10:20) the median gap is still normal: 12 normal calls, 8 delayed ones.
    const minutes = [...['10:13', '10:14', '10:15', '10:16', '10:17', '10:18', '10:19', '10:20'].map((m) => minute(m, 0.8)), minute('10:21', 260, 8)];
    const { context } = contextWith(minutes);
    const [finding] = await surveyCallGaps(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(finding).toMatchObject({ service: 'pricing', peer: 'storefront', family: 'call-gap', onset: Date.parse('2024-01-01T10:21:00Z') / 1000 });
    expect(finding.strength).toBeGreaterThan(0.95);
    expect(finding.detail).toMatch(/260 ms .* in the minute from 2024-01-01T10:21:00.000Z .*at most 0.8 ms in any traced reference minute/);
  });

  it('does not call one noisy minute a delay', async () => {
    const minutes = [...['10:13', '10:14', '10:15', '10:16', '10:17', '10:18', '10:19'].map((m, i) => minute(m, 0.8 + (i % 3) * 0.3)), minute('10:20', 1.2), minute('10:21', 1.9, 4)];
    const { context } = contextWith(minutes);
    const findings = await surveyCallGaps(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(findings.every((f) => f.strength < 0.2)).toBe(true);
  });

  it('takes one delayed minute followed by undelayed ones before the alert for a blip, not a delayed link', async () => {
    // Three calls of 10:20 waited ~225 ms (a pause on one host); 10:21 to 10:23, before the alert at 10:24, are normal again.
    const before = ['10:13', '10:14', '10:15', '10:16', '10:17', '10:18', '10:19'].map((m) => minute(m, 3.3, 4));
    const { context } = contextWith([...before, minute('10:20', 224, 3), minute('10:21', 3.8, 3), minute('10:22', 3, 3), minute('10:23', 2.5, 3)]);
    const [blip] = await surveyCallGaps(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(blip.strength).toBeLessThan(0.5);
    expect(blip.detail).toMatch(/only 1 of the 4 traced minutes from then until the alert were delayed: a blip/);

    // The same delay held until the alert: a delayed link.
    const held = contextWith([...before, ...['10:20', '10:21', '10:22', '10:23'].map((m) => minute(m, 224, 3))]);
    const [link] = await surveyCallGaps(held.context, triageWindows(held.context, 60_000), { hypothesisId: null });
    expect(link.strength).toBeGreaterThan(0.9);
    expect(link.detail).not.toMatch(/blip/);
  });

  it('says nothing about an edge no reference traced', async () => {
    const { context } = contextWith([minute('10:21', 260), minute('10:22', 255)]);
    expect(await surveyCallGaps(context, triageWindows(context, 60_000), { hypothesisId: null })).toEqual([]);
  });
});
