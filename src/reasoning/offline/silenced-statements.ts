import { rateChangeScore } from '../../core/analysis/rate-comparison';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { LogTemplateCountsResult } from '../../core/telemetry/query-results';
import { timeRange } from '../../core/telemetry/time-range-schema';
import { isErrorish } from './log-levels';
import { operationKey, spanCounts } from './operation-traffic';
import type { ServiceFinding } from './service-finding';
import { strengthOf, type TriageWindows } from './triage-windows';

/** Fewer expected-but-missing lines than this is within chance. */
const MIN_MISSING_LINES = 2;
/**
 * Statements that stopped part-way are followed up with their own query, the most promising first:
 * at most this many per service (a faulty operation silences few statements) and in all.
 */
const FOLLOW_UPS_PER_SERVICE = 3;
const MAX_FOLLOW_UPS = 40;
/**
 * A statement seen during the incident must have been silent for long enough at its own pace: at
 * least this many of its lines would have been due (a silence that long by chance: < 5 %).
 */
const MIN_OWN_PACE_LINES = 3;

/**
 * One logging statement (level and logger, e.g. `INFO c.OrderService#40`) of one operation. Its
 * templates differ only by values; the statement is what a code path reaches or not.
 */
interface Statement {
  service: string;
  operation: string;
  location: string;
  template: string;
  before: number;
  now: number;
  lastSeenMs?: number;
}

const LEVEL_WORD = /^\[?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)\]?$/;

/**
 * The statement that wrote a line: its level and the logger that follows it (`INFO
 * c.OrderService#40`), wherever the format puts them after a timestamp or thread; the first two
 * words when no level word can be found.
 */
export function locationOf(template: string): string {
  const words = template.split(/\s+/).filter((w) => w !== '' && w !== '-');
  const level = words.findIndex((w) => LEVEL_WORD.test(w));
  return level >= 0 ? words.slice(level, level + 2).join(' ') : words.slice(0, 2).join(' ');
}

/**
 * Normal statements that stopped while their operation kept running (`log-vanished`): the code
 * path that reached them is no longer taken, as when an exception cuts an operation short.
 *
 * How many lines were due after a statement's last line comes from a follow-up query over exactly
 * that period: the operation's spans there, and the statements that ran alongside it in the
 * reference, each predict the count from their reference ratio. A companion statement (logged about
 * as often in the reference, so on the same code path) is trusted first, else the median
 * prediction: a workload that shifted which branches run moves the expectation with it. A statement
 * whose pause is short for its own pace is not silent. The score is the
 * surprise of seeing none of them, comparing two Poisson counts (`rateChangeScore`): k lines in
 * the reference and 0 where E were due gives sqrt(2k·ln(1 + E/k)), ≈ sqrt(2E) when k ≫ E.
 */
