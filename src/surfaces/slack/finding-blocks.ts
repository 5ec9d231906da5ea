import { describeLocation } from '../../core/investigation/code-location-schema';
import type { CompactMessage } from '../thread-view/compact-layout';
import { plainFinding } from '../thread-view/plain-finding';
import type { HypothesisView, ThreadView } from '../thread-view/thread-view-schema';
import { escapeMrkdwn, sectionBlocks, type SlackBlock } from './block-kit-limits';
import { CONFIRM_ACTION, hypothesisState, VETO_ACTION } from './hypothesis-blocks';
import { hypothesisValue } from './hypothesis-message-index';

/** Slack image block of an uploaded chart (files uploaded through files.completeUploadExternal). */
export interface ChartRef {
  fileId: string;
  title: string;
}

/**
 * The blocks of a compact thread's hypothesis message: the hypothesis (or the deepest finding that
 * took the message over, with the chain that led there), its state, the finding in plain words,
 * deep links into the backends, the sub-hypotheses folded into it, an optional chart, and the
 * Confirm / Veto buttons acting on its head.
 */
export function findingBlocks(message: CompactMessage, view: ThreadView, chart?: ChartRef): SlackBlock[] {
  const { head, chain, folded } = message;
  const plain = (h: HypothesisView): string => (h.verdict ? plainFinding(h.verdict.finding, h.verdict.onset, view.alertFiredAt) : '');
  const lines = [`*${head.id}* ${escapeMrkdwn(head.statement)}`, hypothesisState(head)];
  const vetoed = head.state === 'vetoed' || head.state === 'pruned';
  const finding = plain(head);
  if (finding && !vetoed) lines.push(`_Finding:_ ${escapeMrkdwn(finding)}`);
  const rationale = plainFinding(head.rationale);
  if (rationale && !finding.includes(rationale) && !rationale.includes(finding || '\u0000') && !vetoed) lines.push(`_Why it was looked at:_ ${escapeMrkdwn(rationale)}`);
  if (head.verdict?.location && !vetoed) lines.push(`_Where in the code:_ ${escapeMrkdwn(describeLocation(head.verdict.location))}`);
  if (chain.length > 1) {
    lines.push(`_How Causa got here:_ ${chain.map((h) => h.id).join(' → ')}`);
    for (const step of chain.slice(0, -1)) lines.push(`• *${step.id}* ${escapeMrkdwn(step.statement)} — _${step.state}_`);
  }
  const links = evidenceLinks(head);
  if (links.length > 0 && !vetoed) lines.push(`_See it in:_ ${links.join(' · ')}`);
  const blocks: SlackBlock[] = [...sectionBlocks(lines.join('\n'))];
  if (folded.length > 0) {
    const ruledOut = folded.map((h) => `• ${h.state === 'refuted' ? '❌' : '❔'} *${h.id}* ${escapeMrkdwn(h.statement)} — _${h.state}_${h.verdict && h.state === 'refuted' ? `: ${escapeMrkdwn(plain(h))}` : ''}`);
    blocks.push(...sectionBlocks(`*Looked at beneath it*\n${ruledOut.join('\n')}`));
  }
  if (chart) blocks.push({ type: 'image', slack_file: { id: chart.fileId }, alt_text: chart.title, title: { type: 'plain_text', text: chart.title.slice(0, 1900) } } as SlackBlock);
  const subject = [head.subject.service, head.subject.instance, head.subject.component].filter(Boolean).join(' / ');
  const kinds = head.faultType === head.kind ? head.kind : `${head.kind} · ${head.faultType}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(subject)} · ${kinds} · statistics in the attached report · investigation \`${view.investigationId}\`` }] });
  if (!vetoed) {
    const value = hypothesisValue({ investigationId: view.investigationId, hypothesisId: head.id });
    blocks.push({
      type: 'actions',
      block_id: `causa_steer_${head.id}`,
      elements: [
        { type: 'button', action_id: CONFIRM_ACTION, style: 'primary', text: { type: 'plain_text', text: '👍 Confirm' }, value },
        { type: 'button', action_id: VETO_ACTION, style: 'danger', text: { type: 'plain_text', text: '👎 Veto' }, value },
      ],
    });
  }
  return blocks;
}

/** Notification text of a compact hypothesis message. */
export function findingText(message: CompactMessage): string {
  return `${message.head.id} ${message.head.statement}`;
}

/** Deep links into the backends' UIs from the evidence a verdict cites, one per distinct URL. */
function evidenceLinks(h: HypothesisView): string[] {
  const seen = new Set<string>();
  const links: string[] = [];
  for (const item of h.verdict?.evidence ?? []) {
    for (const link of item.links) {
      if (seen.has(link.url) || !/^https?:\/\//.test(link.url)) continue;
      seen.add(link.url);
      links.push(`<${link.url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(link.label).replace(/\|/g, '¦')}>`);
      if (links.length >= 3) return links;
    }
  }
  return links;
}
