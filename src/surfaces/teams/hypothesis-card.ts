import { describeLocation } from '../../core/investigation/code-location-schema';
import type { EvidenceView, HypothesisView } from '../thread-view';
import { adaptiveCard, type AdaptiveCard } from './adaptive-card';
import { cardImage, type CardChart } from './report-card';
import { clip, inertText, percent, textBlock } from './adaptive-text';

/** Verbs of the Universal Actions on a hypothesis card (and `causa` of their Action.Submit fallback). */
export const CONFIRM_VERB = 'causa.confirm';
export const VETO_VERB = 'causa.veto';

/** What a Confirm / Veto action carries back. */
export interface HypothesisActionData {
  verb: typeof CONFIRM_VERB | typeof VETO_VERB;
  investigationId: string;
  hypothesisId: string;
}

const OUTCOME_ICON = { supported: '✅', refuted: '❌', inconclusive: '❔' } as const;

/** One line saying what happened to the hypothesis so far (display names are inert). */
export function hypothesisStateLine(view: HypothesisView, nameOf: (id: string) => string): string {
  const { decision, verdict } = view;
  const who = (id: string) => inertText(nameOf(id));
  if (decision?.type === 'vetoed') return `👎 **Vetoed** by ${who(decision.by)}: this branch is not explored further`;
  if (decision?.type === 'pruned') return `✂️ **Pruned**: ancestor ${decision.ancestor} vetoed by ${who(decision.by)}`;
  const judged = verdict ? `${OUTCOME_ICON[verdict.outcome]} **${verdict.outcome}** (confidence ${percent(verdict.confidence)})` : undefined;
  if (decision?.type === 'confirmed') return `👍 **Confirmed** by ${who(decision.by)}${judged ? ` · ${judged}` : ''}`;
  if (judged) return judged;
  return view.testing ? '🧪 **Testing…**' : `💡 **Proposed** (priority ${view.priority.toFixed(2)})`;
}

/**
 * The card of one hypothesis: statement, state (who confirmed or vetoed it), rationale, finding,
 * key evidence, and Confirm / Veto as Universal Actions (`Action.Execute`) that fall back to
 * `Action.Submit` on clients without them. The actions go once a veto closed the branch.
 */
export function hypothesisCard(view: HypothesisView, investigationId: string, nameOf: (id: string) => string = (id) => id, chart?: CardChart): AdaptiveCard {
  const h = view;
  const closed = view.decision?.type === 'vetoed' || view.decision?.type === 'pruned';
  const body: Record<string, unknown>[] = [
    textBlock(`**${h.id}** ${inertText(clip(h.statement, 600))}`, { size: 'Medium' }),
    textBlock(hypothesisStateLine(view, nameOf)),
  ];
  if (h.rationale) body.push(textBlock(`_Why:_ ${inertText(clip(h.rationale, 800))}`, { isSubtle: true }));
  if (view.verdict && !closed) body.push(textBlock(`_Finding:_ ${inertText(clip(view.verdict.finding, 1500))}`));
  // The finding's chart, inline (a PNG data URI, as the RCA card shows the root cause's).
  if (chart && view.verdict && !closed) body.push(cardImage(chart));
  if (view.verdict?.location && !closed) body.push(textBlock(`_Where in the code:_ ${inertText(describeLocation(view.verdict.location))}`));
  const cited = view.verdict && !closed ? view.verdict.evidence : [];
  if (cited.length > 0) {
    body.push(textBlock('**Key evidence**', { spacing: 'Medium' }));
    for (const item of cited.slice(0, 8)) body.push(textBlock(evidenceLine(item)));
  }
  const subject = [h.subject.service, h.subject.instance, h.subject.component].filter(Boolean).join(' / ');
  body.push(textBlock(`${inertText(subject)} · ${h.kind} · ${h.faultType} · investigation ${inertText(investigationId)}`, { isSubtle: true, size: 'Small' }));
  const actions = closed ? [] : [decisionAction('👍 Confirm', CONFIRM_VERB, investigationId, h.id, 'positive'), decisionAction('👎 Veto', VETO_VERB, investigationId, h.id, 'destructive')];
  return adaptiveCard(body, actions.length > 0 ? { actions } : {});
}

function decisionAction(title: string, verb: HypothesisActionData['verb'], investigationId: string, hypothesisId: string, style: string): Record<string, unknown> {
  const data = { investigationId, hypothesisId };
  return {
    type: 'Action.Execute',
    title,
    verb,
    style,
    data,
    fallback: { type: 'Action.Submit', title, data: { ...data, causa: verb } },
  };
}

/** Reads the data of a Confirm / Veto (Universal Action invoke or Action.Submit message); undefined when it is none. */
export function hypothesisActionData(verb: unknown, data: unknown): HypothesisActionData | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  const action = typeof verb === 'string' ? verb : record.causa;
  if (action !== CONFIRM_VERB && action !== VETO_VERB) return undefined;
  const { investigationId, hypothesisId } = record;
  if (typeof investigationId !== 'string' || investigationId === '' || typeof hypothesisId !== 'string' || !/^H\d+(\.\d+)*$/.test(hypothesisId)) return undefined;
  return { verb: action, investigationId, hypothesisId };
}

function evidenceLine(item: EvidenceView): string {
  if (!item.queryName) return `• **${inertText(item.id)}**`;
  return `• **${inertText(item.id)}** ${inertText(item.queryName)} on ${inertText(item.sourceId ?? '?')} (${item.status ?? '?'}): ${inertText(clip(item.summary ?? '', 400))}`;
}
