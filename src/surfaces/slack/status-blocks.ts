import type { Budget } from '../../core/investigation/budget-schema';
import { escapeMrkdwn, sectionBlocks, type SlackBlock } from './block-kit-limits';
import { percent } from './hypothesis-blocks';
import { clockTime } from '../../core/report/report-timeline';
import type { ThreadView } from '../thread-view/thread-view-schema';
import { slackSafeText } from './slack-safe-text';

/**
 * The blocks of an investigation's one status message: the alert, the phase, the leading
 * hypothesis and the budget used so far, and how to steer.
 */
export function statusBlocks(view: ThreadView, budget: Budget, elapsedMs: number): SlackBlock[] {
  const leading = view.hypotheses.find((h) => h.id === view.leadingId);
  const lead = leading
    ? `*${leading.id}* ${escapeMrkdwn(leading.statement)} (${leading.state === 'confirmed' ? 'confirmed' : percent(leading.verdict?.confidence ?? 0)})`
    : 'none supported yet';
  const budgetLine =
    `${view.queries}/${budget.maxQueries} queries · ${view.hypotheses.length}/${budget.maxHypotheses} hypotheses · ` +
    `depth ${view.depth}/${budget.maxDepth} · ${Math.round(elapsedMs / 1000)}s/${Math.round(budget.deadlineMs / 1000)}s` +
    (view.model.calls > 0 ? ` · ${view.model.tokens}/${budget.maxTokens || '∞'} tokens` : '');
  const { model } = view;
  const modelLine =
    model.calls > 0 || model.fallbacks > 0
      ? [`*Language model:* ${model.calls} calls`, model.fallbacks > 0 ? `${model.fallbacks} fell back to the offline reasoner` : '', model.droppedClaims > 0 ? `${model.droppedClaims} claims dropped (no evidence)` : '']
          .filter(Boolean)
          .join(' · ')
      : undefined;
  const text = [
    statusHeader(view),
    ...(view.phase.done ? [`*Phase:* ${escapeMrkdwn(view.phase.label)}`] : []),
    ...(view.alertResolvedAt ? [`*Alert:* resolved at ${clockTime(view.alertResolvedAt)}${view.phase.done ? '' : ' (the investigation goes on: the cause still matters)'}`] : []),
    `*Leading hypothesis:* ${lead}`,
    `*Budget used:* ${budgetLine}`,
    ...(modelLine ? [modelLine] : []),
  ].join('\n');
  return [
    ...sectionBlocks(text),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `React 👍/👎 on a hypothesis (or use its buttons) to confirm or veto it · reply in this thread to add a note · reply \`stop\` to stop · investigation \`${view.investigationId}\``,
        },
      ],
    },
  ];
}

/** The first line of the status message, following the phase: never "investigating" once done. */
export function statusHeader(view: ThreadView): string {
  const title = escapeMrkdwn(view.title);
  if (view.phase.failed) return `⚠️ *Causa stopped on an error* ${title}`;
  if (view.phase.done) return `📝 *Causa finished investigating* ${title} — the RCA is below`;
  return `🔎 *Causa is investigating* ${title}\n*Phase:* ${escapeMrkdwn(view.phase.label)}`;
}

/** Notification text of the status message. */
export function statusText(view: ThreadView): string {
  return slackSafeText(`${view.phase.done ? (view.phase.failed ? 'Causa stopped' : 'Causa finished') : 'Causa is investigating'} ${view.title}: ${view.phase.label}`);
}
