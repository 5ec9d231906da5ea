import type { Alert } from '../../../src/core/alerts/alert-schema';
import { BudgetSchema, ThresholdsSchema } from '../../../src/core/investigation/budget-schema';
import type { Evidence } from '../../../src/core/investigation/evidence-schema';
import type { Hypothesis } from '../../../src/core/investigation/hypothesis-schema';
import type { Verdict } from '../../../src/core/investigation/verdict-schema';
import type { ReportInput } from '../../../src/core/report/report-builder';

export const PROMQL =
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m])))';
export const LOGQL = '{app="payments-db"} |= "slow query" | json | duration > 2s';

const WINDOW = { start: '2024-05-01T10:00:00.000Z', end: '2024-05-01T11:00:00.000Z' };

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    source: 'alertmanager',
    status: 'firing',
    title: 'High p99 latency on frontend',
    text: 'p99 latency 2.4s > 1s',
    firedAt: '2024-05-01T10:30:00.000Z',
    labels: { alertname: 'HighLatency' },
    symptom: { service: 'frontend', signal: 'latency', value: 2.4, threshold: 1 },
    fingerprint: 'HighLatency/frontend',
    ...overrides,
  };
}

/** A hypothesis node; depth and parent follow from the hierarchical id. */
export function node(id: string, fields: Partial<Hypothesis> & Pick<Hypothesis, 'status'>): Hypothesis {
  const parts = id.split('.');
  return {
    id,
    parentId: parts.length > 1 ? parts.slice(0, -1).join('.') : null,
    statement: `statement of ${id}`,
    kind: 'service-anomaly',
    subject: { service: `svc-${id}` },
    faultType: 'unknown',
    priority: 0.5,
    depth: parts.length,
    evidenceIds: [],
    children: [],
    rationale: '',
    ...fields,
  };
}

export function evidence(id: string, fields: Partial<Evidence> = {}): Evidence {
  return {
    id,
    sourceId: 'prometheus',
    queryName: 'latency_p99',
    queryText: PROMQL,
    parameters: {},
    timeRange: WINDOW,
    status: 'ok',
    digest: {},
    summary: `summary of ${id}`,
    elapsedMs: 12,
    collectedAt: '2024-05-01T11:00:05.000Z',
    ...fields,
  };
}

export function verdict(hypothesisId: string, fields: Partial<Verdict> & Pick<Verdict, 'outcome' | 'confidence'>): Verdict {
  return {
    hypothesisId,
    factors: { anomaly: 0.5, precedence: 0.5, topology: 0.5, coverage: 1, specificity: 0.5 },
    finding: `finding of ${hypothesisId}`,
    evidenceIds: [],
    ...fields,
  };
}

/**
 * The reference tree: supported chain H1 → H1.2 → H1.2.1 (with a refuted H1.1), a refuted H2,
 * a vetoed H3 with a supported child H3.1, an inconclusive H4 and an untested H5.
 */
export function referenceInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const hypotheses: Hypothesis[] = [
    node('H1', { status: 'supported', confidence: 0.8, statement: 'checkout slows down its callers', subject: { service: 'checkout' }, kind: 'downstream-latency', faultType: 'network-delay', finding: 'checkout p99 3.1x baseline', evidenceIds: ['E1'] }),
    node('H1.1', { status: 'refuted', confidence: 0.1, statement: 'checkout CPU is saturated', subject: { service: 'checkout' }, kind: 'cpu-saturation', faultType: 'cpu', finding: 'CPU 22% vs 20% baseline' }),
    node('H1.2', { status: 'supported', statement: 'payments latency rose', subject: { service: 'payments' }, kind: 'downstream-latency', faultType: 'network-delay' }),
    node('H1.2.1', { status: 'supported', confidence: 0.7, statement: 'payments-db disk I/O is saturated', subject: { service: 'payments-db' }, kind: 'disk-saturation', faultType: 'disk', finding: 'disk busy 97% vs 30% baseline; slow queries x40', evidenceIds: ['E2'] }),
    node('H2', { status: 'refuted', confidence: 0.15, statement: 'a deploy of frontend broke it', subject: { service: 'frontend' }, kind: 'deploy-change', faultType: 'misconfiguration', finding: 'no deploy in the window' }),
    node('H3', { status: 'vetoed', confidence: 0.9, statement: 'cache errors surge', subject: { service: 'cache' }, kind: 'error-surge', faultType: 'exception', finding: 'errors x5' }),
    node('H3.1', { status: 'supported', confidence: 0.95, statement: 'cache memory is exhausted', subject: { service: 'cache' }, kind: 'memory-exhaustion', faultType: 'memory', finding: 'RSS at limit' }),
    node('H4', { status: 'inconclusive', confidence: 0.4, statement: 'inventory traffic surged', subject: { service: 'inventory' }, kind: 'traffic-surge', faultType: 'overload', finding: 'rate +30% but within noise' }),
    node('H5', { status: 'proposed', statement: 'auth tokens expire early', subject: { service: 'auth' }, kind: 'config-change', faultType: 'misconfiguration' }),
  ];
  return {
    investigationId: 'inv-42',
    reasoner: 'offline',
    alert: alert(),
    window: WINDOW,
    baseline: { start: '2024-05-01T09:00:00.000Z', end: '2024-05-01T10:00:00.000Z' },
    hypotheses,
    evidence: [
      { evidence: evidence('E1'), hypothesisId: 'H1' },
      { evidence: evidence('E2', { sourceId: 'loki', queryName: 'slow_queries', queryText: LOGQL, summary: 'slow query lines: 412 vs 10' }), hypothesisId: 'H1.2.1' },
      { evidence: evidence('E3', { queryName: 'inventory_rate', queryText: 'sum(rate(requests_total{service="inventory"}[1m]))', status: 'no_data', summary: 'series not found' }), hypothesisId: 'H4' },
      { evidence: evidence('E4', { sourceId: 'tempo', queryName: 'trace_search', queryText: '{ resource.service.name = "auth" }', status: 'error', summary: 'HTTP 503 from tempo' }), hypothesisId: null },
    ],
    verdicts: [
      verdict('H1', { outcome: 'supported', confidence: 0.8, onset: Date.parse('2024-05-01T10:27:00Z') / 1000, evidenceIds: ['E1'] }),
      verdict('H1.2', { outcome: 'supported', confidence: 0.75, finding: 'payments p99 2.2x baseline', evidenceIds: ['E1'] }),
      verdict('H1.2.1', { outcome: 'supported', confidence: 0.7, onset: Date.parse('2024-05-01T10:26:00Z') / 1000, evidenceIds: ['E2'] }),
      verdict('H2', { outcome: 'refuted', confidence: 0.15, onset: Date.parse('2024-05-01T10:00:00Z') / 1000 }),
    ],
    decisions: [
      { command: { type: 'veto', hypothesisId: 'H3', by: 'alice', at: '2024-05-01T10:40:00Z' }, effect: 'H3 and its branch dropped' },
      { command: { type: 'note', text: 'payments-db had a | noisy neighbour last week', by: 'bob', at: '2024-05-01T10:41:00Z' }, effect: 'noted' },
    ],
    budget: BudgetSchema.parse({ maxQueries: 400 }),
    usage: { depth: 3, hypotheses: 9, queries: 4, elapsedMs: 8200, tokens: 0 },
    stopReason: 'hypothesis budget exhausted',
    thresholds: ThresholdsSchema.parse({}),
    dataGaps: ['no traces for payments-db'],
    generatedAt: '2024-05-01T11:00:10.000Z',
    ...overrides,
  };
}
