import { CHANGE_KINDS, type Hypothesis } from '../investigation/hypothesis-schema';
import type { Thresholds } from '../investigation/budget-schema';

/** A hypothesis put forward as a root cause, with the score the ranking sorted it by. */
export interface RankedCandidate {
  hypothesis: Hypothesis;
  /** 0..1; becomes the ranking entry's confidence. */
  score: number;
  /** 0 for the deepest supported nodes, 1 for the fallbacks listed after them. */
  tier: 0 | 1;
}

const HELD: ReadonlySet<string> = new Set(['supported', 'confirmed']);

/** Compares hierarchical ids numerically, so H1.2 < H1.10 < H2 (depth-first order). */
export function compareHypothesisIds(a: string, b: string): number {
  const pa = a.slice(1).split('.').map(Number);
  const pb = b.slice(1).split('.').map(Number);
  for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i] || a.localeCompare(b);
  }
  return pa.length - pb.length || a.localeCompare(b);
}

/** Ancestors of a node, root first; stops at a missing or cyclic parent rather than throwing. */
export function ancestorsOf(hypothesis: Hypothesis, byId: ReadonlyMap<string, Hypothesis>): Hypothesis[] {
  const out: Hypothesis[] = [];
  const seen = new Set([hypothesis.id]);
  let parent = hypothesis.parentId === null ? undefined : byId.get(hypothesis.parentId);
  while (parent && !seen.has(parent.id)) {
    seen.add(parent.id);
    out.unshift(parent);
    parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
  }
  return out;
}

/** Nodes that are vetoed or sit below a vetoed node: a person ruled the whole branch out. */
export function vetoedBranch(hypotheses: readonly Hypothesis[]): Set<string> {
  const byId = new Map(hypotheses.map((h) => [h.id, h]));
  const out = new Set<string>();
  for (const h of hypotheses) {
    if (h.status === 'vetoed' || ancestorsOf(h, byId).some((a) => a.status === 'vetoed')) out.add(h.id);
  }
  return out;
}

/**
 * Ranks root-cause candidates. First the deepest supported nodes (supported or confirmed with no
 * supported or confirmed descendant), scored by their confidence, a confirmed node counting at
 * least `supportAt`. Then, as fallbacks, inconclusive nodes (confidence × 0.5) and supported
 * non-leaf nodes (confidence × 0.8). Refuted and vetoed nodes and anything below a veto are never
 * candidates. Within a tier: score descending, then deeper first, then by id. Services are
 * deduplicated case-insensitively, keeping the first entry.
 */