export async function surveySilencedStatements(
  context: InvestigationContext,
  windows: TriageWindows,
  hypothesisId: string | null,
  data: { base: LogTemplateCountsResult; current: LogTemplateCountsResult; dataStart: number; dataEnd: number; evidenceIds: string[] },
): Promise<ServiceFinding[]> {
  const { base, current, dataStart, dataEnd } = data;
  if (!Number.isFinite(dataEnd)) return [];
  const statements = joinStatements(base, current);
  const spansBefore = spanCounts(base);
  const spansNow = spanCounts(current);
  const refCounts = countsByStatement(base);
  const nowCounts = countsByStatement(current);
  const incidentStart = Date.parse(windows.incident.start);

  // A cheap upper bound over the whole incident picks the statements worth a follow-up query.
  const candidates = statements
    .filter((s) => s.before >= 1 && (spansBefore.get(operationKey(s)) ?? 0) > 0 && (spansNow.get(operationKey(s)) ?? 0) > 0)
    .filter((s) => (s.lastSeenMs ?? incidentStart) < dataEnd && silentLongEnough(s, dataStart, dataEnd))
    .map((s) => ({ statement: s, bound: Math.max(...predictions(s, refCounts, spansBefore, nowCounts, spansNow).map((p) => p.lines)) - s.now }))
    .filter((c) => c.bound >= MIN_MISSING_LINES)
    .sort((a, b) => b.bound - a.bound)
    .filter(withinFollowUpLimits());

  const silenced: Array<{ statement: Statement; missing: number; deviance: number; evidenceId?: string }> = [];
  for (const { statement } of candidates) {
    let after: { counts: Map<string, number>; spans: Map<string, number>; evidenceId?: string } = { counts: nowCounts, spans: spansNow };
    if (statement.lastSeenMs !== undefined) {
      const range = timeRange(statement.lastSeenMs + 1, Date.parse(windows.incident.end));
      const result = await context.query({ name: 'log_template_counts', params: { service: statement.service, groupBy: 'operation', range, limit: 2000 } }, hypothesisId);
      if (result.data?.kind !== 'log_template_counts' || !result.data.spansPerOperation) continue;
      after = { counts: countsByStatement(result.data), spans: spanCounts(result.data), evidenceId: result.evidence.id };
    }
    const expected = expectedLines(statement, refCounts, spansBefore, after.counts, after.spans);
    // Counts have the source's time resolution: lines of the statement may share the first bucket.
    const missing = expected - (statement.lastSeenMs !== undefined ? after.counts.get(statementKey(statement)) ?? 0 : 0);
    if (missing < MIN_MISSING_LINES) continue;
    // k lines over the reference's exposure, none over the exposure that made `missing` lines due.
    const k = statement.before;
    silenced.push({ statement, missing, deviance: rateChangeScore(k, k, 0, missing) ** 2, evidenceId: after.evidenceId });
  }
  return combineByStatement(silenced, spansBefore, data.evidenceIds);
}

/**
 * One finding per statement: when it went silent in several operations, the surprises add up
 * (independent Poisson deviances sum), and the detail names the operation that lost the most.
 */
