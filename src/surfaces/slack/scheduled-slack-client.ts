import { webApi } from '@slack/bolt';
import type { BotMetrics } from '../../observability/bot-metrics';
import type { Logger } from '../../observability/logger';
import { systemPostingClock, type PostingClock } from '../posting/posting-clock';
import type { PostingPolicy } from '../../config/posting-policy-schema';
import { PostingScheduler, type PostingKind, type PostingTask } from '../posting/posting-scheduler';
import { slackClientOptions } from './slack-client-options';

/**
 * The Web API calls a thread renderer makes, paced by a PostingScheduler. A post resolves with
 * the message's ts, or undefined when it was skipped in a storm; an update resolves once made or
 * replaced by a newer update of the same message.
 */
export interface SlackPostingClient {
  postMessage(args: webApi.ChatPostMessageArguments, kind: PostingKind): Promise<string | undefined>;
  update(args: webApi.ChatUpdateArguments, kind: PostingKind): Promise<void>;
  /**
   * Uploads files into a thread with Slack's external upload flow (files.getUploadURLExternal, a
   * POST of each file to its upload URL, then one files.completeUploadExternal with `channel_id`
   * and `thread_ts`), so they arrive as one message; resolves with the uploaded files (id and title).
   */
  uploadFiles(args: ThreadUpload): Promise<UploadedFile[]>;
  /** Resolves once every scheduled call was made, skipped or failed. */
  whenIdle(): Promise<void>;
  /** The messages of a thread with their metadata (conversations.replies), oldest first; at most `limit`. */
  threadMessages?(channel: string, threadTs: string, limit: number): Promise<SlackThreadMessage[]>;
}

/** A message of a thread as conversations.replies gives it (the parts Causa reads). */
export interface SlackThreadMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** A file to upload. */
export interface UploadFile {
  content: string | Buffer;
  filename: string;
  title: string;
  altText?: string;
}

/** Files to upload into one thread, as one message. */
export interface ThreadUpload {
  channel_id: string;
  thread_ts: string;
  /**
   * false: the files are uploaded without sharing them (no message; Slack keeps them private to
   * the bot), for an image block of a message posted afterwards. The channel still paces the call.
   */
  share?: boolean;
  /** `essential` (the default) or `progress` (may be skipped in a storm: resolves with no files). */
  kind?: PostingKind;
  /** The message's text above the files (or how to word it for the files made). */
  initial_comment?: string | ((files: readonly UploadFile[]) => string);
  /**
   * The files, or how to make them when the upload's turn comes: in a storm a thread waits long
   * for its slot, and only the uploads under way then hold their files' bytes.
   */
  files: UploadFile[] | (() => Promise<UploadFile[]>);
}

/** The posting lane of uploads shared nowhere (a finding's chart): Slack's file methods are paced per workspace, not per channel. */
const UNSHARED_UPLOADS_LANE = 'files:unshared';

/** A file Slack accepted: its id (for an image block), title and permalink (for a link to it). */
export interface UploadedFile {
  id: string;
  title?: string;
  permalink?: string;
}

/** The uploaded files in a files.uploadV2 answer (one completion per thread), in its order. */
export function uploadedFiles(response: unknown): UploadedFile[] {
  const completions = (response as { files?: Array<{ files?: Array<{ id?: unknown; title?: unknown; permalink?: unknown }> }> } | undefined)?.files ?? [];
  return completions
    .flatMap((completion) => completion.files ?? [])
    .flatMap((file) =>
      typeof file.id === 'string'
        ? [
            {
              id: file.id,
              ...(typeof file.title === 'string' ? { title: file.title } : {}),
              ...(typeof file.permalink === 'string' && /^https:\/\/[^\s<>|]+$/.test(file.permalink) ? { permalink: file.permalink } : {}),
            },
          ]
        : [],
    );
}

/** The Web API client behind the scheduler: it rejects rate-limited calls so the scheduler sees them. */
export function schedulerWebClient(token: string, apiUrl: string): webApi.WebClient {
  return new webApi.WebClient(token, { ...slackClientOptions(apiUrl), rejectRateLimitedCalls: true });
}

/** Milliseconds a rate-limited Web API call asks to wait, or undefined for any other error. */
export function slackRetryAfterMs(error: unknown): number | undefined {
  const candidate = error as { code?: unknown; retryAfter?: unknown } | undefined;
  if (candidate?.code !== 'slack_webapi_rate_limited_error') return undefined;
  const seconds = typeof candidate.retryAfter === 'number' && Number.isFinite(candidate.retryAfter) ? candidate.retryAfter : 1;
  return Math.max(1, seconds) * 1000;
}

/** Options of `ScheduledSlackClient`. */
export interface ScheduledSlackClientOptions {
  /** A Web API client made with `schedulerWebClient` (rate-limited calls rejected, not retried inside). */
  client: webApi.WebClient;
  policy?: PostingPolicy;
  clock?: PostingClock;
  metrics?: BotMetrics;
  logger?: Logger;
}

