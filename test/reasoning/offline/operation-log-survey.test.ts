import type { LogTemplateCount, OperationSpanCount } from '../../../src/core/telemetry/query-results';
import { surveyOperationLogs } from '../../../src/reasoning/offline/operation-log-survey';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };
const BASELINE = { start: '2024-01-01T09:00:00.000Z', end: '2024-01-01T09:03:00.000Z' };
const FIRED = '2024-01-01T10:26:00.000Z';

function line(service: string, operation: string, template: string, count: number, level = 'INFO', lastSeen?: string): LogTemplateCount {
  return { service, operation, template, level, count, example: template, firstSeen: '2024-01-01T10:23:00.000Z', lastSeen: lastSeen ?? '2024-01-01T10:29:00.000Z' };
}

/**
 * Two services with the same traffic before and during the incident. In `orders`, the line that
 * follows a successful lookup stops half-way through the incident while `GET /orders` keeps
 * running; `billing` starts logging a business error that never appeared before. `gateway` and
 * `orders` both log a shared servlet error (a spread-out symptom). `catalog` doubles its traffic
 * and its INFO lines with it (not an anomaly).
 */
function scenario() {
  return fakeContext({
    window: WINDOW,
    baseline: BASELINE,
    firedAt: FIRED,
    symptom: { service: 'gateway', signal: 'latency' },
    catalog: { hasLogs: true, hasSpans: true },
    answer: (query) => {
      if (query.name !== 'log_template_counts') return undefined;
      const incident = Date.parse(query.params.range.start) > Date.parse(BASELINE.end);
      const templates = incident
        ? [
            line('orders', 'GET /orders', 'INFO c.OrderService#40 found order <id>', 6, 'INFO', '2024-01-01T10:24:00.000Z'),
            line('billing', 'POST /charge', 'ERROR c.Billing#88 No price for order <id>', 9, 'ERROR'),
            line('billing', 'POST /charge', 'INFO c.Billing#80 charging <id>', 30),
            line('catalog', 'GET /items', 'INFO c.Catalog#12 listing items', 80),
            line('gateway', 'GET /', 'ERROR o.a.c.Servlet#175 dispatch failed', 20, 'ERROR'),
            line('orders', 'GET /orders', 'ERROR o.a.c.Servlet#175 dispatch failed', 20, 'ERROR'),
          ]
        : [
            line('orders', 'GET /orders', 'INFO c.OrderService#40 found order <id>', 30),
            line('billing', 'POST /charge', 'INFO c.Billing#80 charging <id>', 30),
            line('catalog', 'GET /items', 'INFO c.Catalog#12 listing items', 40),
          ];
      const spans = incident
        ? [{ service: 'orders', operation: 'GET /orders', count: 30 }, { service: 'billing', operation: 'POST /charge', count: 30 }, { service: 'catalog', operation: 'GET /items', count: 80 }, { service: 'gateway', operation: 'GET /', count: 60 }]
        : [{ service: 'orders', operation: 'GET /orders', count: 30 }, { service: 'billing', operation: 'POST /charge', count: 30 }, { service: 'catalog', operation: 'GET /items', count: 40 }, { service: 'gateway', operation: 'GET /', count: 60 }];
      return { kind: 'log_template_counts', templates, linesPerService: {}, spansPerOperation: spans };
    },
  });
}

/** Surveys hand-made template counts: `reference` (with `referenceSpans`, default `spans`) before, `incident` during. */
async function surveyOf(
  signal: 'errors' | 'latency',
  periods: { incident: LogTemplateCount[]; reference: LogTemplateCount[]; spans: OperationSpanCount[]; referenceSpans?: OperationSpanCount[]; services?: string[] },
) {
  const { context } = fakeContext({
    window: WINDOW,
    baseline: BASELINE,
    firedAt: FIRED,
    symptom: { signal },
    catalog: { hasLogs: true, hasSpans: true, ...(periods.services ? { services: periods.services } : {}) },
    answer: (query) => {
      if (query.name !== 'log_template_counts') return undefined;
      const incident = Date.parse(query.params.range.start) > Date.parse(BASELINE.end);
      const templates = incident ? periods.incident : periods.reference;
      const spans = incident ? periods.spans : periods.referenceSpans ?? periods.spans;
      return { kind: 'log_template_counts', templates, linesPerService: {}, spansPerOperation: spans };
    },
  });
  return (await surveyOperationLogs(context, triageWindows(context, 60_000), null)) ?? [];
}

