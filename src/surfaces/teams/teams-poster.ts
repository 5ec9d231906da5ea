import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../../observability/logger';

/** How a connector call is retried when Teams throttles it. */
export interface ThrottlePolicy {
  /** Further attempts after a 429 (or a 503 with Retry-After). */
  maxRetries: number;
  /** Waits longer than this are cut to it; without Retry-After the wait doubles from `baseDelayMs`. */
  maxDelayMs: number;
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { maxRetries: 5, maxDelayMs: 60_000, baseDelayMs: 1000 };

/**
 * Posts into Teams conversations proactively, through a stored ConversationReference: send a
 * message, update it in place. A 429 from the Bot Connector is retried after its `Retry-After`
 * (seconds or an HTTP date), else with a doubling backoff, up to `maxRetries` times.
 */
export class TeamsPoster {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly logger: Logger,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
  ) {
    this.sleep = policy.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sends a message into the conversation; resolves with its activity id. */
  async send(reference: ConversationReference, activity: Partial<Activity>): Promise<string | undefined> {
    return this.withConversation(reference, async (context) => (await context.sendActivity(activity))?.id);
  }

  /** Replaces a message sent before. */
  async update(reference: ConversationReference, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.withConversation(reference, async (context) => {
      await context.updateActivity({ ...activity, id: activityId, type: activity.type ?? 'message', conversation: reference.conversation });
    });
  }

  private async withConversation<T>(reference: ConversationReference, action: (context: TurnContext) => Promise<T>): Promise<T> {
    let result: T | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      result = await this.retrying(() => action(context));
    });
    return result as T;
  }

  /** Runs a connector call, waiting out throttling. */
  async retrying<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const wait = throttleDelay(error, attempt, this.policy);
        if (wait === undefined || attempt >= this.policy.maxRetries) throw error;
        this.logger.warn({ surface: 'teams', attempt: attempt + 1, waitMs: wait }, 'Teams throttled a message (429); retrying after Retry-After');
        await this.sleep(wait);
      }
    }
  }
}

/** How long to wait before retrying a throttled call; undefined when the error is not throttling. */
export function throttleDelay(error: unknown, attempt: number, policy: ThrottlePolicy, now = Date.now()): number | undefined {
  const failure = error as { statusCode?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } | Record<string, unknown> } };
  const status = failure?.statusCode;
  const header = retryAfterHeader(failure?.response?.headers);
  if (status !== 429 && !(status === 503 && header !== undefined)) return undefined;
  const stated = header === undefined ? undefined : parseRetryAfter(header, now);
  const delay = stated ?? policy.baseDelayMs * 2 ** attempt;
  return Math.min(Math.max(0, delay), policy.maxDelayMs);
}

function retryAfterHeader(headers: unknown): string | undefined {
  if (!headers) return undefined;
  const getter = (headers as { get?: unknown }).get;
  const value = typeof getter === 'function' ? (getter as (name: string) => unknown).call(headers, 'retry-after') : (headers as Record<string, unknown>)['retry-after'];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `Retry-After` as milliseconds: delay-seconds, or an HTTP date. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
