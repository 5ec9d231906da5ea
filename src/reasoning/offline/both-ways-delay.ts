import type { ServiceGraph } from '../../core/analysis/service-graph';
import { quantile } from '../../core/analysis/robust-statistics';
import type { LatencyLevels, Level } from './latency-levels';

/** A caller waits on the wire into a service when at least this share of that service's own wait on the wire is left over. */
const INBOUND_SHARE = 0.5;

/** Where a caller's client latency went beyond what its callees' own latency can account for. */
export interface WireRise {
  /** The caller's client latency rise. */
  rise: number;
  /** The part of it no callee's own (server-side) rise accounts for: time on the wire (0 when none). */
  wire: number;
}

/** The rise of a service's own (server-side) latency, 0 when it fell or is not measured. */
export function serverRise(service: string, read: LatencyLevels): number {
  const own = read.server(service);
  return own ? Math.max(0, own.now - own.normal) : 0;
}

/** How far a caller's client latency rose, and how much of that is beyond its callees' own rises. Undefined without a measured client latency or callees. */
export function wireRise(caller: string, graph: ServiceGraph, read: LatencyLevels): WireRise | undefined {
  const level = read.client(caller);
  const callees = graph.callees(caller).filter((c) => c !== caller);
  if (!level || callees.length === 0) return undefined;
  const rise = level.now - level.normal;
  return { rise, wire: Math.max(0, rise - Math.max(...callees.map((callee) => serverRise(callee, read)))) };
}

/** A caller that waits on the wire into a service whose own calls wait on the wire too. */
export interface InboundWait {
  caller: string;
  /** The caller's client latency, at the highest quantile it exports. */
  level: Level;
  /** The service's own latency at the same quantile. */
  served: Level | undefined;
  /** The caller's wait on the wire into the service (seconds). */
  wire: number;
}

/** The share of its own wait on the wire a service must have added to its own latency in a sample for that sample to show the delay. */
const SHOWS_DELAY = 0.5;
/** The upper quartile of the caller's wait over the samples where the delay shows: its calls into the service are then among its slowest. */
const ENVELOPE = 0.75;
/** Samples needed to read a caller's wait. */
const MIN_SAMPLES = 3;

/**
 * Services whose network delays calls both ways: each service that waits on the wire for its own
 * calls (`waits`, from the survey of callers) and whose callers also wait on the wire to reach it.
 * A slow pod network delays the answers it sends as well as the calls it makes, so its own latency
 * rises by the delay of its calls, which hides the wire into it at a middle quantile (the caller's
 * rise is no longer mostly unexplained). So each caller is read at the highest quantile it
 * exports, sample by sample where the service's own latency shows the delay: the caller's rise
 * beyond every one of its callees' own rises in that sample is its wait on the wire. Its calls
 * into the service are a small share of its calls, and sit on that quantile only in some samples,
 * so the upper quartile of those waits is read. A caller of a service that is only slow itself
 * (its callee's network delayed) rises no more than that service's own latency, and waits nothing.
 *
 * A service whose callers were read that way and none of which waits on the wire into it is
 * `clear`: its answers leave on time, so its network is not what delays its calls either, and
 * the delay is on one of the links out of it (the callee's side).
 */
export function delayedBothWays(graph: ServiceGraph, upper: LatencyLevels, waits: ReadonlyMap<string, number>): { both: Map<string, InboundWait[]>; clear: Set<string> } {
  const both = new Map<string, InboundWait[]>();
  const clear = new Set<string>();
  for (const [service, wait] of waits) {
    const own = upper.server(service);
    if (!own) continue;
    const shows = new Set([...own.samples].filter(([, v]) => v - own.normal >= SHOWS_DELAY * wait).map(([t]) => t));
    let read = 0;
    const inbound = graph
      .callers(service)
      .filter((caller) => caller !== service)
      .flatMap((caller): InboundWait[] => {
        const level = upper.client(caller);
        if (!level?.risen) return [];
        const waited = sampleWaits(caller, graph, upper, shows);
        if (waited.length < MIN_SAMPLES) return [];
        read++;
        const wire = quantile(waited, ENVELOPE);
        return wire >= INBOUND_SHARE * wait ? [{ caller, level, served: own, wire }] : [];
      });
    if (inbound.length > 0) both.set(service, inbound);
    else if (read > 0) clear.add(service);
  }
  return { both, clear };
}

/** Per sample (of those given), how far the caller's client latency rose beyond the most any callee's own latency rose then. */
function sampleWaits(caller: string, graph: ServiceGraph, read: LatencyLevels, at: ReadonlySet<number>): number[] {
  const client = read.client(caller);
  if (!client) return [];
  const callees = graph
    .callees(caller)
    .filter((c) => c !== caller)
    .map((callee) => read.server(callee))
    .filter((level): level is Level => level !== undefined);
  return [...client.samples]
    .filter(([t]) => at.has(t))
    .map(([t, v]) => v - client.normal - Math.max(0, ...callees.map((level) => (level.samples.get(t) ?? level.normal) - level.normal)));
}
