import type { LogTemplateCount, OperationSpanCount } from '../../../src/core/telemetry/query-results';
import type { TelemetryQueryInput } from '../../../src/core/telemetry/query-schemas';
import { surveyOperationLogs } from '../../../src/reasoning/offline/operation-log-survey';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };
const BASELINE = { start: '2024-01-01T09:00:00.000Z', end: '2024-01-01T09:03:00.000Z' };
const FIRED = '2024-01-01T10:26:00.000Z';
const DATA_START = '2024-01-01T10:23:00.000Z';
const DATA_END = '2024-01-01T10:29:00.000Z';

function line(service: string, operation: string, template: string, count: number, lastSeen = DATA_END, level = 'INFO'): LogTemplateCount {
  return { service, operation, template, level, count, example: template, firstSeen: DATA_START, lastSeen };
}

interface Period {
  templates: LogTemplateCount[];
  spans: OperationSpanCount[];
}

/** Answers the reference, the whole incident, and any follow-up query starting after `followUpFrom`. */
function contextWith(reference: Period, incident: Period, followUp?: { from: string; period: Period }) {
  return fakeContext({
    window: WINDOW,
    baseline: BASELINE,
    firedAt: FIRED,
    symptom: { service: 'gateway', signal: 'latency' },
    catalog: { hasLogs: true, hasSpans: true },
    answer: (query: TelemetryQueryInput) => {
      if (query.name !== 'log_template_counts') return undefined;
      const start = Date.parse(query.params.range.start);
      const period = start < Date.parse(BASELINE.end) ? reference : followUp && start > Date.parse(followUp.from) ? followUp.period : incident;
      const mine = <T extends { service: string }>(items: T[]) => items.filter((i) => query.params.service === undefined || i.service === query.params.service);
      return { kind: 'log_template_counts', templates: mine(period.templates), linesPerService: {}, spansPerOperation: mine(period.spans) };
    },
  });
}

async function survey(context: ReturnType<typeof contextWith>['context']) {
  return (await surveyOperationLogs(context, triageWindows(context, 60_000), null)) ?? [];
}

