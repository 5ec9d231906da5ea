/**
 * A directed call graph between services: an edge caller → callee for every observed call.
 */

/** Input of {@link ServiceGraph}: the shape of a topology result. */
export interface ServiceGraphInput {
  services: readonly string[];
  calls: ReadonlyArray<{ from: string; to: string }>;
}

/**
 * Immutable call graph with reachability queries. Services named only in `calls` are added;
 * self-calls are ignored (a service always explains itself anyway). Unknown services have no
 * neighbours and reach nothing but themselves.
 */
export class ServiceGraph {
  private readonly calleeSets = new Map<string, Set<string>>();
  private readonly callerSets = new Map<string, Set<string>>();

  constructor(input: ServiceGraphInput) {
    for (const service of input.services) this.ensure(service);
    for (const { from, to } of input.calls) {
      this.ensure(from);
      this.ensure(to);
      if (from === to) continue;
      this.calleeSets.get(from)!.add(to);
      this.callerSets.get(to)!.add(from);
    }
  }

  /** Every service, in insertion order. */
  get services(): string[] {
    return [...this.calleeSets.keys()];
  }

  has(service: string): boolean {
    return this.calleeSets.has(service);
  }

  /** Services `service` calls directly. */
  callees(service: string): string[] {
    return [...(this.calleeSets.get(service) ?? [])];
  }

  /** Services that call `service` directly. */
  callers(service: string): string[] {
    return [...(this.callerSets.get(service) ?? [])];
  }

  /** Every service `service` calls, directly or transitively (never itself). */
  downstream(service: string): string[] {
    return [...this.distancesFrom(service, this.calleeSets).keys()].filter((s) => s !== service);
  }

  /** Every service that calls `service`, directly or transitively. */
  upstream(service: string): string[] {
    return [...this.distancesFrom(service, this.callerSets).keys()].filter((s) => s !== service);
  }

  /** Whether a chain of calls leads from `from` to `to` (true when they are the same service). */
  hasPath(from: string, to: string): boolean {
    return Number.isFinite(this.distance(from, to));
  }

  /**
   * Fewest calls from `from` to `to` along call direction: 0 for the same service, Infinity when
   * `to` is not reachable (or either service is unknown and they differ).
   */
  distance(from: string, to: string): number {
    if (from === to) return 0;
    return this.distancesFrom(from, this.calleeSets).get(to) ?? Infinity;
  }

  private ensure(service: string): void {
    if (!this.calleeSets.has(service)) {
      this.calleeSets.set(service, new Set());
      this.callerSets.set(service, new Set());
    }
  }

  /** Breadth-first distances from `start` over `edges`; `start` maps to 0. */
  private distancesFrom(start: string, edges: Map<string, Set<string>>): Map<string, number> {
    const distances = new Map<string, number>([[start, 0]]);
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head];
      for (const next of edges.get(current) ?? []) {
        if (distances.has(next)) continue;
        distances.set(next, distances.get(current)! + 1);
        queue.push(next);
      }
    }
    return distances;
  }
}
