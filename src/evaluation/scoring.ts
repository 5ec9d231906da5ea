import { median, quantile } from '../core/analysis/robust-statistics';
import { labelStatements, matchesCodeRegion } from './code-region';
import type { Answer, Prediction } from './prediction-schema';

export interface CaseScore {
  id: string;
  system: string;
  /** 1-based rank of the true service among distinct services, or null when absent. */
  rank: number | null;
  faultTypeHit: boolean;
  /** Whether the answer names a code region (log statements); only those cases count for code-region@1. */
  codeRegionCase: boolean;
  /** Top-1 has the right service and its location names the labelled code region. */
  codeRegionHit: boolean;
  /** The code-region hit for code-region cases, the fault-type hit for every other case. */
  fineGrainedHit: boolean;
  abstained: boolean;
  missing: boolean;
  failed: boolean;
  durationMs: number;
}

export interface GroupScore {
  system: string;
  cases: number;
  ac1: number;
  ac3: number;
  ac5: number;
  avg5: number;
  faultType1: number;
  /** Cases whose answer names a code region. */
  codeRegionCases: number;
  /** Over the code-region cases; null when the group has none. */
  codeRegion1: number | null;
  fineGrained1: number;
  abstained: number;
  missing: number;
  failed: number;
  medianMs: number;
  p95Ms: number;
}

/** Scores one case exactly as the benchmark defines it (distinct services, case-insensitive). */
export function scoreCase(system: string, answer: Answer, prediction: Prediction | undefined): CaseScore {
  const region = labelStatements(answer.rootCause.indicator);
  const codeRegionCase = region !== undefined;
  if (!prediction) {
    return { id: answer.id, system, rank: null, faultTypeHit: false, codeRegionCase, codeRegionHit: false, fineGrainedHit: false, abstained: false, missing: true, failed: false, durationMs: 0 };
  }
  const truth = answer.rootCause.service.toLowerCase();
  const distinct: string[] = [];
  for (const entry of prediction.ranking) {
    const service = entry.service.toLowerCase();
    if (!distinct.includes(service)) distinct.push(service);
  }
  const position = distinct.indexOf(truth);
  const scored = !prediction.abstained;
  const top = prediction.ranking[0];
  const topRight = scored && top !== undefined && top.service.toLowerCase() === truth;
  const faultTypeHit = topRight && top.faultType === answer.rootCause.faultType;
  const codeRegionHit = topRight && region !== undefined && matchesCodeRegion(region, top.location?.statements ?? []);
  return {
    id: answer.id,
    system,
    rank: scored && position >= 0 ? position + 1 : null,
    faultTypeHit,
    codeRegionCase,
    codeRegionHit,
    fineGrainedHit: codeRegionCase ? codeRegionHit : faultTypeHit,
    abstained: prediction.abstained,
    missing: false,
    failed: prediction.error !== undefined,
    durationMs: prediction.durationMs,
  };
}

export function aggregate(system: string, scores: CaseScore[]): GroupScore {
  const n = scores.length;
  const at = (k: number): number => (n === 0 ? 0 : scores.filter((s) => s.rank !== null && s.rank <= k).length / n);
  const share = (list: CaseScore[], hit: (s: CaseScore) => boolean): number => (list.length === 0 ? 0 : list.filter(hit).length / list.length);
  const regionCases = scores.filter((s) => s.codeRegionCase);
  const durations = scores.filter((s) => !s.missing).map((s) => s.durationMs);
  return {
    system,
    cases: n,
    ac1: at(1),
    ac3: at(3),
    ac5: at(5),
    avg5: (at(1) + at(2) + at(3) + at(4) + at(5)) / 5,
    faultType1: share(scores, (s) => s.faultTypeHit),
    codeRegionCases: regionCases.length,
    codeRegion1: regionCases.length === 0 ? null : share(regionCases, (s) => s.codeRegionHit),
    fineGrained1: share(scores, (s) => s.fineGrainedHit),
    abstained: scores.filter((s) => s.abstained).length,
    missing: scores.filter((s) => s.missing).length,
    failed: scores.filter((s) => s.failed).length,
    medianMs: durations.length ? median(durations) : 0,
    p95Ms: durations.length ? quantile(durations, 0.95) : 0,
  };
}

/** Per-system groups plus an "all" group pooled over cases. */
export function scoreTable(scores: CaseScore[]): GroupScore[] {
  const systems = [...new Set(scores.map((s) => s.system))].sort();
  return [...systems.map((system) => aggregate(system, scores.filter((s) => s.system === system))), aggregate('all', scores)];
}

export function renderScoreTable(groups: GroupScore[], peakMemoryMb: number): string {
  const header = '| system | cases | AC@1 | AC@3 | AC@5 | Avg@5 | fault-type@1 | code-region@1 | fine-grained@1 | abstained | missing | failed | median s | p95 s |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const f = (x: number): string => x.toFixed(3);
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  const region = (g: GroupScore): string => (g.codeRegion1 === null ? '—' : `${f(g.codeRegion1)} (${g.codeRegionCases})`);
  const rows = groups.map(
    (g) => `| ${g.system} | ${g.cases} | ${f(g.ac1)} | ${f(g.ac3)} | ${f(g.ac5)} | ${f(g.avg5)} | ${f(g.faultType1)} | ${region(g)} | ${f(g.fineGrained1)} | ${g.abstained} | ${g.missing} | ${g.failed} | ${s(g.medianMs)} | ${s(g.p95Ms)} |`,
  );
  return [header, rule, ...rows, '', `peak memory (RSS): ${peakMemoryMb.toFixed(0)} MB`, ''].join('\n');
}
