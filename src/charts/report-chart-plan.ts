import type { SymptomSignal } from '../core/alerts/alert-schema';
import type { FaultType } from '../core/investigation/fault-type-schema';
import type { Report } from '../core/report/report-schema';
import type { TimeRange } from '../core/telemetry/time-range-schema';
import { metricWords } from '../surfaces/thread-view/plain-finding';

/** One chart to draw for a report: which series to read and how to mark it. */
export interface ChartRequest {
  /** The root cause's series, the alert's own signal, or one supported finding's series while the investigation runs. */
  kind: 'cause' | 'alert' | 'finding';
  /** The hypothesis whose evidence it shows (the root cause, the finding), null for the alert's signal. */
  hypothesisId: string | null;
  metric: string;
  service: string;
  instance?: string;
  unit: string;
  title: string;
  /** The period to read: the investigation's window and its baseline. */
  range: TimeRange;
  baseline?: { start: number; end: number };
  /** The normal level the finding quotes, when it quotes one. */
  reference?: number;
  markers: Array<{ kind: 'alert' | 'onset'; at: number }>;
}

/** `metric on service/instance: …` (optionally after a short prefix such as `at its limit:`), and its `vs X normal`. */
export const FINDING = /(?:^|\s)([A-Za-z_][A-Za-z0-9_:]*) on ([^\s:/]+)(?:\/([^\s:]+))?:(?:[^;]*? vs (-?[\d.]+(?:e[+-]?\d+)?) normal)?/;

/** Metric names that carry each kind of symptom, most telling first. */
const SIGNAL_METRICS: Partial<Record<SymptomSignal, RegExp[]>> = {
  latency: [/p9\d.*(latency|duration)|(latency|duration).*p9\d/, /latency|duration|response_time/],
  errors: [/error_rate|errors?_(percent|ratio)/, /error|5xx|fail/],
  availability: [/availability|success_rate/, /error_rate|error/],
  saturation: [/cpu/, /memory|utilization|saturation/],
  throughput: [/requests_per_second|rps|throughput/, /per_second/],
  lag: [/consumer_lag|lag/],
  restarts: [/restart/],
};

/** Metric names that show each fault type on the faulty service, most telling first. */
export const FAULT_METRICS: Partial<Record<FaultType, RegExp[]>> = {
  cpu: [/cpu/],
  memory: [/memory|heap|rss/],
  disk: [/disk|io_utilization|iops/],
  // Without a network metric, the latency its callers see.
  'network-delay': [/retransmit/, /network|packet|rtt/, /client.*latency|latency/],
  'network-loss': [/retransmit|packet_loss|drop/, /network/],
  // Without an error metric, the work it does (calls cut short or never made).
  exception: [/error_rate|exception/, /error/, /requests_per_second|ops_per_second|throughput/],
  'wrong-return': [/error_rate/, /error/, /requests_per_second|ops_per_second|throughput/],
  overload: [/requests_per_second|rps/, /queue|cpu/],
  'latency-injection': [/p9\d.*latency|latency.*p9\d/, /latency|duration/],
};

/**
 * The charts a finished report deserves: the root cause's key series (the deepest supported link
 * of the causal chain that names a metric), and the alert's own signal on the alerting service
 * when the source lists a metric for it. Nothing when the report abstained.
 */
export function planReportCharts(report: Report, metricsByService: Record<string, string[]>): ChartRequest[] {
  if (report.abstained) return [];
  const seconds = (iso: string): number => Date.parse(iso) / 1000;
  const range = report.baseline && Date.parse(report.baseline.start) < Date.parse(report.window.start) ? { start: report.baseline.start, end: report.window.end } : report.window;
  const baseline = report.baseline ? { start: seconds(report.baseline.start), end: seconds(report.baseline.end) } : undefined;
  const alertAt = seconds(report.alert.firedAt);
  const onsetOf = (id: string | null): number | undefined => {
    const entry = report.timeline.find((e) => e.hypothesisId === id && e.hypothesisId !== null && /^Change began/.test(e.what));
    return entry ? seconds(entry.at) : undefined;
  };
  const markers = (onset: number | undefined) => [...(onset === undefined ? [] : [{ kind: 'onset' as const, at: onset }]), ...(Number.isFinite(alertAt) ? [{ kind: 'alert' as const, at: alertAt }] : [])];
  const requests: ChartRequest[] = [];
  const links = report.causalChain.filter((l) => l.hypothesisId !== null && (l.status === 'supported' || l.status === 'confirmed'));
  let causeOnset: number | undefined;
  for (const link of [...links].reverse()) {
    const match = FINDING.exec(link.finding ?? '');
    if (!match) continue;
    const [, metric, service, instance, normal] = match;
    const { words, unit } = metricWords(metric);
    causeOnset = onsetOf(link.hypothesisId) ?? earliestOnset(links.map((l) => onsetOf(l.hypothesisId)));
    requests.push({
      kind: 'cause',
      hypothesisId: link.hypothesisId,
      metric,
      service,
      ...(instance ? { instance } : {}),
      unit,
      title: `Root cause ${link.hypothesisId}: ${words} of ${instance ? `${service} (${instance})` : service} against normal`,
      range,
      ...(baseline ? { baseline } : {}),
      ...(normal !== undefined ? { reference: Number(normal) } : {}),
      markers: markers(causeOnset),
    });
    break;
  }
  const root = links.at(-1);
  const faultType = root ? report.hypotheses.find((h) => h.id === root.hypothesisId)?.faultType : undefined;
  const faultMetric = root && faultType ? patternMetric(FAULT_METRICS[faultType] ?? [], metricsByService[root.service] ?? []) : undefined;
  if (requests.length === 0 && root && faultMetric) {
    const { words, unit } = metricWords(faultMetric);
    causeOnset = onsetOf(root.hypothesisId) ?? earliestOnset(links.map((l) => onsetOf(l.hypothesisId)));
    requests.push({ kind: 'cause', hypothesisId: root.hypothesisId, metric: faultMetric, service: root.service, unit, title: `Root cause ${root.hypothesisId}: ${words} of ${root.service} against normal`, range, ...(baseline ? { baseline } : {}), markers: markers(causeOnset) });
  }
  const service = report.alert.symptom.service;
  const metric = service ? signalMetric(report.alert.symptom.signal, metricsByService[service] ?? []) : undefined;
  if (service && metric && !requests.some((r) => r.metric === metric && r.service === service)) {
    const { words, unit } = metricWords(metric);
    requests.unshift({ kind: 'alert', hypothesisId: null, metric, service, unit, title: `Alert signal: ${words} of ${service}`, range, ...(baseline ? { baseline } : {}), markers: markers(causeOnset) });
  }
  return requests;
}

/** The service's metric that carries the alert's kind of symptom, if one does. */
export function signalMetric(signal: SymptomSignal, metrics: readonly string[]): string | undefined {
  return patternMetric(SIGNAL_METRICS[signal] ?? [], metrics);
}

/** The first metric (alphabetically) matching the most telling pattern that matches any. */
export function patternMetric(patterns: readonly RegExp[], metrics: readonly string[]): string | undefined {
  for (const pattern of patterns) {
    const found = [...metrics].sort().find((m) => pattern.test(m));
    if (found) return found;
  }
  return undefined;
}

function earliestOnset(onsets: Array<number | undefined>): number | undefined {
  const known = onsets.filter((o): o is number => o !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}
