/**
 * How a Prometheus metric is presented to the investigator. Raw counters only grow and histogram
 * buckets are not values one can compare, so each is shown in the form an SRE would graph:
 *
 * - a gauge as it is;
 * - a counter (metadata type `counter`, or a name ending in `_total`) as its per-second rate,
 *   under its own name;
 * - a histogram (`<base>_bucket` series with an `le` label) as two quantiles, `<base>_p90` and
 *   `<base>_p99` (histogram_quantile over the buckets' rates); its `_sum` and `_count` series are
 *   not listed separately;
 * - a summary (`<base>` series with a `quantile` label) as the quantiles it exports, `<base>_p90`
 *   (never a rate, never an average across quantiles);
 * - a `_sum`/`_count` pair without buckets or quantiles as the mean, `<base>_mean`;
 * - a counter carrying a status-code label (`code`, `status_code`, `http_response_status_code`,
 *   `response_code`) also as the share of 5xx/error answers, `<stem>_error_ratio`, so errors are
 *   not averaged in with successes.
 */
export interface ExposedMetric {
  /** The name the investigator sees and asks for. */
  name: string;
  kind: 'gauge' | 'counter' | 'histogram' | 'summary' | 'mean' | 'error-ratio';
  /** The Prometheus metric the query reads (`<base>_bucket` for histograms, `<base>` for summaries and means, the counter for ratios). */
  source: string;
  /** For histograms and summaries: the quantile, 0..1. */
  quantile?: number;
  /** For error ratios: the status label. */
  statusLabel?: string;
}

/** Labels that carry a request's status code, in the conventions of Prometheus clients, OpenTelemetry and Istio. */
export const STATUS_LABELS = ['code', 'status_code', 'http_response_status_code', 'response_code'] as const;
/** Status values that count as errors: HTTP 5xx, and OpenTelemetry's span status. */
export const ERROR_STATUS_REGEX = '5..|STATUS_CODE_ERROR';

const HISTOGRAM_QUANTILES: Array<[string, number]> = [
  ['p90', 0.9],
  ['p99', 0.99],
];

/** Metric names and types as the catalog sees them. */
export interface SeenMetric {
  name: string;
  /** The series carries an `le` label (a histogram bucket). */
  bucketed: boolean;
  /** Values of its `quantile` label (a summary), if any. */
  quantiles?: readonly string[];
  /** The status-code label its series carry, if any. */
  statusLabel?: string;
}

/** The exposed metrics of the names seen, by exposed name. */
export function exposeMetrics(seen: readonly SeenMetric[], types: ReadonlyMap<string, string>): Map<string, ExposedMetric> {
  const exposed = new Map<string, ExposedMetric>();
  const names = new Set(seen.map((m) => m.name));
  const histogramBases = new Set(seen.filter((m) => m.bucketed && m.name.endsWith('_bucket')).map((m) => m.name.slice(0, -'_bucket'.length)));
  const summaryBases = new Set(seen.filter((m) => (m.quantiles?.length ?? 0) > 0 || types.get(m.name) === 'summary').map((m) => m.name));
  for (const { name, bucketed, quantiles, statusLabel } of seen) {
    if (bucketed && name.endsWith('_bucket')) {
      const base = name.slice(0, -'_bucket'.length);
      for (const [suffix, quantile] of HISTOGRAM_QUANTILES) exposed.set(`${base}_${suffix}`, { name: `${base}_${suffix}`, kind: 'histogram', source: name, quantile });
      continue;
    }
    if (quantiles && quantiles.length > 0) {
      for (const q of quantiles) {
        const quantile = Number(q);
        if (!(quantile > 0 && quantile < 1)) continue;
        const exposedName = `${name}_p${Math.round(quantile * 1000) % 10 === 0 ? Math.round(quantile * 100) : (quantile * 100).toFixed(1).replace('.', '')}`;
        exposed.set(exposedName, { name: exposedName, kind: 'summary', source: name, quantile });
      }
      continue;
    }
    const base = name.replace(/_(sum|count)$/, '');
    if (statusLabel && (name.endsWith('_total') || name.endsWith('_count') || types.get(name) === 'counter')) {
      const ratio = `${errorStem(name)}_error_ratio`;
      exposed.set(ratio, { name: ratio, kind: 'error-ratio', source: name, statusLabel });
    }
    if (base !== name && histogramBases.has(base)) continue;
    if (base !== name && (summaryBases.has(base) || names.has(`${base}_${name.endsWith('_sum') ? 'count' : 'sum'}`))) {
      // A summary's or a plain pair's _sum and _count: their ratio is the mean.
      if (name.endsWith('_sum') && names.has(`${base}_count`)) exposed.set(`${base}_mean`, { name: `${base}_mean`, kind: 'mean', source: base });
      if (name.endsWith('_count')) exposed.set(`${base}_rate`, { name: `${base}_rate`, kind: 'counter', source: name });
      continue;
    }
    const counter = types.get(name) === 'counter' || name.endsWith('_total');
    exposed.set(name, { name, kind: counter ? 'counter' : 'gauge', source: name });
  }
  return exposed;
}

/** `http_server_request_duration_seconds_count` → `http_server_request`, `http_requests_total` → `http_requests`. */
function errorStem(name: string): string {
  return name.replace(/_(count|total)$/, '').replace(/_(duration_)?(seconds|milliseconds)$/, '').replace(/_duration$/, '');
}

/** What a name the investigator asks for reads, when the catalog has not seen it (a guess by convention). */
export function guessShape(name: string): ExposedMetric {
  const quantile = HISTOGRAM_QUANTILES.find(([suffix]) => name.endsWith(`_${suffix}`));
  if (quantile) return { name, kind: 'histogram', source: `${name.slice(0, -(quantile[0].length + 1))}_bucket`, quantile: quantile[1] };
  return { name, kind: name.endsWith('_total') ? 'counter' : 'gauge', source: name };
}
