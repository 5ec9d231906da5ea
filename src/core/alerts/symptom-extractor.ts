import type { Symptom, SymptomSignal } from './alert-schema';
import { serviceFromCjkText, serviceFromText } from './service-name';
import { workloadFromKubernetesReference, workloadFromLabels } from './workload-labels';

/** What the extractor reads: the recognized fields of one alert. */
export interface SymptomInput {
  labels: Record<string, string>;
  /** A workload read from unlabelled structure; used when no label names one. */
  workloadHint?: string;
  /** The alert's name (alertname, monitor name); CamelCase is split into words. */
  name: string;
  title: string;
  /** Summaries and descriptions, most specific first. */
  descriptions: readonly string[];
  value?: number;
  threshold?: number;
}

// Checked in this order within one text: the more specific signal wins ("5xx error rate" is
// errors, "CrashLoopBackOff after OOM" is restarts).
const SIGNALS: [SymptomSignal, RegExp][] = [
  ['latency', /\b(latency|latencies|p(50|75|90|95|99|999)|slow(ness)?|duration|response times?|apdex)\b/i],
  ['errors', /\b(error rates?|error ratio|errors?|exceptions?|failures?|failed requests)\b/i],
  ['lag', /\b(lag|lagging|backlog|queue depth)\b/i],
  ['restarts', /\b(restarts?|restarting|crash ?loop\w*|crashed|crashing)\b/i],
  ['saturation', /\b(cpu|memory|mem|disk|saturat\w*|oom\w*|out of memory|throttl\w*|inodes?|heap|load average|file ?system)\b/i],
  ['availability', /\b(availability|unavailable|uptime|success rate|slo|sla|down|outage|5xx|unreachable|health ?checks?)\b/i],
  ['throughput', /\b(throughput|request rate|requests per second|rps|qps|traffic)\b/i],
  ['anomaly', /\b(anomal\w*|outliers?|abnormal|unusual)\b/i],
];

/** `TrainTicketFrontendLatencyP90` → `Train Ticket Frontend Latency P90`; `OOMKilled` → `OOM Killed`. */
export function splitCamelCase(text: string): string {
  return text.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

/** The signal the first text with a recognizable keyword names, else `unknown`. */
export function detectSignal(texts: readonly string[]): SymptomSignal {
  for (const text of texts) {
    const words = splitCamelCase(text).replace(/_/g, ' ');
    const found = SIGNALS.find(([, pattern]) => pattern.test(words));
    if (found) return found[0];
  }
  return 'unknown';
}

/**
 * The affected workload: from the labels (see `workloadFromLabels`: the workload, not the
 * scraper), then a structural hint, then a Kubernetes object the texts name (`Pod ns/name-hash`),
 * then a name the title states in a recognizable form (or the one Latin name CJK prose holds).
 */
export function detectService(
  input: Pick<SymptomInput, 'labels' | 'name' | 'title' | 'workloadHint'> & { descriptions?: readonly string[] },
): string | undefined {
  return (
    workloadFromLabels(input.labels) ??
    input.workloadHint ??
    firstDefined([input.name, input.title, ...(input.descriptions ?? [])].map(workloadFromKubernetesReference)) ??
    serviceFromText(input.name) ??
    serviceFromText(input.title) ??
    firstDefined([input.name, input.title, ...(input.descriptions ?? [])].map(serviceFromCjkText))
  );
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';

/** The observed value a sentence quotes: `is 0.72 s`, `is 96.27%`, `at 2.4s`. */
export function valueFromText(text: string): number | undefined {
  const match = new RegExp(`\\b(?:is|was|at|reached|=)\\s+(?:now\\s+)?${NUMBER}\\s*(?:%|ms|s|sec|seconds|x|[kmg]i?b)?\\b`, 'i').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The threshold a sentence quotes: `(objective 99.9%)`, `threshold 1.0`, `above 500 ms`. */
export function thresholdFromText(text: string): number | undefined {
  const match = new RegExp(`\\b(?:objective|threshold|target|slo|limit|above|below|exceeds|exceeded|>=|<=|>|<)[:=]?\\s*(?:of\\s+)?${NUMBER}`, 'i').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Reads the symptom (service, signal, value, threshold) out of a recognized alert. */
export function extractSymptom(input: SymptomInput): Symptom {
  const signal = detectSignal([input.labels.alertname ?? '', input.name, input.title, ...input.descriptions]);
  const service = detectService(input);
  const value = input.value ?? firstDefined(input.descriptions.map(valueFromText));
  const threshold = input.threshold ?? firstDefined(input.descriptions.map(thresholdFromText));
  return {
    signal,
    ...(service ? { service } : {}),
    ...(value !== undefined && Number.isFinite(value) ? { value } : {}),
    ...(threshold !== undefined && Number.isFinite(threshold) ? { threshold } : {}),
  };
}

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}
