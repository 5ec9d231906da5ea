import { MAD_TO_SIGMA, mad, mean, median } from '../../core/analysis/robust-statistics';
import type { ServiceGraph } from '../../core/analysis/topology-propagation';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { Series } from '../../core/telemetry/query-results';
import { valuesIn } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { familyOf } from './signal-families';
import { baselineMetricRange, strengthOf, type TriageWindows } from './triage-windows';

/** A latency must rise by this factor over the minutes before to count (20 %). */
const MIN_LATENCY_RISE = 1.2;
/** An availability must drop by this many percentage points below the minutes before. */
const MIN_AVAILABILITY_DROP = 1;
/** …and stand this many robust deviations outside the baseline, when there is one. */
const MIN_BASELINE_Z = 3;
/** A caller is explained by a direct callee carrying at least this share of its impact. */
const EXPLAINED_SHARE = 0.5;

interface Impact {
  service: string;
  excess: number;
  correlation: number;
  detail: string;
}

/**
 * Impact on users, for the alert's own signal: how many extra seconds of latency (or extra failed
 * requests) each service produced in the incident, compared with its recent normal, weighted by its
 * traffic. A small node that swings wildly barely matters; a busy service that slowed a little is
 * what users felt. Services whose impact a direct callee accounts for are explained by it.
 * Needs the symptom metric and a request-count metric per service; returns [] otherwise.
 */
export async function surveyImpact(context: InvestigationContext, windows: TriageWindows, graph: ServiceGraph | undefined, symptomService: string | undefined): Promise<ServiceFinding[]> {
  const signal = context.alert.symptom.signal;
  if (signal !== 'latency' && signal !== 'availability' && signal !== 'errors') return [];
  const names = [...new Set(Object.values(context.catalog.metrics).flat())];
  const metric = pickMetric(names, signal);
  const traffic = names.find((m) => familyOf(m) === 'traffic' && /request|ops|calls/i.test(m));
  if (!metric || !traffic) return [];
  const query = (name: string, range = context.window) => context.query({ name: 'metric_range', params: { metric: name, groupBy: 'service', aggregation: 'avg', stepSeconds: 0, range } }, null);
  const [values, load] = await Promise.all([query(metric), query(traffic)]);
  const baselineRange = baselineMetricRange(windows);
  const base = baselineRange ? await query(metric, baselineRange) : undefined;
  if (values.data?.kind !== 'metric_range' || load.data?.kind !== 'metric_range') return [];
  const evidenceIds = [values.evidence.id, load.evidence.id, ...(base ? [base.evidence.id] : [])];
  const loads = new Map(load.data.series.map((s) => [s.service, s]));
  const baselines = new Map(base?.data?.kind === 'metric_range' ? base.data.series.map((s) => [s.service, s.values]) : []);
  const symptom = values.data.series.find((s) => s.service === symptomService);
  const up = signal === 'latency' || signal === 'errors';

  const impacts: Impact[] = [];
  for (const series of values.data.series) {
    const impact = impactOf(series, loads.get(series.service), baselines.get(series.service), windows, up);
    if (!impact) continue;
    const correlation = series === symptom || !symptom ? 1 : Math.max(0, pearson(series, symptom, windows));
    impacts.push({ ...impact, correlation });
  }
  const anomalous = new Map(impacts.map((i) => [i.service, i]));
  const top = Math.max(0, ...impacts.map((i) => i.excess * i.correlation));
  if (!(top > 0)) return [];
  return impacts.map((impact) => {
    const explainer = (graph?.callees(impact.service) ?? []).map((c) => anomalous.get(c)).find((c) => c && c.excess >= EXPLAINED_SHARE * impact.excess);
    const share = (impact.excess * impact.correlation) / top;
    const score = (3 + 9 * share) * (explainer ? 0.5 : 1);
    return {
      service: impact.service,
      family: 'impact' as const,
      score,
      strength: strengthOf(score),
      direction: up ? 'up' : 'down',
      signal: metric,
      against: ['pre-incident'],
      detail: `${impact.detail}${explainer ? `; mostly explained by its callee ${explainer.service}` : ''}`,
      evidenceIds,
    } satisfies ServiceFinding;
  });
}

function pickMetric(names: string[], signal: 'latency' | 'availability' | 'errors'): string | undefined {
  const family = signal === 'latency' ? 'latency' : signal;
  const candidates = names.filter((m) => familyOf(m) === family).sort();
  return candidates.find((m) => /avg|mean/.test(m)) ?? candidates.find((m) => /p50|median/.test(m)) ?? candidates[0];
}

function impactOf(series: Series, load: Series | undefined, baseline: number[] | undefined, windows: TriageWindows, up: boolean): Omit<Impact, 'correlation'> | null {
  const incident = valuesIn(series.timestamps, series.values, windows.incident);
  const before = valuesIn(series.timestamps, series.values, windows.preIncident);
  if (incident.vs.length === 0 || before.vs.length === 0 || !load) return null; // appeared during the incident: its caller changed
  const worst = up ? Math.max(...incident.vs) : Math.min(...incident.vs);
  const recent = up ? worst >= MIN_LATENCY_RISE * Math.max(...before.vs) : Math.min(...before.vs) - worst >= MIN_AVAILABILITY_DROP;
  const hasBaseline = baseline !== undefined && baseline.length >= 3;
  const z = hasBaseline ? baselineZ(worst, baseline, up) : Infinity;
  if (!recent || z < MIN_BASELINE_Z) return null;
  const reference = hasBaseline ? (up ? Math.max(mean(before.vs), median(baseline)) : Math.min(mean(before.vs), median(baseline))) : mean(before.vs);
  let excess = 0;
  incident.ts.forEach((t, i) => {
    const requests = nearest(load, t);
    const delta = up ? incident.vs[i] - reference : (reference - incident.vs[i]) / 100;
    excess = Math.max(excess, delta * requests);
  });
  if (!(excess > 0)) return null;
  const unit = up ? 'extra seconds of waiting' : 'extra failed requests';
  return { service: series.service, excess, detail: `${series.metric} on ${series.service}: worst ${round(worst)} vs ${round(reference)} normal, about ${round(excess)} ${unit} per sample at its traffic` };
}

/**
 * Robust z of the worst incident value against the baseline, with a floor on the scale so a flat
 * baseline does not turn a blip into an anomaly: 5 % of the baseline latency, or half a percentage
 * point of availability.
 */
function baselineZ(worst: number, baseline: number[], up: boolean): number {
  const center = median(baseline);
  const floor = up ? 0.05 * Math.abs(center) : 0.5;
  const scale = Math.max(MAD_TO_SIGMA * mad(baseline), floor, 1e-9);
  return (up ? worst - center : center - worst) / scale;
}

function nearest(series: Series, t: number): number {
  let best = 0;
  let distance = Infinity;
  series.timestamps.forEach((ts, i) => {
    if (Math.abs(ts - t) < distance) {
      distance = Math.abs(ts - t);
      best = series.values[i];
    }
  });
  return Number.isFinite(best) ? best : 0;
}

function pearson(a: Series, b: Series, windows: TriageWindows): number {
  const range = { start: windows.preIncident?.start ?? windows.incident.start, end: windows.incident.end };
  const xs = valuesIn(a.timestamps, a.values, range);
  const pairs: Array<[number, number]> = [];
  xs.ts.forEach((t, i) => {
    const j = b.timestamps.indexOf(t);
    if (j >= 0) pairs.push([xs.vs[i], b.values[j]]);
  });
  if (pairs.length < 3) return 1;
  const mx = mean(pairs.map((p) => p[0]));
  const my = mean(pairs.map((p) => p[1]));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
