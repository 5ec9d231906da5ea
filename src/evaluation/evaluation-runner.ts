import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';
import { investigateBundle } from '../app/investigate-bundle';
import { errorMessage, InputError } from '../core/errors';
import type { Budget, Thresholds } from '../core/investigation/budget-schema';
import type { Reasoner } from '../core/ports/reasoner';
import { toPrediction } from '../core/report/prediction-format';
import { readBundleCase } from '../telemetry/bundle';
import { AnswerSchema, type Answer, type Prediction } from './prediction-schema';
import { liveScoreTable, scoreLiveCase, type LiveCaseScore, type LiveGroupScore } from './live-scoring';
import { replayLive, type LiveReplaySettings } from './live-replay';
import { scoreCase, scoreTable, type CaseScore, type GroupScore } from './scoring';

export interface EvaluationOptions {
  casesDir: string;
  answersDir?: string;
  predictionsDir: string;
  reasoner: Reasoner;
  budget: Budget;
  thresholds: Thresholds;
  /** Replays each case as if live (first answer shortly after the alert, follow-ups as data arrives). */
  liveReplay?: LiveReplaySettings;
  /** Only these case ids (default: every folder with a case.json). */
  only?: readonly string[];
  /** After each case; `answerProblem` says why its answer file could not be used (the case is not scored). */
  onCase?: (progress: { id: string; index: number; total: number; prediction: Prediction; score?: CaseScore; answerProblem?: string }) => void;
}

export interface EvaluationResult {
  predictions: Prediction[];
  scores: CaseScore[];
  groups: GroupScore[];
  /** Live replay only: first vs final answers per system. */
  liveGroups?: LiveGroupScore[];
  peakMemoryMb: number;
}

/** Case folders under `dir`: sub-folders holding a case.json (or case.json.gz), sorted by name. */
export async function listCases(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && (existsSync(path.join(dir, e.name, 'case.json')) || existsSync(path.join(dir, e.name, 'case.json.gz'))))
    .map((e) => e.name)
    .sort();
}

/**
 * Runs every case, one at a time, writing one predictions file per case. A case that fails is
 * recorded as a failed, abstaining prediction with its error; it never stops the run.
 */
export async function runEvaluation(options: EvaluationOptions): Promise<EvaluationResult> {
  await requireFolder(options.casesDir, '--cases', 'the folder holding one sub-folder per case (each with a case.json)');
  if (options.answersDir) await requireFolder(options.answersDir, '--answers', 'the folder holding one <case-id>.json answer file per case');
  await fs.mkdir(options.predictionsDir, { recursive: true });
  const ids = (await listCases(options.casesDir)).filter((id) => !options.only || options.only.includes(id));
  const predictions: Prediction[] = [];
  const scores: CaseScore[] = [];
  const liveScores: LiveCaseScore[] = [];
  for (const [index, id] of ids.entries()) {
    const dir = path.join(options.casesDir, id);
    const prediction = await predict(id, dir, options);
    predictions.push(prediction);
    await fs.writeFile(path.join(options.predictionsDir, `${id}.json`), `${JSON.stringify(prediction, null, 2)}\n`);
    let score: CaseScore | undefined;
    const read = options.answersDir ? await readAnswer(options.answersDir, id) : {};
    if (read.answer) {
      score = scoreCase(systemOf(dir), read.answer, prediction);
      scores.push(score);
      if (options.liveReplay) liveScores.push(scoreLiveCase(score.system, read.answer, prediction, options.liveReplay.followUps.confidentAt));
    }
    options.onCase?.({ id, index, total: ids.length, prediction, score, answerProblem: read.problem });
  }
  const live = options.liveReplay && liveScores.length > 0 ? { liveGroups: liveScoreTable(liveScores) } : {};
  return { predictions, scores, groups: scoreTable(scores), ...live, peakMemoryMb: process.resourceUsage().maxRSS / 1024 };
}

async function predict(id: string, dir: string, options: EvaluationOptions): Promise<Prediction> {
  const started = Date.now();
  try {
    if (options.liveReplay) return await predictLive(id, dir, options, options.liveReplay);
    const result = await investigateBundle({ dir, reasoner: options.reasoner, budget: options.budget, thresholds: options.thresholds });
    return toPrediction(result.report, { id, durationMs: result.durationMs, tokens: result.report.budget.used.tokens, toolCalls: result.report.budget.used.queries });
  } catch (error) {
    return { id, ranking: [], abstained: true, durationMs: Date.now() - started, tokens: 0, toolCalls: 0, error: errorMessage(error) };
  }
}

async function predictLive(id: string, dir: string, options: EvaluationOptions, settings: LiveReplaySettings): Promise<Prediction> {
  const replay = await replayLive(dir, { reasoner: options.reasoner, budget: options.budget, thresholds: options.thresholds, settings });
  const used = { tokens: replay.final.budget.used.tokens + (replay.looks > 1 ? replay.first.budget.used.tokens : 0), toolCalls: replay.final.budget.used.queries };
  const final = toPrediction(replay.final, { id, durationMs: replay.durationMs, tokens: used.tokens, toolCalls: used.toolCalls });
  const first = toPrediction(replay.first, { id, durationMs: 0, tokens: 0, toolCalls: 0 });
  return { ...final, firstRanking: first.ranking, firstConfidence: replay.first.confidence, firstAbstained: replay.first.abstained, finalAfterMs: replay.finalAfterMs, looks: replay.looks };
}

function systemOf(dir: string): string {
  try {
    return readBundleCase(dir).system;
  } catch {
    return 'unknown';
  }
}

/** A case's answer file; a malformed one is a problem naming the file, never the end of the run. */
async function readAnswer(dir: string, id: string): Promise<{ answer?: Answer; problem?: string }> {
  const file = path.join(dir, `${id}.json`);
  if (!existsSync(file)) return {};
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    return { problem: `${file} is not valid JSON (${errorMessage(error)}): case ${id} is not scored — fix or remove the file` };
  }
  const parsed = AnswerSchema.safeParse(data);
  if (parsed.success) return { answer: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ');
  return { problem: `${file} is not a valid answer file (${issues}): case ${id} is not scored — fix or remove the file` };
}

/** Fails before any work when a folder the run reads does not exist. */
async function requireFolder(dir: string, flag: string, what: string): Promise<void> {
  const stats = await fs.stat(dir).catch(() => undefined);
  if (!stats) throw new InputError(`${flag} ${dir} does not exist — pass ${what}`);
  if (!stats.isDirectory()) throw new InputError(`${flag} ${dir} is a file, not a folder — pass ${what}`);
}
