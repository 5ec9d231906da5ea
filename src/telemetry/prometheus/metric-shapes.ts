/**
 * How a Prometheus metric is presented to the investigator. Raw counters only grow and histogram
 * buckets are not values one can compare, so each is shown in the form an SRE would graph:
 *
 * - a gauge as it is;
 * - a counter (metadata type `counter`, or a name ending in `_total`) as its per-second rate,
 *   under its own name;
 * - a histogram (`<base>_bucket` series with an `le` label) as two quantiles, `<base>_p90` and
 *   `<base>_p99`; its `_sum` and `_count` series are not listed separately.
 */
export interface ExposedMetric {
  /** The name the investigator sees and asks for. */
  name: string;
  kind: 'gauge' | 'counter' | 'histogram';
  /** The Prometheus metric the query reads (`<base>_bucket` for histograms). */
  source: string;
  /** For histograms: the quantile, 0..1. */
  quantile?: number;
}

const HISTOGRAM_QUANTILES: Array<[string, number]> = [
  ['p90', 0.9],
  ['p99', 0.99],
];

/** Metric names and types as the catalog sees them. */
export interface SeenMetric {
  name: string;
  /** The series carries an `le` label (a histogram bucket). */
  bucketed: boolean;
}

/** The exposed metrics of the names seen, by exposed name. */
export function exposeMetrics(seen: readonly SeenMetric[], types: ReadonlyMap<string, string>): Map<string, ExposedMetric> {
  const exposed = new Map<string, ExposedMetric>();
  const histogramBases = new Set(seen.filter((m) => m.bucketed && m.name.endsWith('_bucket')).map((m) => m.name.slice(0, -'_bucket'.length)));
  for (const { name, bucketed } of seen) {
    if (bucketed && name.endsWith('_bucket')) {
      const base = name.slice(0, -'_bucket'.length);
      for (const [suffix, quantile] of HISTOGRAM_QUANTILES) exposed.set(`${base}_${suffix}`, { name: `${base}_${suffix}`, kind: 'histogram', source: name, quantile });
      continue;
    }
    const base = name.replace(/_(sum|count)$/, '');
    if (base !== name && histogramBases.has(base)) continue;
    const counter = types.get(name) === 'counter' || types.get(base) === 'summary' || name.endsWith('_total');
    exposed.set(name, { name, kind: counter ? 'counter' : 'gauge', source: name });
  }
  return exposed;
}

/** What a name the investigator asks for reads, when the catalog has not seen it (a guess by convention). */
export function guessShape(name: string): ExposedMetric {
  const quantile = HISTOGRAM_QUANTILES.find(([suffix]) => name.endsWith(`_${suffix}`));
  if (quantile) return { name, kind: 'histogram', source: `${name.slice(0, -(quantile[0].length + 1))}_bucket`, quantile: quantile[1] };
  return { name, kind: name.endsWith('_total') ? 'counter' : 'gauge', source: name };
}
