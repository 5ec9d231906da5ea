/**
 * Topology reasoning: which anomalies can be explained by others through the call graph, and
 * which anomalous service best explains the rest (the deepest anomalous callee).
 */
import { ServiceGraph } from './service-graph';

export { ServiceGraph } from './service-graph';
export type { ServiceGraphInput } from './service-graph';

/**
 * Whether an anomaly of `cause` can explain one of `effect` by propagation along calls: a
 * callee (directly or transitively) can slow down or fail its callers, a caller cannot do that
 * to its callees, and every service explains itself.
 */
export function explainsByPropagation(graph: ServiceGraph, cause: string, effect: string): boolean {
  return cause === effect || graph.hasPath(effect, cause);
}

/** One row of {@link rankByPropagation}. */
export interface PropagationRank {
  service: string;
  /** Own anomaly score, boosted for what it explains and demoted when explained (see below). */
  score: number;
  /** Other anomalous services this one can explain (its anomalous transitive callers). */
  explains: string[];
  /** Anomalous transitive callees with a comparable or larger score that can explain this one. */
  explainedBy: string[];
}

/** Options of {@link rankByPropagation}. */
export interface PropagationOptions {
  /** Scores at or above this count as anomalous (default 3, i.e. robust z ≥ 3). */
  anomalyThreshold?: number;
  /** A callee explains a service when its score is at least this share of the service's (default 0.5). */
  comparableShare?: number;
}

/** A descendant "explains away" a service when its score is at least this share of the service's. */
const COMPARABLE_SHARE = 0.5;
/** Score multiplier of an explained (demoted) service. */
const DEMOTION = 0.5;
/** A demoted service scores at most this share of its strongest explaining descendant. */
const BELOW_EXPLAINER = 0.9;

/**
 * Ranks the anomalous services (score ≥ threshold; non-finite scores are ignored) so that the
 * anomalous service that explains the others comes first.
 *
 * - Boost: score · (1 + share of the other anomalous services it explains), so the deepest
 *   anomalous callee of a chain gets up to twice its own score.
 * - Demotion: a service with an anomalous transitive callee whose own score is at least half of
 *   its own is explained by it: its boosted score is halved and capped at 90 % of that callee's
 *   (undemoted, boosted) score, and it is listed after every service that is not explained.
 *
 * Services without edges (or absent from the graph) keep their own score. Ties break by name.
 */
export function rankByPropagation(
  graph: ServiceGraph,
  scores: ReadonlyMap<string, number>,
  options: PropagationOptions = {},
): PropagationRank[] {
  const threshold = options.anomalyThreshold ?? 3;
  const comparableShare = options.comparableShare ?? COMPARABLE_SHARE;
  const anomalous = new Map<string, number>();
  for (const [service, score] of scores) {
    if (Number.isFinite(score) && score >= threshold) anomalous.set(service, score);
  }
  const others = Math.max(1, anomalous.size - 1);

  const rows = [...anomalous].map(([service, own]) => {
    const explains = graph.upstream(service).filter((s) => anomalous.has(s));
    const explainedBy = graph
      .downstream(service)
      .filter((s) => anomalous.has(s) && anomalous.get(s)! >= comparableShare * own);
    return { service, own, explains, explainedBy, boosted: own * (1 + explains.length / others) };
  });
  const boostedOf = new Map(rows.map((row) => [row.service, row.boosted]));

  const ranked = rows.map((row) => {
    if (row.explainedBy.length === 0) return { row, demoted: false, score: row.boosted };
    const strongestExplainer = Math.max(...row.explainedBy.map((s) => boostedOf.get(s)!));
    return { row, demoted: true, score: Math.min(row.boosted * DEMOTION, strongestExplainer * BELOW_EXPLAINER) };
  });
  ranked.sort(
    (a, b) =>
      Number(a.demoted) - Number(b.demoted) || b.score - a.score || a.row.service.localeCompare(b.row.service),
  );
  return ranked.map(({ row, score }) => ({
    service: row.service,
    score,
    explains: row.explains,
    explainedBy: row.explainedBy,
  }));
}