export function rankCandidates(
  hypotheses: readonly Hypothesis[],
  thresholds: Thresholds,
  explains?: (cause: Hypothesis, effect: Hypothesis) => boolean,
): RankedCandidate[] {
  const byId = new Map(hypotheses.map((h) => [h.id, h]));
  const excluded = vetoedBranch(hypotheses);
  const eligible = hypotheses.filter((h) => !excluded.has(h.id));
  const hasHeldDescendant = new Set<string>();
  for (const h of eligible) {
    if (!HELD.has(h.status)) continue;
    for (const ancestor of ancestorsOf(h, byId)) {
      // A deeper cause explains this node only when it is about as well established: a weak
      // dependency, or a weak side effect in the same service (memory that grew a little while the
      // CPU sat at its limit), does not take the blame from a strong finding here.
      if (comparable(h, ancestor)) hasHeldDescendant.add(ancestor.id);
    }
  }

  const candidates: RankedCandidate[] = [];
  for (const h of eligible) {
    const confidence = h.confidence ?? 0;
    if (HELD.has(h.status) && !hasHeldDescendant.has(h.id)) {
      const score = h.status === 'confirmed' ? Math.max(confidence, thresholds.supportAt) : confidence;
      candidates.push({ hypothesis: h, score, tier: 0 });
    } else if (HELD.has(h.status)) {
      candidates.push({ hypothesis: h, score: confidence * 0.8, tier: 1 });
    } else if (h.status === 'inconclusive') {
      candidates.push({ hypothesis: h, score: confidence * 0.5, tier: 1 });
    }
  }

  // A leaf is as established as the strongest supported link of its own service above it that it explains.
  const chainScore = (c: RankedCandidate): number =>
    Math.max(
      c.score,
      ...ancestorsOf(c.hypothesis, byId)
        .filter((a) => HELD.has(a.status) && a.subject.service === c.hypothesis.subject.service && comparable(c.hypothesis, a))
        .map((a) => a.confidence ?? 0),
    );
  const representatives = deepestPerService(candidates, chainScore);
  representatives.sort(
    (a, b) =>
      a.tier - b.tier ||
      b.score - a.score ||
      b.hypothesis.depth - a.hypothesis.depth ||
      (b.hypothesis.magnitude ?? 0) - (a.hypothesis.magnitude ?? 0) ||
      compareHypothesisIds(a.hypothesis.id, b.hypothesis.id),
  );
  const seen = new Set<string>();
  const distinct = representatives.filter((c) => {
    const key = c.hypothesis.subject.service.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return explains ? promoteExplainingCauses(distinct, explains) : distinct;
}

/** Confidences closer than this are a tie. */
const SCORE_TIE = 0.05;

/** Leaves within this share of a service's best leaf count as equally established explanations. */
const COMPARABLE_LEAF_SHARE = 0.85;

/**
 * Whether a deeper node is established well enough to stand for (explain) an ancestor. A change of
 * the same service always does: it is where that service's anomaly came from, and its confidence
 * rests on timing, not on the size of a second anomaly.
 */
function comparable(deeper: Hypothesis, ancestor: Hypothesis): boolean {
  if (CHANGE_KINDS.has(deeper.kind) && deeper.subject.service === ancestor.subject.service) return true;
  return (deeper.confidence ?? 0) >= COMPARABLE_LEAF_SHARE * (ancestor.confidence ?? 0);
}

/**
 * Within one service, the deepest of its comparably established supported explanations subsumes
 * the shallower ones (a deploy that caused the exceptions that caused the latency): it represents
 * the service, scored with the best score any of the service's supported nodes reached. A weak
 * deep leaf does not override a strong shallow one.
 */
function deepestPerService(candidates: RankedCandidate[], chainScore: (c: RankedCandidate) => number): RankedCandidate[] {
  const top = new Map<string, number>();
  const bestLeaf = new Map<string, number>();
  for (const c of candidates) {
    const key = c.hypothesis.subject.service.toLowerCase();
    // A service is as well established as its best supported node, leaf or not.
    if (HELD.has(c.hypothesis.status)) top.set(key, Math.max(top.get(key) ?? 0, c.tier === 0 ? c.score : c.hypothesis.confidence ?? 0));
    if (c.tier === 0) bestLeaf.set(key, Math.max(bestLeaf.get(key) ?? 0, chainScore(c)));
  }
  const best = new Map<string, RankedCandidate>();
  for (const c of candidates) {
    const key = c.hypothesis.subject.service.toLowerCase();
    if (c.tier !== 0 || chainScore(c) < COMPARABLE_LEAF_SHARE * (bestLeaf.get(key) ?? 0)) continue;
    const current = best.get(key);
    if (!current || deeperOrStronger(c, current)) best.set(key, c);
  }
  return candidates.map((c) => {
    if (c.tier !== 0) return c;
    const key = c.hypothesis.subject.service.toLowerCase();
    return best.get(key) === c ? { ...c, score: top.get(key) ?? c.score } : { ...c, score: c.score * 0.99 };
  });
}

/**
 * Deeper first. At equal depth, the larger measured change (when both were measured): within one
 * service it tells which signal actually moved (a memory leak also keeps a CPU busy, but memory is
 * what changed most); then the higher score.
 */
function deeperOrStronger(a: RankedCandidate, b: RankedCandidate): boolean {
  if (a.hypothesis.depth !== b.hypothesis.depth) return a.hypothesis.depth > b.hypothesis.depth;
  // Clearly better established first (confidence carries how telling the evidence is); sizes of
  // changes in different signals are compared only between comparably established explanations.
  if (Math.abs(a.score - b.score) > SCORE_TIE) return a.score > b.score;
  const ma = a.hypothesis.magnitude;
  const mb = b.hypothesis.magnitude;
  if (ma !== undefined && mb !== undefined && ma !== mb) return ma > mb;
  return a.score > b.score;
}

/**
 * Moves a candidate ahead of another when its service explains the other's through the topology
 * (a slow or failing callee explains its caller) and not the other way round, and their scores tie
 * (within SCORE_TIE): of two comparably anomalous services, the deeper one is the cause.
 */
function promoteExplainingCauses(ranked: RankedCandidate[], explains: (cause: Hypothesis, effect: Hypothesis) => boolean): RankedCandidate[] {
  const out = [...ranked];
  let moves = 0;
  const maxMoves = out.length * out.length;
  for (let i = 0; i < out.length && moves < maxMoves; i += 1) {
    for (let j = i + 1; j < out.length; j += 1) {
      const effect = out[i];
      const cause = out[j];
      const a = effect.hypothesis;
      const b = cause.hypothesis;
      if (cause.tier <= effect.tier && cause.score >= effect.score - SCORE_TIE && explains(b, a) && !explains(a, b)) {
        out.splice(j, 1);
        out.splice(i, 0, cause);
        moves += 1;
        j = i; // re-examine the new order from this position
      }
    }
  }
  return out;
}
