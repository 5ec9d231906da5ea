import { median } from '../core/analysis/robust-statistics';
import type { Answer, Prediction } from './prediction-schema';
import { scoreCase } from './scoring';

/** How one live-replayed case went: its first answer and its final one. */
export interface LiveCaseScore {
  id: string;
  system: string;
  firstHit: boolean;
  finalHit: boolean;
  /** The first answer named a cause with confidence at or above the confident level. */
  firstConfident: boolean;
  finalAfterMs: number;
  looks: number;
}

export interface LiveGroupScore {
  system: string;
  cases: number;
  firstAc1: number;
  finalAc1: number;
  /** First answers that named a cause confidently. */
  confidentFirst: number;
  /** Of those, the share that were right (null when there were none). */
  confidentFirstRight: number | null;
  medianFinalAfterMs: number;
  medianLooks: number;
}

export function scoreLiveCase(system: string, answer: Answer, prediction: Prediction, confidentAt: number): LiveCaseScore {
  const final = scoreCase(system, answer, prediction);
  const firstPrediction: Prediction = { ...prediction, ranking: prediction.firstRanking ?? [], abstained: prediction.firstAbstained ?? true };
  const first = scoreCase(system, answer, firstPrediction);
  return {
    id: answer.id,
    system,
    firstHit: first.rank === 1,
    finalHit: final.rank === 1,
    firstConfident: !firstPrediction.abstained && firstPrediction.ranking.length > 0 && (prediction.firstConfidence ?? 0) >= confidentAt,
    finalAfterMs: prediction.finalAfterMs ?? 0,
    looks: prediction.looks ?? 1,
  };
}

function aggregateLive(system: string, scores: LiveCaseScore[]): LiveGroupScore {
  const n = scores.length;
  const share = (hit: (s: LiveCaseScore) => boolean): number => (n === 0 ? 0 : scores.filter(hit).length / n);
  const confident = scores.filter((s) => s.firstConfident);
  return {
    system,
    cases: n,
    firstAc1: share((s) => s.firstHit),
    finalAc1: share((s) => s.finalHit),
    confidentFirst: confident.length,
    confidentFirstRight: confident.length === 0 ? null : confident.filter((s) => s.firstHit).length / confident.length,
    medianFinalAfterMs: n === 0 ? 0 : median(scores.map((s) => s.finalAfterMs)),
    medianLooks: n === 0 ? 0 : median(scores.map((s) => s.looks)),
  };
}

/** Per-system groups plus an "all" group pooled over cases. */
export function liveScoreTable(scores: LiveCaseScore[]): LiveGroupScore[] {
  const systems = [...new Set(scores.map((s) => s.system))].sort();
  return [...systems.map((system) => aggregateLive(system, scores.filter((s) => s.system === system))), aggregateLive('all', scores)];
}

export function renderLiveTable(groups: LiveGroupScore[], settings: { alertDelayMs: number; confidentAt: number }): string {
  const f = (x: number): string => x.toFixed(3);
  const title = `live replay, alert ${settings.alertDelayMs / 1000} s after the recorded time, first answer 1 minute after the alert`;
  const header = `| system | cases | AC@1 first | AC@1 final | first answers ≥ ${settings.confidentAt} | of those right | median s to final | median looks |`;
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|';
  const rows = groups.map(
    (g) => `| ${g.system} | ${g.cases} | ${f(g.firstAc1)} | ${f(g.finalAc1)} | ${g.confidentFirst} | ${g.confidentFirstRight === null ? '—' : f(g.confidentFirstRight)} | ${(g.medianFinalAfterMs / 1000).toFixed(0)} | ${g.medianLooks} |`,
  );
  return [title, '', header, rule, ...rows, ''].join('\n');
}
