import { HypothesisSchema } from '../../../src/core/investigation/hypothesis-schema';
import type { LogTemplateCount, OperationSpanCount } from '../../../src/core/telemetry/query-results';
import { testHypothesis } from '../../../src/reasoning/offline/hypothesis-tester';
import { jointStrength, switchedFrom } from '../../../src/reasoning/offline/path-switch';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';
import { runTriage } from '../../../src/reasoning/offline/triage';
import { fakeContext } from './fake-context';

const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };
const BASELINE = { start: '2024-01-01T09:00:00.000Z', end: '2024-01-01T09:03:00.000Z' };
const FIRED = '2024-01-01T10:26:00.000Z';

function line(operation: string, template: string, count: number, level = 'INFO'): LogTemplateCount {
  return { service: 'food', operation, template, level, count, example: template, firstSeen: '2024-01-01T10:05:00.000Z', lastSeen: '2024-01-01T10:29:00.000Z' };
}

/**
 * A rarely called operation (8 executions in the reference, 17 now) starts writing an error line a
 * few times. With `silent`, the statement every execution wrote before goes silent at the same time.
 */
function context(silent: boolean) {
  const listed = 'INFO f.FoodService#243 got the train food list';
  const failed = 'ERROR f.FoodService#245 [getAllFood] Get the food request failed!';
  return fakeContext({
    window: WINDOW,
    baseline: BASELINE,
    firedAt: FIRED,
    symptom: { service: 'gateway', signal: 'latency' },
    catalog: { services: ['gateway', 'food'], hasLogs: true, hasSpans: true },
    answer: (query) => {
      if (query.name !== 'log_template_counts') return undefined;
      const incident = Date.parse(query.params.range.start) > Date.parse(BASELINE.end);
      const spans: OperationSpanCount[] = [{ service: 'food', operation: 'GET /food', count: incident ? 17 : 8 }];
      const templates = incident ? [line('GET /food', failed, 3, 'ERROR'), ...(silent ? [] : [line('GET /food', listed, 17)])] : [line('GET /food', listed, 8)];
      return { kind: 'log_template_counts', templates, linesPerService: {}, spansPerOperation: spans };
    },
  });
}

const wrongResults = HypothesisSchema.parse({
  id: 'H1',
  parentId: null,
  statement: 'food returns wrong results',
  kind: 'wrong-results',
  subject: { service: 'food' },
  faultType: 'wrong-return',
  status: 'proposed',
  priority: 0.5,
  depth: 1,
  evidenceIds: [],
  children: [],
});

async function judge(silent: boolean) {
  const { context: ctx } = context(silent);
  const state = { triage: await runTriage(ctx), onsets: new Map<string, number>() };
  return testHypothesis(wrongResults, undefined, ctx, state);
}

const finding = (family: ServiceFinding['family'], statement: string, change: ServiceFinding['change'], extra: Partial<ServiceFinding> = {}): ServiceFinding => ({
  service: 'food',
  family,
  score: 3,
  strength: 0.5,
  direction: change === 'went-silent' ? 'down' : 'up',
  signal: statement,
  detail: '',
  evidenceIds: [],
  operation: 'GET /food',
  statement,
  change,
  ...extra,
});

describe('an error line that appears where a statement went silent', () => {
  it('is firmer evidence of a code fault than the few new error lines alone', async () => {
    const alone = await judge(false);
    const switched = await judge(true);
    expect(switched.factors.anomaly).toBeGreaterThan(alone.factors.anomaly + 0.15);
    expect(switched.finding).toMatch(/f\.FoodService#243 of the same operation went silent with it: the code took another path there/);
    expect(alone.finding).not.toMatch(/another path/);
  });

  it('pairs only a new line with a silent statement of the same service and operation', () => {
    const appeared = finding('log-business-errors', 'ERROR f.FoodService#245', 'appeared');
    const silent = finding('log-vanished', 'INFO f.FoodService#243', 'went-silent');
    expect(switchedFrom(appeared, [silent])).toBe(silent);
    expect(switchedFrom(appeared, [{ ...silent, operation: 'GET /menu' }])).toBeUndefined();
    expect(switchedFrom(appeared, [{ ...silent, service: 'orders' }])).toBeUndefined();
    expect(switchedFrom({ ...appeared, change: 'surged' }, [silent])).toBeUndefined();
    expect(switchedFrom(silent, [silent])).toBeUndefined();
    expect(switchedFrom(undefined, [silent])).toBeUndefined();
  });

  it('counts the two readings as independent: noise only if both are', () => {
    expect(jointStrength(0.5, 0.6)).toBeCloseTo(0.8);
    expect(jointStrength(0, 0.6)).toBeCloseTo(0.6);
    expect(jointStrength(1, 0.2)).toBe(1);
  });
});
