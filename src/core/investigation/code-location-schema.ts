import { z } from 'zod';

/** How one log statement (or outgoing call) of an operation behaved during the incident. */
export const CodeChangeKindSchema = z.enum(['went-silent', 'dropped', 'appeared', 'surged', 'calls-vanished', 'calls-dropped', 'ended-early']);
export type CodeChangeKind = z.infer<typeof CodeChangeKindSchema>;

/**
 * Where in a service's code a fault sits, as far as its telemetry can tell: the operation (span
 * name) whose behaviour changed and the log statements that bound the faulty code.
 *
 * A statement is named `logger#line` when the log lines carry one (`c.s.ContactsServiceImpl#34`),
 * else by its template. `statements` lists, in execution order, the last statement that still ran
 * normally, the first that went silent or wrong, and the other statements of the operation whose
 * behaviour changed; the faulty code lies between the first two.
 */
export const CodeLocationSchema = z.object({
  operation: z.string().min(1),
  statements: z.array(z.string().min(1)),
  /** The last statement that still ran normally before the change; null when the change starts with the operation itself. */
  lastNormal: z.string().min(1).nullable().optional(),
  /** The first statement (or call) that went silent or wrong. */
  firstChanged: z.string().min(1).nullable().optional(),
  /** Each changed statement or outgoing call and how it changed, in execution order. */
  changes: z.array(z.object({ statement: z.string().min(1), change: CodeChangeKindSchema })).optional(),
});
export type CodeLocation = z.infer<typeof CodeLocationSchema>;

const CHANGE_WORDS: Record<CodeChangeKind, string> = {
  'went-silent': 'went silent',
  dropped: 'ran less often',
  appeared: 'appeared',
  surged: 'surged',
  'calls-vanished': 'no longer called',
  'calls-dropped': 'called less often',
  'ended-early': 'ends early',
};

/**
 * One line for chat and Markdown: `Op: between a#1 (still runs) and a#2 (went silent); a#3 appeared`.
 */
export function describeLocation(location: CodeLocation): string {
  const changeOf = (statement: string): CodeChangeKind | undefined => location.changes?.find((c) => c.statement === statement)?.change;
  const parts: string[] = [];
  const first = location.firstChanged;
  if (first) {
    const kind = changeOf(first);
    const changed = `${first}${kind ? ` (${CHANGE_WORDS[kind]})` : ''}`;
    parts.push(location.lastNormal ? `between ${location.lastNormal} (still runs) and ${changed}` : `from the start of the operation to ${changed}`);
  }
  for (const change of location.changes ?? []) {
    if (change.statement !== first) parts.push(`${change.statement} ${CHANGE_WORDS[change.change]}`);
  }
  if (parts.length === 0 && location.statements.length > 0) parts.push(location.statements.join(', '));
  return parts.length > 0 ? `${location.operation}: ${parts.join('; ')}` : location.operation;
}
