import { AlertSchema, type Alert } from '../../../src/core/alerts/alert-schema';
import { BudgetSchema, ThresholdsSchema, type Budget } from '../../../src/core/investigation/budget-schema';
import type { InvestigationEvent, NewInvestigationEvent } from '../../../src/core/investigation/investigation-events';
import { Investigator } from '../../../src/core/investigation/investigator';
import type { SteeringInbox } from '../../../src/core/investigation/steering-inbox';
import { OfflineReasoner } from '../../../src/reasoning/offline/offline-reasoner';
import { FakeTelemetrySource, noise } from '../../fakes/fake-telemetry-source';

/**
 * A small system with a known answer: web → api → db, and a batch job `reporting` that calls web.
 * At minute 28 the database's CPU saturates; api and then web slow down. At minute 30 `reporting`
 * starts logging a loud error rate: it is upstream of the symptom and cannot be its cause.
 */
export const WINDOW = { start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T00:40:00.000Z' };
const FAULT = 28;

export function makeSource(): FakeTelemetrySource {
  const step = (minute: number, before: number, after: number, at: number) => (minute >= at ? after : before);
  return new FakeTelemetrySource({
    window: WINDOW,
    calls: [
      { from: 'web', to: 'api' },
      { from: 'api', to: 'db' },
      { from: 'reporting', to: 'web' },
    ],
    series: [
      { service: 'web', metric: 'latency_p90_seconds', value: (m) => step(m, 0.2, 1.6, FAULT + 1) + 0.01 * noise(1, m) },
      { service: 'web', metric: 'cpu_usage_percent', value: (m) => 20 + noise(2, m) },
      { service: 'api', metric: 'latency_p90_seconds', value: (m) => step(m, 0.1, 1.4, FAULT) + 0.01 * noise(3, m) },
      { service: 'api', metric: 'cpu_usage_percent', value: (m) => 25 + noise(4, m) },
      { service: 'db', metric: 'latency_p90_seconds', value: (m) => step(m, 0.01, 1.2, FAULT) + 0.001 * noise(5, m) },
      { service: 'db', metric: 'cpu_usage_percent', value: (m) => step(m, 30, 97, FAULT) + noise(6, m) },
      { service: 'reporting', metric: 'error_rate_percent', value: (m) => step(m, 0.5, 20, FAULT + 2) + 0.05 * noise(7, m) },
      { service: 'reporting', metric: 'cpu_usage_percent', value: (m) => 10 + noise(8, m) },
    ],
  });
}

export function makeAlert(): Alert {
  return AlertSchema.parse({
    source: 'alertmanager',
    title: '[FIRING:1] WebLatencyHigh (web critical)',
    text: '[FIRING:1] WebLatencyHigh (web critical)',
    firedAt: '2024-01-01T00:32:00.000Z',
    labels: { alertname: 'WebLatencyHigh', service: 'web' },
    symptom: { service: 'web', signal: 'latency' },
    fingerprint: 'alertmanager:test',
  });
}

export async function investigate(options: {
  source?: FakeTelemetrySource;
  budget?: Partial<Budget>;
  steering?: SteeringInbox;
  onEvent?: (event: InvestigationEvent) => void;
  queryTimeoutMs?: number;
}) {
  const events: InvestigationEvent[] = [];
  const source = options.source ?? makeSource();
  const investigator = new Investigator({
    reasoner: new OfflineReasoner(),
    source,
    budget: BudgetSchema.parse(options.budget ?? {}),
    thresholds: ThresholdsSchema.parse({}),
    queryTimeoutMs: options.queryTimeoutMs,
  });
  const record = async (event: NewInvestigationEvent) => {
    const numbered = { ...event, investigationId: 'inv-test', seq: events.length + 1, at: new Date().toISOString() } as InvestigationEvent;
    events.push(numbered);
    options.onEvent?.(numbered);
  };
  const report = await investigator.run({ investigationId: 'inv-test', alert: makeAlert(), steering: options.steering, record });
  return { report, events, source };
}
