import type { ServiceGraph } from '../../core/analysis/service-graph';
import type { InvestigationContext } from '../../core/ports/reasoner';
import { formatNumber } from './series-comparison';
import type { ServiceFinding } from './service-finding';
import { delayedBothWays, serverRise, wireRise, type InboundWait } from './both-ways-delay';
import { readLatencyLevels, type LatencyLevels, type Level } from './latency-levels';
import { ratioScore } from './ratio-score';
import { readQuantileSignature } from './quantile-signature';
import { strengthOf, type TriageWindows } from './triage-windows';

/** A rise its callees' own (server-side) rises leave at least this share of unexplained is on the wire. */
const UNEXPLAINED_SHARE = 0.5;
/** A caller's normal client latency at least this share of a callee's normal server latency: its calls include those answers. */
const CLIENT_COVERS_SERVER = 0.5;

/**
 * Link delay from metrics alone, for incidents whose traces do not cover the incident period:
 * per service, the latency of the calls it makes (client side) and of the calls it serves (server
 * side). A caller whose client latency rose while none of its callees' server latency rose as much
 * waits on the wire, on one of its links. The callee those delayed callers share, and no caller of
 * which stayed quiet, is the one whose inbound calls are delayed; when no callee is shared (one
 * caller with several callees), every link of that caller is reported, and the link attribution
 * puts the delay on the caller's side, unless the quantiles of the caller's client latency say
 * which share of its calls is delayed and only one callee's share fits. The findings are
 * `call-gap` findings, one per link, as the traces would have given.
 */
export async function surveyMetricLinkDelays(context: InvestigationContext, windows: TriageWindows, graph: ServiceGraph | undefined, latency?: LatencyLevels): Promise<ServiceFinding[]> {
  let upper: Promise<LatencyLevels | undefined> | undefined;
  const readUpper = () => (upper ??= readLatencyLevels(context, windows, { upper: true }));
  const found = await linkDelaysFrom(context, windows, graph, latency ?? (await readLatencyLevels(context, windows)), readUpper);
  if (found.length > 0 || !graph) return found;
  // A delay on a small share of a caller's calls lifts only the upper quantiles of its latency.
  return linkDelaysFrom(context, windows, graph, await readUpper(), readUpper);
}

async function linkDelaysFrom(context: InvestigationContext, windows: TriageWindows, graph: ServiceGraph | undefined, read: LatencyLevels | undefined, readUpper: () => Promise<LatencyLevels | undefined>): Promise<ServiceFinding[]> {
  if (!graph || !read || read.callers.length === 0) return [];
  const { client: clientOf, server: serverOf } = read;

  // Callers waiting on the wire, with the callees each may be waiting on, and how long they wait there.
  const delayed = new Map<string, string[]>();
  const waits = new Map<string, number>();
  for (const caller of read.callers) {
    const measured = wireRise(caller, graph, read);
    if (!clientOf(caller)?.risen || !measured || measured.wire < UNEXPLAINED_SHARE * measured.rise) continue;
    // A callee whose own time is not measured cannot be told from the wire before it.
    const onWire = graph.callees(caller).filter((callee) => callee !== caller && serverOf(callee) !== undefined && serverRise(callee, read) < UNEXPLAINED_SHARE * measured.rise);
    if (onWire.length === 0) continue;
    delayed.set(caller, onWire);
    waits.set(caller, measured.wire);
  }
  if (delayed.size === 0) return [];
  // A delayed caller whose own callers wait on the wire into it: its network delays both ways,
  // and every link it takes part in is on its side (read only when a delayed caller has callers).
  const called = [...waits.keys()].some((service) => graph.callers(service).some((caller) => caller !== service));
  const upper = called ? await readUpper() : undefined;
  const { both, clear } = upper ? delayedBothWays(graph, upper, waits) : { both: new Map<string, InboundWait[]>(), clear: new Set<string>() };
  const evidenceIds = [...read.evidenceIds, ...(both.size > 0 && upper ? upper.evidenceIds : [])];
  const bothWays = [...both].flatMap(([service, inbound]) => [
    ...inbound.map((wait) => inboundFinding(service, wait, evidenceIds)),
    ...(delayed.get(service) ?? []).map((callee) => ownSideFinding(service, callee, clientOf(service) as Level, serverOf(callee), evidenceIds, `${service}'s own callers wait on the wire to reach it too`)),
  ]);
  for (const service of both.keys()) delayed.delete(service);
  if (delayed.size === 0) return bothWays;
  return [...bothWays, ...(await linkDelaysAmong(context, windows, graph, read, delayed, clear, evidenceIds))];
}

