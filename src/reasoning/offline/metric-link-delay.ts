import { median, robustScale } from '../../core/analysis/robust-statistics';
import type { ServiceGraph } from '../../core/analysis/service-graph';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import { formatNumber } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { familyOf } from './signal-families';
import { ratioScore } from './trace-survey';
import { referenceRanges, strengthOf, type TriageWindows } from './triage-windows';

/** A caller's client latency must at least double… */
const MIN_RISE_RATIO = 2;
/** …and rise this far beyond its reference's spread (robust z) to count as risen. */
const MIN_RISE_Z = 4;
/** A rise its callees' own (server-side) rises leave at least this share of unexplained is on the wire. */
const UNEXPLAINED_SHARE = 0.5;
/** A caller's normal client latency at least this share of a callee's normal server latency: its calls include those answers. */
const CLIENT_COVERS_SERVER = 0.5;
/** Samples a period needs for its median to count. */
const MIN_SAMPLES = 3;

interface Level {
  now: number;
  normal: number;
  /** Rose well beyond the reference (ratio and robust z). */
  risen: boolean;
}

/**
 * Link delay from metrics alone, for incidents whose traces do not cover the incident period:
 * per service, the latency of the calls it makes (client side) and of the calls it serves (server
 * side). A caller whose client latency rose while none of its callees' server latency rose as much
 * waits on the wire, on one of its links. The callee those delayed callers share, and no caller of
 * which stayed quiet, is the one whose inbound calls are delayed; when no callee is shared (one
 * caller with several callees), every link of that caller is reported, and the link attribution
 * puts the delay on the caller's side. The findings are `call-gap` findings, one per link, as the
 * traces would have given.
 */
export async function surveyMetricLinkDelays(context: InvestigationContext, windows: TriageWindows, graph: ServiceGraph | undefined): Promise<ServiceFinding[]> {
  const references = referenceRanges(windows);
  if (!graph || references.length === 0) return [];
  const metrics = latencyMetrics(context);
  if (metrics.client.size === 0) return [];
  const [client, server] = await Promise.all([
    levels(context, [...new Set(metrics.client.values())], windows.incident, references),
    levels(context, [...new Set(metrics.server.values())], windows.incident, references),
  ]);
  const clientOf = (service: string) => client.levels.get(`${metrics.client.get(service)}\u0000${service}`);
  const serverOf = (service: string) => server.levels.get(`${metrics.server.get(service)}\u0000${service}`);

  // Callers waiting on the wire, with the callees each may be waiting on.
  const delayed = new Map<string, string[]>();
  for (const caller of metrics.client.keys()) {
    const level = clientOf(caller);
    if (!level?.risen) continue;
    const rise = level.now - level.normal;
    const calleeRise = (callee: string) => {
      const own = serverOf(callee);
      return own ? Math.max(0, own.now - own.normal) : 0;
    };
    const callees = graph.callees(caller).filter((c) => c !== caller);
    if (callees.length === 0) continue;
    if (rise - Math.max(...callees.map(calleeRise)) < UNEXPLAINED_SHARE * rise) continue;
    // A callee whose own time is not measured cannot be told from the wire before it.
    const onWire = callees.filter((callee) => serverOf(callee) !== undefined && calleeRise(callee) < UNEXPLAINED_SHARE * rise);
    if (onWire.length > 0) delayed.set(caller, onWire);
  }
  if (delayed.size === 0) return [];
  // Each candidate callee: the delayed callers that may be waiting on it; none of its callers quiet.
  const support = new Map<string, string[]>();
  for (const [caller, callees] of delayed) for (const callee of callees) support.set(callee, [...(support.get(callee) ?? []), caller]);
  const quiet = (callee: string) => graph.callers(callee).some((caller) => clientOf(caller) !== undefined && !clientOf(caller)?.risen);
  const candidates = [...support.entries()].filter(([callee]) => !quiet(callee));
  const evidenceIds = [...client.evidenceIds, ...server.evidenceIds];
  // A caller whose every waited-on callee answers its other callers on time waits on its own
  // network: its links are put on its side. Its calls must normally take at least about as long
  // as those callees' answers, or its client latency measures other calls than theirs.
  const measuresCallee = (caller: string, callee: string) => (clientOf(caller)?.normal ?? 0) >= CLIENT_COVERS_SERVER * (serverOf(callee)?.normal ?? Infinity);
  const own = [...delayed]
    .filter(([caller, callees]) => callees.every((callee) => quiet(callee) && measuresCallee(caller, callee)) && !candidates.some(([, callers]) => callers.includes(caller)))
    .flatMap(([caller, callees]) => callees.map((callee) => ownSideFinding(caller, callee, clientOf(caller) as Level, serverOf(callee), evidenceIds)));
  if (candidates.length === 0) return own;
  const most = Math.max(...candidates.map(([, callers]) => callers.length));
  const shared = candidates.filter(([, callers]) => callers.length === most);
  const findings = (links: Array<[string, string[]]>, share: number) =>
    links.flatMap(([callee, callers]) => callers.map((caller) => linkFinding(caller, callee, clientOf(caller) as Level, serverOf(callee), callers, share, evidenceIds)));
  // One callee all the delayed callers share: its inbound calls are delayed.
  if (most >= 2 && shared.length === 1) return [...findings(shared, 1), ...own];
  // Otherwise the metrics cannot tell which link (or the caller's own network): every candidate
  // link is reported, each for its share of the doubt, and the attribution weighs the ends.
  return [...findings(candidates, 1 / shared.length), ...own];
}

