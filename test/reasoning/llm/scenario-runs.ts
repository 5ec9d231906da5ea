import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { investigateBundle } from '../../../src/app/investigate-bundle';
import { BudgetSchema, ThresholdsSchema, type Budget } from '../../../src/core/investigation/budget-schema';
import type { InvestigationEvent } from '../../../src/core/investigation/investigation-events';
import type { Reasoner } from '../../../src/core/ports/reasoner';
import type { Report } from '../../../src/core/report/report-schema';
import { writeScenario } from '../../../src/scenarios/scenario-catalog';

/** A built-in scenario written to a temporary folder, optionally edited (log lines, alert text). */
export async function scenarioBundle(id: string, edit?: { logs?: (lines: Array<Record<string, unknown>>, alertAt: number) => Array<Record<string, unknown>>; alertText?: (text: string) => string }): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `causa-llm-${id}-`));
  await writeScenario(id, dir);
  const casePath = path.join(dir, 'case.json');
  const caseFile = JSON.parse(await fs.readFile(casePath, 'utf8'));
  if (edit?.alertText) {
    caseFile.alert.text = edit.alertText(caseFile.alert.text);
    await fs.writeFile(casePath, `${JSON.stringify(caseFile, null, 2)}\n`);
  }
  if (edit?.logs) {
    const logsPath = path.join(dir, 'logs.jsonl');
    const lines = (await fs.readFile(logsPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const edited = edit.logs(lines, Date.parse(caseFile.alert.firedAt)).sort((a, b) => Date.parse(String(a.ts)) - Date.parse(String(b.ts)));
    await fs.writeFile(logsPath, `${edited.map((line) => JSON.stringify(line)).join('\n')}\n`);
  }
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Log lines of one service, every `everySeconds` over the `minutes` before `until` (ms). */
export function repeatedLines(service: string, instance: string, level: string, message: string, until: number, minutes = 12, everySeconds = 10): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let t = until - minutes * 60_000; t <= until; t += everySeconds * 1000) {
    out.push({ ts: new Date(t).toISOString(), service, instance, level, message, traceId: null, spanId: null });
  }
  return out;
}

export interface ScenarioRun {
  report: Report;
  events: InvestigationEvent[];
}

export async function runBundle(dir: string, reasoner: Reasoner, budget: Partial<Budget> = {}): Promise<ScenarioRun> {
  const { report, events } = await investigateBundle({ dir, reasoner, budget: BudgetSchema.parse(budget), thresholds: ThresholdsSchema.parse({}), clock: fixedClock() });
  return { report, events };
}

/** Deterministic timestamps, so two runs of the same bundle can be compared. */
function fixedClock(): () => number {
  let now = Date.parse('2030-01-01T00:00:00Z');
  return () => (now += 1);
}

/**
 * What must not change between two runs: every hypothesis with its verdict and the queries it ran
 * (by their text: siblings are tested in parallel, so evidence numbering may differ), and the
 * conclusion.
 */
export function decisionShape(report: Report) {
  const query = new Map(report.evidence.map((e) => [e.id, `${e.queryName} ${e.query}`]));
  return {
    hypotheses: report.hypotheses.map((h) => ({ id: h.id, kind: h.kind, subject: h.subject, status: h.status, confidence: h.confidence, queries: h.evidenceIds.map((id) => query.get(id) ?? id).sort() })),
    ranking: report.ranking.map((r) => [r.service, r.faultType, r.confidence]),
    abstained: report.abstained,
  };
}
