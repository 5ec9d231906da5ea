import type { Budget } from '../../core/investigation/budget-schema';
import type { HypothesisView, ThreadView } from '../thread-view/thread-view-schema';
import { escapeMrkdwn, sectionBlocks, type SlackBlock } from './block-kit-limits';
import { percent } from './hypothesis-blocks';
import { slackUserMention as mention } from './slack-safe-text';
import { statusHeader } from './status-blocks';
import { alertLinkLine } from './slack-links';
import { clockTime } from '../../core/report/report-timeline';

const STATE_ICON: Record<HypothesisView['state'], string> = {
  proposed: '💡',
  testing: '🧪',
  supported: '✅',
  refuted: '❌',
  inconclusive: '❔',
  confirmed: '👍',
  vetoed: '👎',
  pruned: '✂️',
};

/** One line of the board: icon, id, statement, state and confidence, indented by depth. */
export function boardLine(h: HypothesisView): string {
  const indent = '\u2003'.repeat(Math.max(0, h.depth - 1));
  const confidence = h.verdict ? ` ${percent(h.verdict.confidence)}` : '';
  const decided = h.decision ? ` by ${mention(h.decision.by)}` : '';
  return `${indent}${STATE_ICON[h.state]} *${h.id}* ${escapeMrkdwn(h.statement)} — _${h.state}${confidence}_${decided}`;
}

/**
 * The compact thread's status message: the header that follows the phase, the live hypothesis
 * board (every hypothesis a line with its state and confidence), who decided what, and the budget.
 */
export function boardBlocks(view: ThreadView, budget: Budget, elapsedMs: number): SlackBlock[] {
  const used =
    `${view.queries}/${budget.maxQueries} queries · ${view.hypotheses.length}/${budget.maxHypotheses} hypotheses · ` +
    `depth ${view.depth}/${budget.maxDepth} · ${Math.round(elapsedMs / 1000)}s` +
    (view.model.calls > 0 ? ` · language model ${view.model.calls} calls, ${view.model.tokens} tokens` : '');
  const decisions = view.decisions
    .filter((d) => !d.ignored)
    .map((d) => `${mention(d.by)} ${d.type === 'veto' ? 'vetoed' : d.type === 'confirm' ? 'confirmed' : d.type}${d.hypothesisId ? ` ${d.hypothesisId}` : ''}`);
  const links = alertLinkLine(view.alertLinks);
  const board = view.hypotheses.length > 0 ? view.hypotheses.map(boardLine).join('\n') : '_surveying the telemetry…_';
  return [
    ...sectionBlocks(
      statusHeader(view) +
        (view.alertResolvedAt ? `\n*Alert:* resolved at ${clockTime(view.alertResolvedAt)}${view.phase.done ? '' : ' (the investigation goes on: the cause still matters)'}` : '') +
        (links ? `\n*From the alert:* ${links}` : ''),
    ),
    ...sectionBlocks(`*Hypotheses*\n${board}`),
    ...(decisions.length > 0 ? sectionBlocks(`*Decisions:* ${decisions.join(' · ')}`) : []),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${used} · 👍/👎 or the buttons on a finding confirm or veto it · reply \`veto H2\`, a note, or \`stop\` · investigation \`${view.investigationId}\``,
        },
      ],
    },
  ];
}