/** The links of the callers waiting on the wire (`delayed`: caller → the callees it may wait on), put on the callee they share, the caller's side, or read from quantiles; `clear`: callers whose own callers do not wait on the wire into them. */
async function linkDelaysAmong(context: InvestigationContext, windows: TriageWindows, graph: ServiceGraph, read: LatencyLevels, delayed: ReadonlyMap<string, string[]>, clear: ReadonlySet<string>, evidenceIds: string[]): Promise<ServiceFinding[]> {
  const { client: clientOf, server: serverOf } = read;
  // Each candidate callee: the delayed callers that may be waiting on it; none of its callers quiet.
  const support = new Map<string, string[]>();
  for (const [caller, callees] of delayed) for (const callee of callees) support.set(callee, [...(support.get(callee) ?? []), caller]);
  const quiet = (callee: string) => graph.callers(callee).some((caller) => clientOf(caller) !== undefined && !clientOf(caller)?.risen);
  const candidates = [...support.entries()].filter(([callee]) => !quiet(callee));
  // A caller whose every waited-on callee answers its other callers on time waits on its own
  // network: its links are put on its side. Its calls must normally take at least about as long
  // as those callees' answers, or its client latency measures other calls than theirs.
  const measuresCallee = (caller: string, callee: string) => (clientOf(caller)?.normal ?? 0) >= CLIENT_COVERS_SERVER * (serverOf(callee)?.normal ?? Infinity);
  const own = [...delayed]
    .filter(([caller, callees]) => callees.every((callee) => quiet(callee) && measuresCallee(caller, callee)) && !candidates.some(([, callers]) => callers.includes(caller)))
    .flatMap(([caller, callees]) => callees.map((callee) => ownSideFinding(caller, callee, clientOf(caller) as Level, serverOf(callee), evidenceIds, `${callee}'s other callers do not wait`)));
  if (candidates.length === 0) return own;
  const most = Math.max(...candidates.map(([, callers]) => callers.length));
  const shared = candidates.filter(([, callers]) => callers.length === most);
  const findings = (links: Array<[string, string[]]>, share: number) =>
    links.flatMap(([callee, callers]) =>
      callers.map((caller) => {
        const link = linkFinding(caller, callee, clientOf(caller) as Level, serverOf(callee), callers, share, evidenceIds);
        // A caller whose own callers do not wait on the wire into it sends its answers on time:
        // its network is not the delayed one, however many of its links are in doubt.
        return clear.has(caller) ? { ...link, callerClear: true, detail: link.detail.replace('; read from latency metrics', `; ${caller}'s own callers do not wait on the wire to reach it, so its network is not the delayed one; read from latency metrics`) } : link;
      }),
    );
  // One callee all the delayed callers share: its inbound calls are delayed.
  if (most >= 2 && shared.length === 1) return [...findings(shared, 1), ...own];
  // Otherwise the callers' client latency quantiles may tell which link: the share of their calls
  // that is delayed (see readQuantileSignature).
  const links = candidates.flatMap(([callee, callers]) => callers.map((caller) => ({ caller, callee })));
  const signature = await readQuantileSignature(context, windows, links);
  if (signature) {
    const picked = candidates.filter(([callee]) => callee === signature.callee);
    const read = findings(picked, 1).map((f) => ({ ...f, detail: f.detail.replace('; read from latency metrics', `; ${signature.detail}; read from latency metrics`), evidenceIds: [...new Set([...f.evidenceIds, ...signature.evidenceIds])] }));
    return [...read, ...own];
  }
  // Otherwise the metrics cannot tell which link (or the caller's own network): every candidate
  // link is reported, each for its share of the doubt, and the attribution weighs the ends.
  return [...findings(candidates, 1 / shared.length), ...own];
}

/** A delayed link put on its caller's side, for the reason given: the callee answers its other callers on time, or the caller's own callers wait on it too. */
function ownSideFinding(caller: string, callee: string, level: Level, calleeLevel: Level | undefined, evidenceIds: string[], reason: string): ServiceFinding {
  const link = linkFinding(caller, callee, level, calleeLevel, [caller], 1, evidenceIds);
  return { ...link, service: caller, peer: callee, detail: link.detail.replace('; read from latency metrics', `; ${reason}, so the delay is on ${caller}'s side; read from latency metrics`) };
}

/** A caller waiting on the wire into a service that waits on the wire for its own calls (see {@link delayedBothWays}). */
function inboundFinding(service: string, wait: InboundWait, evidenceIds: string[]): ServiceFinding {
  const link = linkFinding(wait.caller, service, wait.level, wait.served, [wait.caller], 1, evidenceIds);
  const note = `, ${formatNumber(wait.wire)} s beyond what its callees' own latency rose (the highest quantile it exports); ${service} waits on the wire for its own calls as well: its network delays calls both ways`;
  return { ...link, detail: link.detail.replace(': the time is spent between them, on the wire', `: the time is spent between them, on the wire${note}`) };
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