describe('silenced statements', () => {
  it('expects a silenced line as often as its companion statement ran, even when the workload shifted branches', async () => {
    // In the reference the "distance" pair is logged in 6 of 14 spans; during the incident every
    // span takes that branch, the first line of the pair keeps coming and its partner never does.
    const { context } = contextWith(
      {
        templates: [line('trips', 'GET /trips', 'INFO t.Trips#10 query <id>', 14), line('trips', 'GET /trips', 'INFO t.Trips#20 distance start <num>', 6), line('trips', 'GET /trips', 'INFO t.Trips#21 distance <num>', 6)],
        spans: [{ service: 'trips', operation: 'GET /trips', count: 14 }],
      },
      {
        templates: [line('trips', 'GET /trips', 'INFO t.Trips#10 query <id>', 37), line('trips', 'GET /trips', 'INFO t.Trips#20 distance start <num>', 37)],
        spans: [{ service: 'trips', operation: 'GET /trips', count: 37 }],
      },
    );
    const findings = await survey(context);
    const silenced = findings.filter((f) => f.family === 'log-vanished');
    expect(silenced).toHaveLength(1);
    expect(silenced[0]).toMatchObject({ service: 'trips', direction: 'down' });
    expect(silenced[0].detail).toMatch(/Trips#21 .* stopped during the whole incident .*~37 lines missing; 6 in 14 spans before/);
    // k = 6 lines before, 37 due: sqrt(2·6·ln(1 + 37/6)) ≈ 4.86.
    expect(silenced[0].score).toBeCloseTo(Math.sqrt(12 * Math.log(1 + 37 / 6)), 5);
  });

  it('counts what ran after the line stopped with a follow-up query over exactly that period', async () => {
    const stoppedAt = '2024-01-01T10:26:00.000Z';
    const { context, queries } = contextWith(
      { templates: [line('prices', 'GET /price', 'INFO p.Price#46 query <id>', 35)], spans: [{ service: 'prices', operation: 'GET /price', count: 50 }] },
      {
        templates: [line('prices', 'GET /price', 'INFO p.Price#46 query <id>', 40, stoppedAt), line('prices', 'GET /other', 'INFO p.Other#9 ok', 60)],
        spans: [{ service: 'prices', operation: 'GET /price', count: 100 }, { service: 'prices', operation: 'GET /other', count: 60 }],
      },
      { from: stoppedAt, period: { templates: [line('prices', 'GET /other', 'INFO p.Other#9 ok', 30)], spans: [{ service: 'prices', operation: 'GET /price', count: 44 }] } },
    );
    const findings = await survey(context);
    const silenced = findings.find((f) => f.family === 'log-vanished');
    expect(silenced?.detail).toMatch(/stopped after 2024-01-01T10:26:00.000Z .*~30.8 lines missing/);
    const followUp = queries.find((q) => q.name === 'log_template_counts' && q.params.service === 'prices');
    expect(followUp?.params).toMatchObject({ service: 'prices', groupBy: 'operation', range: { start: '2024-01-01T10:26:00.001Z' } });
    expect(silenced?.evidenceIds).toHaveLength(3);
  });

  it('does not call a line silenced when its pause is short for its own pace', async () => {
    // 40 lines in three minutes, last one two seconds before the data ends: nothing is missing.
    const { context, queries } = contextWith(
      { templates: [line('prices', 'GET /price', 'INFO p.Price#46 query <id>', 35)], spans: [{ service: 'prices', operation: 'GET /price', count: 50 }] },
      {
        templates: [line('prices', 'GET /price', 'INFO p.Price#46 query <id>', 40, '2024-01-01T10:28:58.000Z'), line('prices', 'GET /other', 'INFO p.Other#9 ok', 60)],
        spans: [{ service: 'prices', operation: 'GET /price', count: 60 }, { service: 'prices', operation: 'GET /other', count: 60 }],
      },
    );
    expect((await survey(context)).filter((f) => f.family === 'log-vanished')).toEqual([]);
    expect(queries.filter((q) => q.name === 'log_template_counts' && q.params.service !== undefined)).toEqual([]);
  });

  it('adds up the surprise when one statement went silent in several operations', async () => {
    const statement = 'INFO t.Trips#21 distance <num>';
    const { context } = contextWith(
      {
        templates: [line('trips', 'GET /trips', statement, 10), line('trips', 'GET /trip/{id}', statement, 10)],
        spans: [{ service: 'trips', operation: 'GET /trips', count: 10 }, { service: 'trips', operation: 'GET /trip/{id}', count: 10 }],
      },
      { templates: [line('trips', 'GET /other', 'INFO t.Other#1 ok', 5)], spans: [{ service: 'trips', operation: 'GET /trips', count: 10 }, { service: 'trips', operation: 'GET /trip/{id}', count: 10 }] },
    );
    const silenced = (await survey(context)).filter((f) => f.family === 'log-vanished');
    expect(silenced).toHaveLength(1);
    expect(silenced[0].detail).toMatch(/also silent in GET \/trip/);
    // Two operations, each k = 10 before and 10 due: deviances add.
    expect(silenced[0].score).toBeCloseTo(Math.sqrt(2 * 2 * 10 * Math.log(2)), 5);
  });

  it('leaves a line alone when its operation stopped running too', async () => {
    const { context } = contextWith(
      { templates: [line('trips', 'GET /trips', 'INFO t.Trips#10 query <id>', 14)], spans: [{ service: 'trips', operation: 'GET /trips', count: 14 }] },
      { templates: [line('trips', 'GET /other', 'INFO t.Other#1 ok', 5)], spans: [{ service: 'trips', operation: 'GET /other', count: 5 }] },
    );
    expect((await survey(context)).filter((f) => f.family === 'log-vanished')).toEqual([]);
  });
});
