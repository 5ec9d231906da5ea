import type { InvestigationService } from '../../app/investigation-service';
import type { SlackConfig } from '../../config';
import type { InvestigationStore } from '../../core/ports/investigation-store';
import type { BotMetrics } from '../../observability/bot-metrics';
import type { AlertReader, ThreadAssistant } from '../../core/ports/thread-assistant';
import type { Logger } from '../../observability/logger';
import { currentClaimOwner, type IntakeReplay } from '../intake-replay';
import type { HypothesisMessageIndex } from './hypothesis-message-index';
import type { SteererPolicy } from './steerer-policy';

/** What every Slack handler works with; built once by `createSlackApp`. */
export interface SlackSurfaceDeps {
  service: InvestigationService;
  store: InvestigationStore;
  config: SlackConfig;
  policy: SteererPolicy;
  index: HypothesisMessageIndex;
  logger: Logger;
  clock: () => number;
  /** The bot's own metrics (alert posts by outcome); optional so tests may leave it out. */
  metrics?: BotMetrics;
  /** Answers questions and reads free-text steering in investigation threads (LLM reasoner only). */
  assistant?: ThreadAssistant;
  /** Reads alerts in formats no recognizer knows, when someone asks to investigate them. */
  alertReader?: AlertReader;
  /** Replays requests that failed on a store outage after Slack was answered (see IntakeReplay). */
  replay: IntakeReplay;
}

/** How long an Events API `event_id` is remembered: Slack retries within minutes. */
const EVENT_CLAIM_MS = 60 * 60_000;

/**
 * Claims an Events API delivery by its `event_id`, so a retry (`X-Slack-Retry-Num`, or a Socket
 * Mode redelivery) or a second replica never acts on the same event twice. True for the first.
 */
export async function claimEvent(deps: SlackSurfaceDeps, body: unknown): Promise<boolean> {
  const eventId = (body as { event_id?: unknown } | undefined)?.event_id;
  if (typeof eventId !== 'string' || eventId === '') return true;
  return deps.store.claim(`event:${eventId}`, EVENT_CLAIM_MS, currentClaimOwner());
}

/** ISO time of a Slack `ts` ("1715678570.000100"), or now when it is not one. */
export function slackTime(ts: unknown, clock: () => number): string {
  const seconds = typeof ts === 'string' ? Number.parseFloat(ts) : Number.NaN;
  return new Date(Number.isFinite(seconds) ? seconds * 1000 : clock()).toISOString();
}
