import type { InvestigationEvent } from '../core/investigation/investigation-events';
import type { BotMetrics } from './bot-metrics';

/** A service listener that counts the model's tokens (from `model-called` events) on `/metrics`. */
export function llmTokenMetrics(metrics: BotMetrics): (event: InvestigationEvent) => Promise<void> {
  return async (event) => {
    if (event.type !== 'model-called') return;
    metrics.llmTokens.inc({ kind: 'prompt' }, event.inputTokens);
    metrics.llmTokens.inc({ kind: 'completion' }, event.outputTokens);
  };
}
