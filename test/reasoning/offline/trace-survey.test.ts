import type { CallEdgeStats } from '../../../src/core/telemetry/query-results';
import { surveyTraces } from '../../../src/reasoning/offline/trace-survey';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };
const BASELINE = { start: '2024-01-01T08:00:00.000Z', end: '2024-01-01T08:03:00.000Z' };

function edge(caller: string, callee: string, p50GapMs: number, count: number): CallEdgeStats {
  return { caller, callee, count, meanClientMs: 30 + p50GapMs, meanServerMs: 30, meanGapMs: p50GapMs, p50GapMs, p90GapMs: p50GapMs * 1.5 };
}

/** Call edges whose median client−server gap is `before` in the baseline and `now` during the incident. */
function contextWith(edges: Array<{ caller: string; callee: string; before: number; now: number; count: number }>) {
  return fakeContext({
    window: WINDOW,
    baseline: BASELINE,
    firedAt: '2024-01-01T10:26:00.000Z',
    symptom: { service: 'gateway', signal: 'latency' },
    catalog: { hasSpans: true },
    answer: (query) => {
      if (query.name !== 'call_stats') return undefined;
      const incident = Date.parse(query.params.range.start) > Date.parse(BASELINE.end);
      return { kind: 'call_stats', edges: edges.map((e) => edge(e.caller, e.callee, incident ? e.now : e.before, e.count)) };
    },
  });
}

describe('surveyTraces: call gaps', () => {
  it('finds a delayed link: the median gap between client and server grew by orders of magnitude', async () => {
    const { context } = contextWith([{ caller: 'auth', callee: 'verification', before: 4, now: 1000, count: 17 }]);
    const gaps = (await surveyTraces(context, triageWindows(context, 60_000), { hypothesisId: null })).filter((f) => f.family === 'call-gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ service: 'verification', peer: 'auth' });
    expect(gaps[0].strength).toBeGreaterThan(0.95);
  });

  it('does not mistake clock skew between two hosts for a delayed link', async () => {
    // The baseline's negative gap shows the clocks disagree by 24 ms; a few ms "now" is within that.
    const { context } = contextWith([{ caller: 'inside-payment', callee: 'payment', before: -24, now: 5, count: 14 }]);
    const gaps = (await surveyTraces(context, triageWindows(context, 60_000), { hypothesisId: null })).filter((f) => f.family === 'call-gap');
    expect(gaps.every((f) => f.strength < 0.2)).toBe(true);
  });
});
