/**
 * Where an operation's code path diverged, from the order in which its log statements run.
 *
 * Each execution of an operation (one span) logs its statements in code order; the reference
 * period shows the normal path. A fault bends the path at one point: the statements after it go
 * silent (an exception cuts the operation short) or are replaced by others (a wrong value sends
 * it down an error branch). The last statement that still runs and the first that went silent or
 * wrong bound the faulty code. A new error line is usually not where the fault sits but the check
 * that caught its consequence, a little further on: the bend starts at the normal statement that
 * it replaced.
 *
 * The order of statements is a property of the code, not of the load: executions during the
 * incident that did not take the changed path (the minutes before the fault, the requests it did
 * not hit) show the normal path as well as the reference does, and count with it when the
 * reference holds few executions.
 */

/** The statements one span logged, in time order. */
export type StatementSequence = readonly string[];

export type StatementChange = 'went-silent' | 'dropped' | 'appeared' | 'surged';

export interface DivergenceInput {
  reference: readonly StatementSequence[];
  incident: readonly StatementSequence[];
  /** The statement whose change was found (a line that stopped, or an error line that appeared). */
  anchor: string;
  anchorChange: StatementChange;
  /** Statements of the operation known to have stopped (or dropped) during the incident. */
  silenced: ReadonlySet<string>;
}

export interface Divergence {
  /** The last statement that still ran normally; null when the path bends at the operation's start. */
  lastNormal: string | null;
  firstChanged: string;
  firstChangedKind: StatementChange;
  /** Statements that took the place of the normal path at the bend (new lines), besides `firstChanged`. */
  appeared: string[];
}

/** Share of the anchor's executions in which the normal continuation must be missing for it to count as replaced. */
const REPLACED_SHARE = 0.5;

/** Finds the bend of the path around `anchor` (see the file comment). */
export function findDivergence(input: DivergenceInput): Divergence {
  return input.anchorChange === 'went-silent' || input.anchorChange === 'dropped' ? silentBend(input) : newLineBend(input);
}

function silentBend({ reference, incident, anchor, anchorChange, silenced }: DivergenceInput): Divergence {
  let first = anchor;
  let kind: StatementChange = anchorChange;
  const paths = [...reference, ...incident];
  let previous = predecessor(paths, first);
  const visited = new Set([anchor]);
  // Walk back over statements that stopped too: the bend is at the first of them.
  while (previous !== null && silenced.has(previous) && !visited.has(previous)) {
    visited.add(previous);
    first = previous;
    kind = 'went-silent';
    previous = predecessor(paths, first);
  }
  const known = new Set(reference.flat());
  const replacing = mostCommon(successors(incident, previous).filter((s): s is string => s !== null && !known.has(s)));
  return { lastNormal: previous, firstChanged: first, firstChangedKind: kind, appeared: replacing === null ? [] : [replacing] };
}

function newLineBend({ reference, incident, anchor, anchorChange }: DivergenceInput): Divergence {
  const normal = [...reference, ...incident.filter((sequence) => !sequence.includes(anchor))];
  const known = new Set(normal.flat());
  const withAnchor = incident.filter((sequence) => sequence.includes(anchor));
  // The last statement before the new line that the normal path also runs.
  const before = withAnchor.map((sequence) => {
    const at = sequence.indexOf(anchor);
    for (let i = at - 1; i >= 0; i -= 1) if (known.has(sequence[i])) return sequence[i];
    return null;
  });
  const lastNormal = mostCommon(before);
  if (lastNormal === null) return { lastNormal: null, firstChanged: anchor, firstChangedKind: anchorChange, appeared: [] };
  const expected = mostCommon(successors(normal, lastNormal).filter((s): s is string => s !== null && s !== anchor));
  if (expected === null) return { lastNormal, firstChanged: anchor, firstChangedKind: anchorChange, appeared: [] };
  // The normal continuation still reached after the new line: the line was inserted, nothing skipped.
  const kept = withAnchor.filter((sequence) => sequence.indexOf(expected, sequence.indexOf(anchor)) >= 0).length;
  if (kept >= REPLACED_SHARE * withAnchor.length) return { lastNormal, firstChanged: anchor, firstChangedKind: anchorChange, appeared: [] };
  const everSeen = incident.some((sequence) => sequence.includes(expected));
  return { lastNormal, firstChanged: expected, firstChangedKind: everSeen ? 'dropped' : 'went-silent', appeared: [anchor] };
}

/** The statement just before the first occurrence of `target`, most often; null when it usually comes first. */
function predecessor(sequences: readonly StatementSequence[], target: string): string | null {
  const found = sequences.filter((s) => s.includes(target)).map((s) => {
    const at = s.indexOf(target);
    return at > 0 ? s[at - 1] : null;
  });
  return found.length === 0 ? null : mostCommon(found);
}

/** What follows each occurrence of `statement` (null: the span ended); with statement null, what each span starts with. */
function successors(sequences: readonly StatementSequence[], statement: string | null): Array<string | null> {
  const out: Array<string | null> = [];
  for (const sequence of sequences) {
    if (statement === null) {
      if (sequence.length > 0) out.push(sequence[0]);
      continue;
    }
    sequence.forEach((s, i) => {
      if (s === statement) out.push(i + 1 < sequence.length ? sequence[i + 1] : null);
    });
  }
  return out;
}

/** The most frequent value (first seen wins ties); null for an empty list. */
export function mostCommon<T>(values: readonly T[]): T | null {
  const counts = new Map<T, number>();
  let best: T | null = null;
  let bestCount = 0;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
