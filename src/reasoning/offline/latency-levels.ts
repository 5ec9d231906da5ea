import { median, robustScale } from '../../core/analysis/robust-statistics';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { familyOf } from './signal-families';
import { referenceRanges, type TriageWindows } from './triage-windows';

/** A level must at least double… */
const MIN_RISE_RATIO = 2;
/** …and rise this far beyond its reference's spread (robust z) to count as risen. */
const MIN_RISE_Z = 4;
/** Samples a period needs for its median to count. */
const MIN_SAMPLES = 3;

/** One service's latency during the incident against its reference (medians). */
export interface Level {
  now: number;
  normal: number;
  /** Rose well beyond the reference (ratio and robust z). */
  risen: boolean;
  /** The incident's samples, by timestamp (seconds). */
  samples: ReadonlyMap<number, number>;
}

/** Per service, the latency of the calls it makes (client side) and of the calls it serves (server side). */
export interface LatencyLevels {
  /** The services whose client-side latency is measured. */
  callers: string[];
  client: (service: string) => Level | undefined;
  server: (service: string) => Level | undefined;
  evidenceIds: string[];
}

/**
 * Reads every service's client- and server-side latency over the incident and the references,
 * once for the surveys that need them. Undefined without a reference period. `upper` reads the
 * highest quantile each service exports instead of the first by name (p90 before p95 and p99): a
 * delay on a small share of the calls lifts only the upper quantiles.
 */
export async function readLatencyLevels(context: InvestigationContext, windows: TriageWindows, options: { upper?: boolean } = {}): Promise<LatencyLevels | undefined> {
  const references = referenceRanges(windows);
  if (references.length === 0) return undefined;
  const metrics = latencyMetrics(context, options.upper === true);
  const [client, server] = await Promise.all([
    levels(context, [...new Set(metrics.client.values())], windows.incident, references),
    levels(context, [...new Set(metrics.server.values())], windows.incident, references),
  ]);
  return {
    callers: [...metrics.client.keys()],
    client: (service) => client.levels.get(`${metrics.client.get(service)}\u0000${service}`),
    server: (service) => server.levels.get(`${metrics.server.get(service)}\u0000${service}`),
    evidenceIds: [...client.evidenceIds, ...server.evidenceIds],
  };
}

/**
 * Per calling service, its client-side latency metric; per service (callers and leaves alike), the
 * server-side counterpart: the same name with `client` → `server`, else a latency metric named for
 * the server side.
 */
function latencyMetrics(context: InvestigationContext, upper: boolean): { client: Map<string, string>; server: Map<string, string> } {
  const client = new Map<string, string>();
  const counterparts = new Set<string>();
  for (const [service, metrics] of Object.entries(context.catalog.metrics)) {
    const names = metrics.filter((m) => familyOf(m) === 'client-latency').sort();
    const name = upper ? [...names].sort((a, b) => (quantileOf(b) ?? 0) - (quantileOf(a) ?? 0))[0] : names[0];
    if (!name) continue;
    client.set(service, name);
    counterparts.add(name.toLowerCase().replace('client', 'server'));
  }
  const server = new Map<string, string>();
  for (const [service, metrics] of Object.entries(context.catalog.metrics)) {
    const name = metrics.filter((m) => counterparts.has(m.toLowerCase()) && familyOf(m) === 'latency').sort()[0];
    const named = metrics.filter((m) => familyOf(m) === 'latency' && /server/i.test(m)).sort()[0];
    if (name ?? named) server.set(service, (name ?? named) as string);
  }
  return { client, server };
}

/** Median level per (metric, service) in the incident and in the references. */
async function levels(context: InvestigationContext, metrics: string[], incident: TimeRange, references: TimeRange[]): Promise<{ levels: Map<string, Level>; evidenceIds: string[] }> {
  const out = new Map<string, Level>();
  const evidenceIds: string[] = [];
  for (const metric of metrics) {
    const query = (range: TimeRange) => context.query({ name: 'metric_range', params: { metric, groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } }, null);
    const [now, ...before] = await Promise.all([query(incident), ...references.map(query)]);
    evidenceIds.push(now.evidence.id, ...before.map((b) => b.evidence.id));
    if (now.data?.kind !== 'metric_range') continue;
    for (const series of now.data.series) {
      const service = series.service;
      if (!service) continue;
      const samples = new Map(series.timestamps.map((t, i) => [t, series.values[i]] as const).filter(([, v]) => Number.isFinite(v)));
      const current = [...samples.values()];
      const normal = before.flatMap((b) => (b.data?.kind === 'metric_range' ? b.data.series.filter((s) => s.service === service).flatMap((s) => s.values.filter(Number.isFinite)) : []));
      if (current.length < MIN_SAMPLES || normal.length < MIN_SAMPLES) continue;
      const level = { now: median(current), normal: median(normal) };
      const spread = Math.max(robustScale(normal), Math.abs(level.normal) * 0.05, 1e-6);
      out.set(`${metric}\u0000${service}`, { ...level, samples, risen: level.now >= MIN_RISE_RATIO * level.normal && (level.now - level.normal) / spread >= MIN_RISE_Z });
    }
  }
  return { levels: out, evidenceIds };
}

/** The quantile a metric name states (`…_p95_…` → 0.95, `p999` → 0.999), if it states one above the median. */
export function quantileOf(name: string): number | undefined {
  const match = /(?:^|[_.])p(\d{2,3})(?:[_.]|$)/i.exec(name);
  if (!match) return undefined;
  const q = Number(match[1]) / 10 ** match[1].length;
  return q > 0.5 && q < 1 ? q : undefined;
}
