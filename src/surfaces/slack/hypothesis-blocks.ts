import { describeLocation } from '../../core/investigation/code-location-schema';
import { escapeMrkdwn, sectionBlocks, type SlackBlock } from './block-kit-limits';
import { hypothesisValue } from './hypothesis-message-index';
import type { EvidenceView, HypothesisView } from '../thread-view/thread-view-schema';
import { slackSafeText, slackUserMention } from './slack-safe-text';

/** Action ids of the buttons on every hypothesis message. */
export const CONFIRM_ACTION = 'causa_confirm';
export const VETO_ACTION = 'causa_veto';

const OUTCOME_ICON = { supported: '✅', refuted: '❌', inconclusive: '❔' } as const;

/** One line of state: what happened to the hypothesis so far. */
export function hypothesisState(view: HypothesisView): string {
  const { decision, verdict } = view;
  if (decision?.type === 'vetoed') return `👎 *Vetoed* by ${slackUserMention(decision.by)}: this branch is not explored further`;
  if (decision?.type === 'pruned') return `✂️ *Pruned*: ancestor ${slackSafeText(decision.ancestor ?? '')} vetoed by ${slackUserMention(decision.by)}`;
  const judged = verdict ? `${OUTCOME_ICON[verdict.outcome]} *${capitalize(verdict.outcome)}* (confidence ${percent(verdict.confidence)})` : undefined;
  if (decision?.type === 'confirmed') return `👍 *Confirmed* by ${slackUserMention(decision.by)}${judged ? ` · ${judged}` : ''}`;
  if (judged) return judged;
  return view.testing ? '🧪 *Testing…*' : `💡 *Proposed* (priority ${view.priority.toFixed(2)})`;
}

/**
 * The blocks of a hypothesis message: statement, state, rationale, the verdict's finding, every
 * piece of key evidence it cites (split over several blocks when long, never cut), and the
 * Confirm / Veto buttons while a person's decision can still change something.
 */
export function hypothesisBlocks(view: HypothesisView, investigationId: string): SlackBlock[] {
  const h = view;
  const subject = [h.subject.service, h.subject.instance, h.subject.component].filter(Boolean).join(' / ');
  const lines = [`*${h.id}* ${escapeMrkdwn(h.statement)}`, hypothesisState(view)];
  if (h.rationale) lines.push(`_Why:_ ${escapeMrkdwn(h.rationale)}`);
  if (view.verdict && !isVetoed(view)) lines.push(`_Finding:_ ${escapeMrkdwn(view.verdict.finding)}`);
  if (view.verdict?.location && !isVetoed(view)) lines.push(`_Where in the code:_ ${escapeMrkdwn(describeLocation(view.verdict.location))}`);
  const blocks: SlackBlock[] = [...sectionBlocks(lines.join('\n'))];
  const cited = view.verdict && !isVetoed(view) ? view.verdict.evidence : [];
  if (cited.length > 0) {
    blocks.push(...sectionBlocks(`*Key evidence*\n${cited.map(evidenceLine).join('\n')}`));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(subject)} · ${h.kind} · ${h.faultType} · investigation \`${investigationId}\`` }] });
  if (!isVetoed(view)) {
    const value = hypothesisValue({ investigationId, hypothesisId: h.id });
    blocks.push({
      type: 'actions',
      block_id: `causa_steer_${h.id}`,
      elements: [
        { type: 'button', action_id: CONFIRM_ACTION, style: 'primary', text: { type: 'plain_text', text: '👍 Confirm' }, value },
        { type: 'button', action_id: VETO_ACTION, style: 'danger', text: { type: 'plain_text', text: '👎 Veto' }, value },
      ],
    });
  }
  return blocks;
}

/** Notification text of a hypothesis message (shown where blocks are not). */
export function hypothesisText(view: HypothesisView): string {
  return slackSafeText(`${view.id} ${view.statement}`);
}

function evidenceLine(item: EvidenceView): string {
  if (item.queryName === undefined) return `• *${item.id}*`;
  return `• *${item.id}* \`${item.queryName}\` on ${item.sourceId} (${item.status}): ${escapeMrkdwn(item.summary ?? '')}`;
}

function isVetoed(view: HypothesisView): boolean {
  return view.decision?.type === 'vetoed' || view.decision?.type === 'pruned';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 0.973 → "97%". */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
