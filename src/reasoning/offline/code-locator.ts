import { templateOf } from '../../core/analysis/log-template';
import { findDivergence, type StatementChange, type StatementSequence } from '../../core/analysis/statement-sequence';
import type { CodeLocation } from '../../core/investigation/code-location-schema';
import type { InvestigationContext } from '../../core/ports/reasoner';
import type { LogLine } from '../../core/telemetry/query-results';
import type { TimeRange } from '../../core/telemetry/time-range-schema';
import type { ServiceFinding } from './service-finding';
import type { SessionState } from './session-state';
import { locationOf } from './silenced-statements';
import { referenceRanges } from './triage-windows';

/** Lines read per period to rebuild the statement order of one service's spans. */
const LINES_PER_PERIOD = 5000;
/** At most this many statements name a location: the bend, and the other changes of the operation. */
const MAX_STATEMENTS = 4;

const LOGGER_LINE = /(?:^|\s)(\S+#\d+)(?=\s|$)/;

/**
 * A statement's name as a person would look it up: `logger#line` when the line carries one, else
 * its template.
 */
export function statementName(location: string | undefined, template: string): string {
  const match = LOGGER_LINE.exec(location ?? '') ?? LOGGER_LINE.exec(template);
  return match ? match[1] : template;
}

const LOG_FAMILIES = new Set(['log-errors', 'log-business-errors', 'log-vanished']);

/**
 * Where in `service`'s code the fault behind `anchor` (a log statement that stopped, or an error
 * line that appeared) sits: reads the service's lines in the reference and the incident, rebuilds
 * the order of statements within each span, and finds where the path bent (see
 * `findDivergence`). Undefined when the finding names no statement.
 */
export async function locateInCode(
  anchor: ServiceFinding,
  context: InvestigationContext,
  state: SessionState,
  hypothesisId: string,
): Promise<{ location: CodeLocation; evidenceIds: string[] } | undefined> {
  if (!anchor.statement || !anchor.change || !LOG_FAMILIES.has(anchor.family)) return undefined;
  const service = anchor.service;
  const operation = anchor.operation;
  const anchorName = statementName(anchor.statement, anchor.signal);
  const siblings = state.triage.findings.filter((f) => f.service === service && f.operation === operation && f.statement && f.change && LOG_FAMILIES.has(f.family));
  const changes = new Map<string, StatementChange>();
  for (const f of [anchor, ...siblings]) {
    const name = statementName(f.statement, f.signal);
    if (!changes.has(name)) changes.set(name, f.change as StatementChange);
  }
  const reference = referenceRanges(state.triage.windows)[0];
  const evidenceIds: string[] = [];
  const read = async (range: TimeRange): Promise<StatementSequence[]> => {
    const outcome = await context.query({ name: 'log_search', params: { service, range, limit: LINES_PER_PERIOD } }, hypothesisId);
    evidenceIds.push(outcome.evidence.id);
    return outcome.data?.kind === 'log_search' ? sequencesOf(outcome.data.lines) : [];
  };
  const [before, now] = reference ? await Promise.all([read(reference), read(state.triage.windows.incident)]) : [[], []];
  const silenced = new Set([...changes].filter(([, change]) => change === 'went-silent' || change === 'dropped').map(([name]) => name));
  const bend = findDivergence({ reference: before, incident: now, anchor: anchorName, anchorChange: anchor.change as StatementChange, silenced });
  for (const name of bend.appeared) if (!changes.has(name)) changes.set(name, 'appeared');
  if (!changes.has(bend.firstChanged)) changes.set(bend.firstChanged, bend.firstChangedKind);
  const order = executionOrder([...before, ...now]);
  const others = [...changes.keys()].filter((name) => name !== bend.firstChanged && name !== anchorName).sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  const statements = [...new Set([...(bend.lastNormal ? [bend.lastNormal] : []), bend.firstChanged, anchorName, ...others])].slice(0, MAX_STATEMENTS);
  const listed = new Set(statements);
  const location: CodeLocation = {
    operation: operation ?? 'unknown operation',
    statements,
    lastNormal: bend.lastNormal,
    firstChanged: bend.firstChanged,
    changes: [...changes].filter(([name]) => listed.has(name)).map(([statement, change]) => ({ statement, change })),
  };
  return { location, evidenceIds };
}

/** The statements of each span (else each trace), in time order. Lines without either carry no order. */
export function sequencesOf(lines: readonly LogLine[]): StatementSequence[] {
  const bySpan = new Map<string, Array<{ at: number; index: number; name: string }>>();
  lines.forEach((line, index) => {
    const key = line.spanId ? `s:${line.traceId ?? ''}:${line.spanId}` : line.traceId ? `t:${line.traceId}` : undefined;
    if (!key) return;
    const template = templateOf(line.message);
    const list = bySpan.get(key) ?? [];
    list.push({ at: Date.parse(line.ts), index, name: statementName(locationOf(template), template) });
    bySpan.set(key, list);
  });
  return [...bySpan.values()].map((list) => list.sort((a, b) => a.at - b.at || a.index - b.index).map((entry) => entry.name));
}

/** Mean position of each statement within its spans: the order in which the code runs them. */
function executionOrder(sequences: readonly StatementSequence[]): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const sequence of sequences) {
    sequence.forEach((name, i) => {
      const entry = sums.get(name) ?? { total: 0, count: 0 };
      entry.total += i / Math.max(1, sequence.length - 1);
      entry.count += 1;
      sums.set(name, entry);
    });
  }
  return new Map([...sums].map(([name, { total, count }]) => [name, total / count]));
}