/**
 * Slack's adapter of the posting scheduler, one per workspace (bot token): every call of the
 * thread renderer goes through it, so a storm of investigations stays inside Slack's per-channel
 * and per-workspace limits and `chat.update`'s own (Tier 3, see UpdatePacingSchema), every 429 is
 * waited out for its Retry-After and retried, and status updates of one message coalesce to the latest.
 */
export class ScheduledSlackClient implements SlackPostingClient {
  private readonly scheduler: PostingScheduler;
  private readonly clock: PostingClock;

  constructor(private readonly options: ScheduledSlackClientOptions) {
    const { metrics, logger } = options;
    this.clock = options.clock ?? systemPostingClock;
    this.scheduler = new PostingScheduler({
      policy: options.policy,
      clock: options.clock,
      retryAfterMs: slackRetryAfterMs,
      observer: {
        rateLimited: (channel, retryAfterMs, attempt) => logger?.debug({ channel, retryAfterMs, attempt }, 'Slack rate-limited a call; retrying after its Retry-After'),
        gaveUp: (channel) => {
          metrics?.chatRateLimitsUnhandled.inc({ surface: 'slack' });
          logger?.warn({ channel }, 'a Slack call stayed rate-limited through every retry');
        },
        skipped: (_channel, reason) => metrics?.chatCallsSkipped.inc({ surface: 'slack', reason }),
      },
    });
  }

  async threadMessages(channel: string, threadTs: string, limit: number): Promise<SlackThreadMessage[]> {
    const messages: SlackThreadMessage[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: Math.min(200, limit), ...(cursor ? { cursor } : {}) });
      messages.push(...((page.messages ?? []) as SlackThreadMessage[]));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor && messages.length < limit);
    return messages.slice(0, limit);
  }

  async postMessage(args: webApi.ChatPostMessageArguments, kind: PostingKind): Promise<string | undefined> {
    const outcome = await this.scheduler.schedule(this.task(args.channel, kind, 'chat.postMessage', () => this.options.client.chat.postMessage(args)));
    if (!outcome.sent) return undefined;
    if (!outcome.value.ts) throw new Error('chat.postMessage returned no ts');
    return outcome.value.ts;
  }

  async update(args: webApi.ChatUpdateArguments, kind: PostingKind): Promise<void> {
    const task = this.task(args.channel, kind, 'chat.update', () => this.options.client.chat.update(args));
    await this.scheduler.schedule({ ...task, update: true, coalesceKey: `update:${args.channel}:${args.ts}` });
  }

  async uploadFiles(args: ThreadUpload): Promise<UploadedFile[]> {
    const upload = async (): Promise<webApi.FilesUploadV2Arguments> => {
      const files = typeof args.files === 'function' ? await args.files() : args.files;
      const shared = args.share !== false;
      return {
        ...(shared ? { channel_id: args.channel_id, thread_ts: args.thread_ts } : {}),
        ...(shared && args.initial_comment ? { initial_comment: typeof args.initial_comment === 'function' ? args.initial_comment(files) : args.initial_comment } : {}),
        file_uploads: files.map((file) =>
          typeof file.content === 'string'
            ? { content: file.content, filename: file.filename, title: file.title, ...(file.altText ? { alt_text: file.altText } : {}) }
            : { file: file.content, filename: file.filename, title: file.title, ...(file.altText ? { alt_text: file.altText } : {}) },
        ),
      } as webApi.FilesUploadV2Arguments;
    };
    // Unshared files post nothing into the channel: they do not wait behind its messages.
    const lane = args.share === false ? UNSHARED_UPLOADS_LANE : args.channel_id;
    const outcome = await this.scheduler.schedule(this.task(lane, args.kind ?? 'essential', 'files.uploadV2', async () => this.options.client.filesUploadV2(await upload())));
    return outcome.sent ? uploadedFiles(outcome.value) : [];
  }

  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /** Calls waiting in the scheduler, over every channel. */
  backlog(): number {
    return this.scheduler.backlog();
  }

  private task<T>(channel: string, kind: PostingKind, method: string, call: () => Promise<T>): PostingTask<T> {
    const metrics = this.options.metrics;
    const scheduledAt = this.clock.now();
    let waited = false;
    return {
      lane: channel,
      kind,
      run: async () => {
        if (!waited) {
          waited = true;
          metrics?.chatCallWait.observe({ surface: 'slack', method }, (this.clock.now() - scheduledAt) / 1000);
        }
        try {
          const value = await call();
          metrics?.chatCalls.inc({ surface: 'slack', method, result: 'ok' });
          return value;
        } catch (error) {
          metrics?.chatCalls.inc({ surface: 'slack', method, result: slackRetryAfterMs(error) === undefined ? 'error' : 'rate_limited' });
          throw error;
        }
      },
    };
  }
}
