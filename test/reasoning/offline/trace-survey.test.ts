import type { CallEdgeStats, OperationShape, SpanGroupStats } from '../../../src/core/telemetry/query-results';
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

describe('surveyTraces: failing on an answer', () => {
  // Shipping and email both call orders, make all their calls, and fail for 60% of their
  // executions; nothing else fails. Orders answered them both wrongly.
  const caller = (service: string, callees: string[], failed: number, n: number): OperationShape => ({
    service,
    operation: `/shop.${service}/Run`,
    count: n,
    errorCount: failed,
    p50Ms: 20,
    calls: callees.map((c, i) => ({ service: c, operation: `/shop.${c}/Get`, count: n, errorCount: 0, p50Ms: 4, meanOffsetMs: 1 + 5 * i })),
  });
  const group = (service: string, count: number, errorCount: number): SpanGroupStats => ({ service, count, errorCount, p50Ms: 20, p90Ms: 30, p99Ms: 40, meanMs: 20, meanSelfMs: 5, totalSelfMs: 5 * count });
  function contextFor(emailFails: boolean, stopAfterOrders = false) {
    return fakeContext({
      window: WINDOW,
      baseline: { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:10:00.000Z' },
      firedAt: '2024-01-01T10:25:00.000Z',
      symptom: { service: 'storefront', signal: 'availability' },
      catalog: { hasSpans: true },
      answer: (query) => {
        if (query.name !== 'operation_shape' && query.name !== 'span_stats') return undefined;
        const faulty = Date.parse(query.params.range.start) >= Date.parse('2024-01-01T10:20:00Z');
        const n = faulty ? 60 : 80;
        const failed = faulty ? 36 : 0;
        if (query.name === 'span_stats') return { kind: 'span_stats', groups: [group('shipping', n, failed), group('email', n, emailFails ? failed : 0), group('orders', 2 * n, 0)] };
        const leaves = ['search', 'orders', 'loyalty'].map((s): OperationShape => ({ service: s, operation: `/shop.${s}/Get`, count: 2 * n, errorCount: 0, p50Ms: 4, calls: [] }));
        if (stopAfterOrders) {
          // Both call orders first and stop right after it when they fail: their second call falls.
          const stops = (service: string, next: string, fails: boolean): OperationShape => {
            const run = caller(service, ['orders', next], fails ? failed : 0, n);
            return { ...run, calls: run.calls.map((c) => (c.service === next ? { ...c, count: n - (fails ? failed : 0) } : c)) };
          };
          return { kind: 'operation_shape', operations: [stops('shipping', 'search', true), stops('email', 'loyalty', emailFails), ...leaves] };
        }
        return { kind: 'operation_shape', operations: [caller('shipping', ['search', 'orders'], failed, n), caller('email', ['orders', 'loyalty'], emailFails ? failed : 0, n), ...leaves] };
      },
    });
  }

  it("counts a service's failing spans as a reaction when it fails after all its calls, as others calling the same service do", async () => {
    const { context } = contextFor(true);
    const findings = await surveyTraces(context, triageWindows(context, 60_000), { hypothesisId: null });
    const errors = findings.filter((f) => f.family === 'trace-errors');
    expect(errors.map((f) => [f.service, f.passesOn])).toEqual([['shipping', 'orders'], ['email', 'orders']]);
    expect(errors[0].detail).toMatch(/fails on what orders answered, as other services calling orders do: a reaction/);
    const answers = findings.filter((f) => f.family === 'trace-answer');
    expect(Math.min(...answers.map((f) => f.score))).toBeGreaterThan(Math.max(...errors.map((f) => f.score)));
  });

  it("counts a service's failing spans as a reaction when it stops right after a call whose answer others stop on too", async () => {
    const { context } = contextFor(true, true);
    const findings = await surveyTraces(context, triageWindows(context, 60_000), { hypothesisId: null });
    const errors = findings.filter((f) => f.family === 'trace-errors');
    expect(errors.map((f) => [f.service, f.passesOn])).toEqual([['shipping', 'orders'], ['email', 'orders']]);
    expect(errors[0].detail).toMatch(/stops right after its call to orders, which returns as before, on what orders answered, as other services calling orders do: a reaction/);
    // One service stopping after orders: its own code is as likely, and its spans stay its own.
    const alone = contextFor(false, true).context;
    const own = (await surveyTraces(alone, triageWindows(alone, 60_000), { hypothesisId: null })).filter((f) => f.family === 'trace-errors');
    expect(own.map((f) => [f.service, f.passesOn])).toEqual([['shipping', undefined]]);
  });

  it('leaves the failing spans of a service that alone fails after its calls as its own', async () => {
    const { context } = contextFor(false);
    const findings = await surveyTraces(context, triageWindows(context, 60_000), { hypothesisId: null });
    expect(findings.filter((f) => f.family === 'trace-errors').map((f) => [f.service, f.passesOn])).toEqual([['shipping', undefined]]);
    expect(findings.filter((f) => f.family === 'trace-answer')).toEqual([]);
  });
});
