import type { Budget } from '../../core/investigation/budget-schema';
import { escapeMrkdwn, sectionBlocks, type SlackBlock } from './block-kit-limits';
import { percent } from './hypothesis-blocks';
import { clockTime } from '../../core/report/report-timeline';
import type { ThreadState } from './thread-state';
import { slackSafeText } from './slack-safe-text';

/**
 * The blocks of an investigation's one status message: the alert, the phase, the leading
 * hypothesis and the budget used so far, and how to steer.
 */
export function statusBlocks(state: ThreadState, budget: Budget, elapsedMs: number): SlackBlock[] {
  const leading = state.leading();
  const lead = leading
    ? `*${leading.hypothesis.id}* ${escapeMrkdwn(leading.hypothesis.statement)} (${leading.decision?.type === 'confirmed' ? 'confirmed' : percent(leading.verdict?.confidence ?? 0)})`
    : 'none supported yet';
  const budgetLine =
    `${state.queries}/${budget.maxQueries} queries · ${state.hypotheses.size}/${budget.maxHypotheses} hypotheses · ` +
    `depth ${state.depth()}/${budget.maxDepth} · ${Math.round(elapsedMs / 1000)}s/${Math.round(budget.deadlineMs / 1000)}s` +
    (state.model.calls > 0 ? ` · ${state.model.tokens}/${budget.maxTokens || '∞'} tokens` : '');
  const { model } = state;
  const modelLine =
    model.calls > 0 || model.fallbacks > 0
      ? [`*Language model:* ${model.calls} calls`, model.fallbacks > 0 ? `${model.fallbacks} fell back to the offline reasoner` : '', model.droppedClaims > 0 ? `${model.droppedClaims} claims dropped (no evidence)` : '']
          .filter(Boolean)
          .join(' · ')
      : undefined;
  const text = [
    `🔎 *Causa is investigating* ${escapeMrkdwn(state.title)}`,
    `*Phase:* ${escapeMrkdwn(state.phase)}`,
    ...(state.alertResolvedAt ? [`*Alert:* resolved at ${clockTime(state.alertResolvedAt)}${state.phase === 'finished' || state.phase === 'failed' ? '' : ' (the investigation goes on: the cause still matters)'}`] : []),
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
          text: `React 👍/👎 on a hypothesis (or use its buttons) to confirm or veto it · reply in this thread to add a note · reply \`stop\` to stop · investigation \`${state.investigationId}\``,
        },
      ],
    },
  ];
}

/** Notification text of the status message. */
export function statusText(state: ThreadState): string {
  return slackSafeText(`Causa is investigating ${state.title}: ${state.phase}`);
}