describe('surveyOperationLogs', () => {
  it('finds a silenced normal line and a new business error, scaled by each operation’s traffic', async () => {
    const { context } = scenario();
    const findings = (await surveyOperationLogs(context, triageWindows(context, 60_000), null)) ?? [];
    const silenced = findings.find((f) => f.family === 'log-vanished');
    expect(silenced).toMatchObject({ service: 'orders', direction: 'down' });
    expect(silenced?.detail).toMatch(/stopped after 2024-01-01T10:24:00.000Z while the operation kept running/);
    const business = findings.find((f) => f.family === 'log-business-errors');
    expect(business).toMatchObject({ service: 'billing', direction: 'up' });
    expect(business!.score).toBeGreaterThan(3);
  });

  it('ignores traffic-driven growth and error lines shared by several services', async () => {
    const { context } = scenario();
    const findings = (await surveyOperationLogs(context, triageWindows(context, 60_000), null)) ?? [];
    expect(findings.filter((f) => f.service === 'catalog')).toEqual([]);
    expect(findings.filter((f) => f.signal.includes('Servlet#175'))).toEqual([]);
  });

  it('classifies a new error that reports an exception as an exception', async () => {
    const findings = await surveyOf('errors', {
      incident: [line('orders', 'GET /orders', 'ERROR c.Orders#12 java.lang.NullPointerException at Orders.get', 12, 'ERROR')],
      reference: [line('orders', 'GET /orders', 'INFO c.Orders#10 ok', 30)],
      spans: [{ service: 'orders', operation: 'GET /orders', count: 30 }],
    });
    expect(findings.find((f) => f.family === 'log-errors')).toMatchObject({ service: 'orders' });
  });

  it('does not take a known warning for new because its trace was collected in one period and not the other', async () => {
    const warning = 'WARN c.Seats#72 [getSoldTickets][No content]';
    const unjoined = (count: number): LogTemplateCount => ({ ...line('seats', 'x', warning, count, 'WARN'), operation: null });
    const spans = [{ service: 'seats', operation: 'GET /seats', count: 300 }];
    // The reference wrote it outside any span (traces sampled away), the incident inside one…
    const joinedNow = await surveyOf('errors', { incident: [line('seats', 'GET /seats', warning, 28, 'WARN')], reference: [unjoined(25)], spans });
    expect(joinedNow.filter((f) => f.service === 'seats')).toEqual([]);
    // …or the other way round.
    const joinedBefore = await surveyOf('errors', { incident: [unjoined(28)], reference: [line('seats', 'GET /seats', warning, 25, 'WARN')], spans });
    expect(joinedBefore.filter((f) => f.service === 'seats')).toEqual([]);
    // A warning the reference never wrote, joined or not, is new.
    const fresh = await surveyOf('errors', { incident: [unjoined(28)], reference: [line('seats', 'GET /seats', 'INFO c.Seats#70 listed', 25)], spans });
    expect(fresh.find((f) => f.service === 'seats')).toMatchObject({ family: 'log-business-errors', change: 'appeared' });
  });

  it('leaves an error line that names a failing dependency to that dependency', async () => {
    const findings = await surveyOf('errors', {
      incident: [line('web-store', 'GET /cart', 'ERROR c.Cart#9 call to inventory-service failed: <num>', 25, 'ERROR')],
      reference: [line('web-store', 'GET /cart', 'INFO c.Cart#8 ok', 30)],
      spans: [{ service: 'web-store', operation: 'GET /cart', count: 30 }],
      services: ['web-store', 'inventory-service'],
    });
    expect(findings.filter((f) => f.family !== 'log-vanished')).toEqual([]);
  });

  it('reads the statement of a line after a timestamp or thread, so a generic servlet error is still recognised as shared', async () => {
    const servlet = '[http-nio-<num>-exec-<num>] ERROR o.a.c.c.C.[.[.[/].[dispatcherServlet] - Servlet.service() threw exception';
    const findings = await surveyOf('errors', {
      incident: [
        line('cart', 'GET /cart', servlet, 20, 'ERROR'),
        line('shop', 'GET /', servlet, 20, 'ERROR'),
        line('cart', 'GET /cart', '[http-nio-<num>-exec-<num>] ERROR c.s.Cart - java.lang.IllegalStateException: no promotion', 15, 'ERROR'),
      ],
      reference: [line('cart', 'GET /cart', '[http-nio-<num>-exec-<num>] INFO c.s.Cart - ok', 30)],
      spans: [{ service: 'cart', operation: 'GET /cart', count: 30 }, { service: 'shop', operation: 'GET /', count: 30 }],
    });
    expect(findings.filter((f) => f.family === 'log-errors').map((f) => [f.service, f.signal])).toEqual([['cart', expect.stringContaining('IllegalStateException')]]);
  });

  it('doubts a surge of a known error line measured against a tiny reference, and ignores reports of slowness', async () => {
    const timeout = '[http-nio-<num>-exec-<num>] ERROR c.s.r.ModelClient - Model server timed out after <num> ms';
    const slow = '[http-nio-<num>-exec-<num>] WARN c.s.s.SearchController - Slow search request took <num> ms';
    const findings = await surveyOf('latency', {
      incident: [line('recs', 'GET /recs', timeout, 15, 'ERROR'), line('search', 'GET /search', slow, 70, 'WARN')],
      reference: [line('recs', 'GET /recs', timeout, 3, 'ERROR'), line('search', 'GET /search', '[x] INFO c.s.s.SearchController - ok', 50)],
      spans: [{ service: 'recs', operation: 'GET /recs', count: 71 }, { service: 'search', operation: 'GET /search', count: 60 }],
      referenceSpans: [{ service: 'recs', operation: 'GET /recs', count: 56 }, { service: 'search', operation: 'GET /search', count: 50 }],
    });
    const surge = findings.find((f) => f.service === 'recs');
    // 3 lines in 56 spans before, 15 in 71 now: a likely rise, not a telling one.
    expect(surge?.score).toBeGreaterThan(2);
    expect(surge?.strength).toBeLessThan(0.5);
    expect(findings.filter((f) => f.service === 'search' && f.family !== 'log-vanished')).toEqual([]);
  });
});
