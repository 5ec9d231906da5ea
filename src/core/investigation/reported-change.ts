import type { Evidence } from './evidence-schema';
import type { SteeringCommand } from './steering-schema';

/** The source id of facts people stated in chat. */
export const CHAT_SOURCE_ID = 'chat';

/**
 * The evidence record of a change a person reported in chat: who said what, and when the change
 * happened. It is what a hypothesis about the change cites besides the telemetry that tests it.
 */
export function reportedChangeEvidence(command: Extract<SteeringCommand, { type: 'change' }>, now: number): Omit<Evidence, 'id'> {
  const changedAt = Date.parse(command.changedAt);
  return {
    sourceId: CHAT_SOURCE_ID,
    queryName: 'reported_change',
    queryText: `reported in chat by ${command.by} at ${command.at}: ${command.category} change on ${command.service} at ${command.changedAt}: ${command.description}`,
    parameters: { service: command.service, category: command.category, changedAt: command.changedAt, by: command.by },
    timeRange: { start: command.changedAt, end: command.changedAt },
    status: 'ok',
    digest: { changedAt: Math.floor(changedAt / 1000) },
    summary: `${command.by} reported a ${command.category} change on ${command.service} at ${command.changedAt}: ${command.description}`,
    elapsedMs: 0,
    collectedAt: new Date(now).toISOString(),
  };
}
