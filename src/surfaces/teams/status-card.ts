import type { Budget } from '../../core/investigation/budget-schema';
import { clockTime } from '../../core/report/report-timeline';
import type { ThreadView } from '../thread-view';
import { adaptiveCard, type AdaptiveCard } from './adaptive-card';
import { inertText, percent, textBlock } from './adaptive-text';

/**
 * The one status card of an investigation, updated in place: the alert, the phase, the leading
 * hypothesis, the budget used so far, and how to steer from Teams.
 */
export function statusCard(state: ThreadView, budget: Budget, elapsedMs: number): AdaptiveCard {
  const leading = state.hypotheses.find((h) => h.id === state.leadingId);
  const lead = leading
    ? `**${leading.id}** ${inertText(leading.statement)} (${leading.decision?.type === 'confirmed' ? 'confirmed' : percent(leading.verdict?.confidence ?? 0)})`
    : 'none supported yet';
  const budgetLine =
    `${state.queries}/${budget.maxQueries} queries · ${state.hypotheses.length}/${budget.maxHypotheses} hypotheses · ` +
    `depth ${state.depth}/${budget.maxDepth} · ${Math.round(elapsedMs / 1000)}s/${Math.round(budget.deadlineMs / 1000)}s` +
    (state.model.calls > 0 ? ` · ${state.model.tokens}/${budget.maxTokens || '∞'} tokens` : '');
  const finished = state.phase.done;
  const facts = [
    { title: 'Phase', value: inertText(state.phase.label) },
    ...(state.alertResolvedAt ? [{ title: 'Alert', value: `resolved at ${clockTime(state.alertResolvedAt)}${finished ? '' : ' (the investigation goes on: the cause still matters)'}` }] : []),
    { title: 'Leading hypothesis', value: lead },
    { title: 'Budget used', value: budgetLine },
  ];
  return adaptiveCard([
    textBlock(`🔎 **Causa is investigating** ${inertText(state.title)}`, { size: 'Medium', weight: 'Bolder' }),
    { type: 'FactSet', facts },
    textBlock(
      `Confirm or Veto a hypothesis on its card (or 👍 it) · reply in this thread to add a note, \`veto H2\`, \`confirm H1.1\` or \`stop\` · investigation ${inertText(state.investigationId)}`,
      { isSubtle: true, size: 'Small' },
    ),
  ]);
}

/** The notification / fallback text of the status message. */
export function statusSummary(state: ThreadView): string {
  return `Causa is investigating ${inertText(state.title)}: ${inertText(state.phase.label)}`;
}