function combineByStatement(silenced: Array<{ statement: Statement; missing: number; deviance: number; evidenceId?: string }>, spansBefore: Map<string, number>, evidenceIds: string[]): ServiceFinding[] {
  const groups = new Map<string, typeof silenced>();
  for (const item of silenced) {
    const key = `${item.statement.service}\u0000${item.statement.location}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].map((items) => {
    items.sort((a, b) => b.deviance - a.deviance);
    const { statement, missing } = items[0];
    const score = Math.sqrt(items.reduce((sum, item) => sum + item.deviance, 0));
    const since = statement.lastSeenMs !== undefined ? `after ${new Date(statement.lastSeenMs).toISOString()}` : 'during the whole incident';
    const others = items.length > 1 ? `; also silent in ${items.slice(1).map((item) => `${item.statement.operation} (~${round(item.missing)} missing)`).join(', ')}` : '';
    return {
      service: statement.service,
      family: 'log-vanished' as const,
      score,
      strength: strengthOf(score),
      direction: 'down' as const,
      signal: statement.template,
      detail:
        `${statement.service} ${statement.operation}: the line "${statement.template.slice(0, 160)}" stopped ${since} while the operation kept running ` +
        `(~${round(missing)} lines missing; ${statement.before} in ${spansBefore.get(operationKey(statement))} spans before)${others}`,
      evidenceIds: [...evidenceIds, ...items.flatMap((item) => (item.evidenceId ? [item.evidenceId] : []))],
      against: ['baseline'],
      operation: statement.operation,
      statement: statement.location,
      change: 'went-silent' as const,
    };
  });
}

/** The lines a statement seen during the incident would have written, at its own pace, in its silence. */
function silentLongEnough(s: Statement, dataStart: number, dataEnd: number): boolean {
  if (s.lastSeenMs === undefined) return true;
  const pace = s.now / Math.max(60_000, s.lastSeenMs - dataStart);
  return pace * (dataEnd - s.lastSeenMs) >= MIN_OWN_PACE_LINES;
}

/** Keeps statements that need no follow-up query, and the first ones per service that do. */
function withinFollowUpLimits(): (c: { statement: Statement }) => boolean {
  const perService = new Map<string, number>();
  let total = 0;
  return ({ statement }) => {
    if (statement.lastSeenMs === undefined) return true;
    const used = perService.get(statement.service) ?? 0;
    if (used >= FOLLOW_UPS_PER_SERVICE || total >= MAX_FOLLOW_UPS) return false;
    perService.set(statement.service, used + 1);
    total++;
    return true;
  };
}

/** A sibling logged this close to as often as the statement in the reference counts as its companion. */
const COMPANION_RATIO = 1.25;

/**
 * Predicted lines of a statement in a period: from its operation's spans there, and from each
 * sibling statement of the same operation that logged at least twice in the reference.
 */
function predictions(s: Statement, refCounts: Map<string, number>, spansBefore: Map<string, number>, counts: Map<string, number>, spans: Map<string, number>): Array<{ lines: number; ratio: number }> {
  const before = spansBefore.get(operationKey(s)) ?? 1;
  const out = [{ lines: (s.before * (spans.get(operationKey(s)) ?? 0)) / before, ratio: before / s.before }];
  const prefix = `${operationKey(s)}\u0000`;
  for (const [key, ref] of refCounts) {
    if (!key.startsWith(prefix) || key === statementKey(s) || ref < 2) continue;
    out.push({ lines: (s.before * (counts.get(key) ?? 0)) / ref, ratio: ref / s.before });
  }
  return out;
}

/**
 * The expected lines of a statement: a companion's prediction when it has one (a sibling logged
 * about as often in the reference is most likely on the same code path, so it counts how often the
 * path ran even when the workload shifted between branches), else the median prediction.
 */
function expectedLines(s: Statement, refCounts: Map<string, number>, spansBefore: Map<string, number>, counts: Map<string, number>, spans: Map<string, number>): number {
  const all = predictions(s, refCounts, spansBefore, counts, spans);
  const distance = (p: { ratio: number }) => Math.abs(Math.log(p.ratio));
  const companion = all.filter((p) => distance(p) <= Math.log(COMPANION_RATIO)).sort((a, b) => distance(a) - distance(b))[0];
  return companion ? companion.lines : median(all.map((p) => p.lines));
}

function joinStatements(base: LogTemplateCountsResult, current: LogTemplateCountsResult): Statement[] {
  const statements = new Map<string, Statement>();
  const entry = (t: LogTemplateCountsResult['templates'][number]): Statement | undefined => {
    if (!t.operation || isErrorish(t.level, t.template)) return undefined;
    const s: Statement = { service: t.service, operation: t.operation, location: locationOf(t.template), template: t.template, before: 0, now: 0 };
    const key = statementKey(s);
    const existing = statements.get(key) ?? s;
    statements.set(key, existing);
    return existing;
  };
  for (const t of base.templates) {
    const s = entry(t);
    if (s) s.before += t.count;
  }
  for (const t of current.templates) {
    const s = entry(t);
    if (!s) continue;
    s.now += t.count;
    if (t.lastSeen) s.lastSeenMs = Math.max(s.lastSeenMs ?? 0, Date.parse(t.lastSeen));
  }
  return [...statements.values()];
}

function countsByStatement(result: LogTemplateCountsResult): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of result.templates) {
    if (!t.operation || isErrorish(t.level, t.template)) continue;
    const key = statementKey({ service: t.service, operation: t.operation, location: locationOf(t.template) });
    counts.set(key, (counts.get(key) ?? 0) + t.count);
  }
  return counts;
}

function statementKey(s: { service: string; operation: string; location: string }): string {
  return `${operationKey(s)}\u0000${s.location}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