/** A delayed link put on its caller's side: the callee answers its other callers on time. */
function ownSideFinding(caller: string, callee: string, level: Level, calleeLevel: Level | undefined, evidenceIds: string[]): ServiceFinding {
  const link = linkFinding(caller, callee, level, calleeLevel, [caller], 1, evidenceIds);
  return { ...link, service: caller, peer: callee, detail: link.detail.replace('; read from latency metrics', `; ${callee}'s other callers do not wait, so the delay is on ${caller}'s side; read from latency metrics`) };
}

function linkFinding(caller: string, callee: string, level: Level, calleeLevel: Level | undefined, callers: string[], share: number, evidenceIds: string[]): ServiceFinding {
  const score = ratioScore(level.now, level.normal, 0, 20) * share;
  const others = callers.filter((c) => c !== caller);
  const server = calleeLevel ? `, while ${callee}'s own server latency went ${formatNumber(calleeLevel.normal)} → ${formatNumber(calleeLevel.now)} s` : ', while its callees\' own server latency held';
  return {
    service: callee,
    peer: caller,
    family: 'call-gap',
    score,
    strength: strengthOf(score),
    direction: 'up',
    signal: `calls ${caller} → ${callee} (metrics)`,
    detail: `${caller}'s client latency went ${formatNumber(level.normal)} → ${formatNumber(level.now)} s${server}: the time is spent between them, on the wire${others.length > 0 ? ` (${others.join(', ')} call${others.length === 1 ? 's' : ''} ${callee} and waits the same way)` : ''}; read from latency metrics, no traces cover the incident`,
    evidenceIds,
    against: ['baseline'],
  };
}

/**
 * Per calling service, its client-side latency metric; per service (callers and leaves alike), the
 * server-side counterpart: the same name with `client` → `server`.
 */
export function latencyMetrics(context: InvestigationContext): { client: Map<string, string>; server: Map<string, string> } {
  const client = new Map<string, string>();
  const counterparts = new Set<string>();
  for (const [service, metrics] of Object.entries(context.catalog.metrics)) {
    const name = metrics.filter((m) => familyOf(m) === 'client-latency').sort()[0];
    if (!name) continue;
    client.set(service, name);
    counterparts.add(name.toLowerCase().replace('client', 'server'));
  }
  const server = new Map<string, string>();
  for (const [service, metrics] of Object.entries(context.catalog.metrics)) {
    const name = metrics.filter((m) => counterparts.has(m.toLowerCase()) && familyOf(m) === 'latency').sort()[0];
    if (name) server.set(service, name);
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
      const current = series.values.filter(Number.isFinite);
      const normal = before.flatMap((b) => (b.data?.kind === 'metric_range' ? b.data.series.filter((s) => s.service === service).flatMap((s) => s.values.filter(Number.isFinite)) : []));
      if (current.length < MIN_SAMPLES || normal.length < MIN_SAMPLES) continue;
      const level = { now: median(current), normal: median(normal) };
      const spread = Math.max(robustScale(normal), Math.abs(level.normal) * 0.05, 1e-6);
      out.set(`${metric}\u0000${service}`, { ...level, risen: level.now >= MIN_RISE_RATIO * level.normal && (level.now - level.normal) / spread >= MIN_RISE_Z });
    }
  }
  return { levels: out, evidenceIds };
}
