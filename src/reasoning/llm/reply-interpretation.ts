import { z } from 'zod';
import { HypothesisKindSchema } from '../../core/investigation/hypothesis-schema';
import type { SteeringCommand } from '../../core/investigation/steering-schema';
import type { ThreadReplyRequest } from '../../core/ports/thread-assistant';
import type { InvestigationRecordView } from './investigation-record';
import type { Redactor } from './redactor';
import { clip, dataBlock, DATA_RULE } from './untrusted-data';

export const ReplyInterpretationSchema = z.strictObject({
  intent: z.enum(['question', 'confirm', 'veto', 'stop', 'focus', 'add-hypothesis', 'change', 'note']),
  hypothesisId: z.string().nullable().describe('H… id for confirm / veto'),
  service: z.string().nullable().describe('a service of the investigation, for focus / add-hypothesis / change'),
  kind: HypothesisKindSchema.nullable().describe('for add-hypothesis'),
  windowStart: z.string().nullable().describe('ISO 8601, for a focus on a period'),
  windowEnd: z.string().nullable(),
  changedAt: z.string().nullable().describe('ISO 8601 UTC, for change'),
  category: z.enum(['deploy', 'config']).nullable().describe('for change'),
  description: z.string().nullable(),
});
export type ReplyInterpretation = z.infer<typeof ReplyInterpretationSchema>;

export const INTERPRET_SYSTEM = [
  'You read one reply that an engineer wrote in the chat thread of an incident investigation and say what it asks for.',
  'Intents: "question" (they ask something), "confirm" / "veto" (they say a hypothesis H… is right / wrong), "stop" (stop the investigation),',
  '"focus" (look at a service, or at a period, first), "add-hypothesis" (test a cause of one of the listed kinds on a service),',
  '"change" (they report a deploy or configuration change of a service at a time: give changedAt in ISO 8601 UTC, using the alert\'s date and time zone UTC unless they say otherwise),',
  '"note" (anything else). Use only hypothesis ids and services listed in the thread data; fields that do not apply are null.',
  'Answer with JSON only, matching the schema.',
  DATA_RULE,
].join('\n');

export function interpretPrompt(request: ThreadReplyRequest, view: InvestigationRecordView, redactor: Redactor): string {
  const thread = {
    alert: view.alert ? { title: clip(view.alert.title, 200), service: view.alert.symptom.service ?? null, firedAt: view.alert.firedAt } : null,
    window: view.window ?? null,
    services: view.services,
    hypotheses: [...view.hypotheses.values()].slice(0, 40).map((h) => ({ id: h.id, kind: h.kind, service: h.subject.service, statement: h.statement, status: h.status })),
  };
  return ['Task: say what this reply asks for.', dataBlock('reply', redactor.redactValue({ text: clip(request.text, 1000), at: request.at })), dataBlock('thread', redactor.redactValue(thread))].join('\n\n');
}

/** Changes reported further than this from the alert are not believed to be about it. */
const CHANGE_HORIZON_MS = 24 * 60 * 60_000;
const STOP_WORDS = /\b(stop|cancel|abort|halt)\b/i;

/**
 * The steering command a validated interpretation stands for, or the reply's other meaning. Ids
 * and services must exist in the investigation, times must parse and be near the alert; a stop
 * needs the reply to say so in words. What the person wrote is kept as the command's text.
 */
export function commandFrom(interpretation: ReplyInterpretation, request: ThreadReplyRequest, view: InvestigationRecordView): SteeringCommand | 'question' | 'note' {
  const who = { by: request.by, at: request.at };
  const text = clip(request.text.trim(), 500);
  const service = resolve(interpretation.service, view.services);
  switch (interpretation.intent) {
    case 'question':
      return 'question';
    case 'confirm':
    case 'veto': {
      const id = interpretation.hypothesisId?.trim().toUpperCase();
      return id && view.hypotheses.has(id) ? { type: interpretation.intent, hypothesisId: id, ...who } : 'note';
    }
    case 'stop':
      return STOP_WORDS.test(request.text) ? { type: 'stop', ...who } : 'note';
    case 'focus': {
      const window = period(interpretation.windowStart, interpretation.windowEnd, view);
      return service || window ? { type: 'focus', ...(service ? { service } : {}), ...(window ? { window } : {}), text, ...who } : 'note';
    }
    case 'add-hypothesis':
      return service && interpretation.kind ? { type: 'add-hypothesis', kind: interpretation.kind, service, text, ...who } : 'note';
    case 'change': {
      const changedAt = nearAlert(interpretation.changedAt, view);
      return service && changedAt && interpretation.category ? { type: 'change', service, changedAt, category: interpretation.category, description: text, ...who } : 'note';
    }
    default:
      return 'note';
  }
}

function resolve(name: string | null, services: readonly string[]): string | undefined {
  if (!name) return undefined;
  const lower = name.trim().toLowerCase();
  return services.find((s) => s.toLowerCase() === lower);
}

function nearAlert(value: string | null, view: InvestigationRecordView): string | undefined {
  if (!value) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const anchor = view.alert ? Date.parse(view.alert.firedAt) : at;
  return Math.abs(at - anchor) <= CHANGE_HORIZON_MS ? new Date(at).toISOString() : undefined;
}

function period(start: string | null, end: string | null, view: InvestigationRecordView): { start: string; end: string } | undefined {
  const from = nearAlert(start, view);
  const to = nearAlert(end, view) ?? (from ? new Date(Date.parse(from) + 10 * 60_000).toISOString() : undefined);
  return from && to && Date.parse(from) < Date.parse(to) ? { start: from, end: to } : undefined;
}
