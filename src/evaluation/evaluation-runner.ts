import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';
import { investigateBundle } from '../app/investigate-bundle';
import { errorMessage } from '../core/errors';
import type { Budget, Thresholds } from '../core/investigation/budget-schema';
import type { Reasoner } from '../core/ports/reasoner';
import { toPrediction } from '../core/report/prediction-format';
import { readBundleCase } from '../telemetry/bundle';
import { AnswerSchema, type Answer, type Prediction } from './prediction-schema';
import { scoreCase, scoreTable, type CaseScore, type GroupScore } from './scoring';

export interface EvaluationOptions {
  casesDir: string;
  answersDir?: string;
  predictionsDir: string;
  reasoner: Reasoner;
  budget: Budget;
  thresholds: Thresholds;
  /** Only these case ids (default: every folder with a case.json). */
  only?: readonly string[];
  onCase?: (progress: { id: string; index: number; total: number; prediction: Prediction; score?: CaseScore }) => void;
}

export interface EvaluationResult {
  predictions: Prediction[];
  scores: CaseScore[];
  groups: GroupScore[];
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
  await fs.mkdir(options.predictionsDir, { recursive: true });
  const ids = (await listCases(options.casesDir)).filter((id) => !options.only || options.only.includes(id));
  const predictions: Prediction[] = [];
  const scores: CaseScore[] = [];
  for (const [index, id] of ids.entries()) {
    const dir = path.join(options.casesDir, id);
    const prediction = await predict(id, dir, options);
    predictions.push(prediction);
    await fs.writeFile(path.join(options.predictionsDir, `${id}.json`), `${JSON.stringify(prediction, null, 2)}\n`);
    let score: CaseScore | undefined;
    const answer = options.answersDir ? await readAnswer(options.answersDir, id) : undefined;
    if (answer) {
      score = scoreCase(systemOf(dir), answer, prediction);
      scores.push(score);
    }
    options.onCase?.({ id, index, total: ids.length, prediction, score });
  }
  return { predictions, scores, groups: scoreTable(scores), peakMemoryMb: process.resourceUsage().maxRSS / 1024 };
}

async function predict(id: string, dir: string, options: EvaluationOptions): Promise<Prediction> {
  const started = Date.now();
  try {
    const result = await investigateBundle({ dir, reasoner: options.reasoner, budget: options.budget, thresholds: options.thresholds });
    return toPrediction(result.report, { id, durationMs: result.durationMs, tokens: result.report.budget.used.tokens, toolCalls: result.report.budget.used.queries });
  } catch (error) {
    return { id, ranking: [], abstained: true, durationMs: Date.now() - started, tokens: 0, toolCalls: 0, error: errorMessage(error) };
  }
}

function systemOf(dir: string): string {
  try {
    return readBundleCase(dir).system;
  } catch {
    return 'unknown';
  }
}

async function readAnswer(dir: string, id: string): Promise<Answer | undefined> {
  const file = path.join(dir, `${id}.json`);
  if (!existsSync(file)) return undefined;
  return AnswerSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
}
