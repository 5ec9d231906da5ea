import type { CodeLocation } from '../../core/investigation/code-location-schema';
import type { CallOrder } from './reference-call-order';
import type { ServiceFinding } from './service-finding';
import { strengthOf } from './triage-windows';

/** A caller reacting to a callee that failed or whose own work changed: its change counts for this much. */
const REACTION_WEIGHT = 0.25;
/**
 * Without traces to tell the order of calls, a caller whose calls partly stopped may have stopped
 * after any of the calls it still makes: its own code counts for this much of the change.
 */
const UNORDERED_WEIGHT = 0.5;

/** A caller's piece of work that stopped part-way, as read from request rates (see `metric-work-shape`). */
export interface CallerChange {
  caller: string;
  /** The caller's operation whose work changed, when traced in the reference. */
  operation: string | null;
  score: number;
  /** The dropped calls' scores summed: the change that accounts for more shortfall explains first. */
  evidence: number;
  dropped: Array<{ callee: string; drop: number }>;
  lastKept: string | null;
  /** Whether the order of the caller's calls is known (traced in a reference). */
  ordered: boolean;
  requests: { reference: number; now: number };
}

function lost(change: CallerChange): string {
  return change.dropped.map((d) => `calls into ${d.callee} (${Math.round(d.drop * 100)}% fewer than its requests predict)`).join(', ');
}

const SOURCE_NOTE = 'read from request-rate metrics, no traces cover the incident';

/** The caller's own finding: its work stopped part-way (discounted when it reacts to the call before the stop). */
export function callerFinding(change: CallerChange, reactsTo: string | null, order: CallOrder, evidenceIds: string[]): ServiceFinding {
  const weight = reactsTo ? REACTION_WEIGHT : change.ordered ? 1 : UNORDERED_WEIGHT;
  const score = change.score * weight;
  const operation = change.operation ?? order.mainOperation.get(change.caller) ?? `${change.caller} requests`;
  const location: CodeLocation = {
    operation,
    statements: [],
    lastNormal: change.lastKept ? `call ${change.lastKept}` : null,
    firstChanged: `call ${change.dropped[0].callee}`,
    changes: change.dropped.map((d) => ({ statement: `call ${d.callee}`, change: d.drop >= 0.95 ? 'calls-vanished' : 'calls-dropped' })),
  };
  const after = change.lastKept ? ` after its calls into ${change.lastKept}` : '';
  const why = reactsTo ? `; it stops right after calling ${reactsTo}, which itself failed or stopped part of its work: a reaction to that call` : !change.ordered ? '; the order of its calls is not known, so it may stop after any call it still makes' : '';
  return {
    service: change.caller,
    family: 'trace-shape',
    score,
    strength: strengthOf(score),
    direction: 'down',
    signal: `${operation} work (metrics)`,
    detail: `${change.caller} stopped part of its work${after}: ${lost(change)}, while its own requests went on (${change.requests.now} now, ${change.requests.reference} in the reference)${why}; ${SOURCE_NOTE}`,
    evidenceIds,
    against: ['baseline'],
    operation,
    statement: location.firstChanged ?? operation,
    change: change.dropped.every((d) => d.drop >= 0.95) ? 'calls-vanished' : 'calls-dropped',
    location,
    ...(reactsTo ? { peer: reactsTo } : {}),
  };
}

/** The callee the caller reacts to, which returns far sooner: its own code ends its work early. */
export function endedEarlyFinding(change: CallerChange, callee: string, ratio: number, order: CallOrder, evidenceIds: string[], through?: string, sooner?: { caller: string; ratio: number }): ServiceFinding {
  const operation = order.mainOperation.get(callee) ?? `${callee} requests`;
  const stops = through
    ? `${change.caller} stops its work right after calling ${through}, which calls it (${lost(change)})`
    : `${change.caller} stops its work right after calling it (${lost(change)})`;
  return {
    service: callee,
    family: 'trace-shape',
    score: change.score,
    strength: strengthOf(change.score),
    direction: 'down',
    signal: `${operation} work (metrics)`,
    detail: `${callee} ends early: its own latency fell to ${ratio.toFixed(2)}× normal while it keeps being called${sooner ? ` (the calls ${sooner.caller} makes answer at ${sooner.ratio.toFixed(2)}× their normal latency, and of its callees only ${callee}'s fell: most of its calls fail at once, which the percentile hides)` : ''}, and ${stops}; ${SOURCE_NOTE}`,
    evidenceIds,
    against: ['baseline'],
    operation,
    statement: operation,
    change: 'ended-early',
    location: { operation, statements: [], lastNormal: null, firstChanged: operation, changes: [{ statement: operation, change: 'ended-early' }] },
  };
}

/** The callee whose answer the caller's work stops right after, while its own latency held: a wrong answer. */
export function answerFinding(change: CallerChange, callee: string, order: CallOrder, evidenceIds: string[]): ServiceFinding {
  const operation = order.mainOperation.get(callee) ?? `${callee} requests`;
  return {
    service: callee,
    family: 'trace-answer',
    score: change.score,
    strength: strengthOf(change.score),
    direction: 'down',
    signal: `${operation} answers (metrics)`,
    detail: `${change.caller} stops its work right after calling ${callee} (${lost(change)}), while ${callee}'s own latency held: what ${callee} answered is where the work stops; ${SOURCE_NOTE}`,
    evidenceIds,
    against: ['baseline'],
    operation,
    statement: operation,
    change: 'calls-dropped',
    location: { operation, statements: [], lastNormal: null, firstChanged: null },
    peer: change.caller,
    callerOperation: change.operation ?? order.mainOperation.get(change.caller) ?? `${change.caller} requests`,
  };
}
