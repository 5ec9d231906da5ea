import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The bot's own Prometheus metrics (`GET /metrics`), one registry per process. Every part of
 * Causa that has something to count receives this object through its constructor; nothing
 * registers metrics globally. Label values are closed sets chosen by Causa (never alert text).
 */
export class BotMetrics {
  readonly registry = new Registry();

  /** Investigations started, by the tool that sent the alert (`alertmanager`, `grafana`, …, `generic`). */
  readonly investigationsStarted = new Counter({
    name: 'causa_investigations_started_total',
    help: 'Investigations started, by the source of their alert.',
    labelNames: ['alert_source'] as const,
    registers: [this.registry],
  });

  /** Investigations ended, by outcome (`concluded`, `abstained`, `failed`). */
  readonly investigationsFinished = new Counter({
    name: 'causa_investigations_finished_total',
    help: 'Investigations ended, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly investigationDuration = new Histogram({
    name: 'causa_investigation_duration_seconds',
    help: 'Wall-clock time of an investigation, from start to report (or failure).',
    labelNames: ['outcome'] as const,
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });

  /** Jobs in the investigation queue across every worker, by state (`waiting`, `running`). */
  readonly queueDepth = new Gauge({
    name: 'causa_queue_depth',
    help: 'Investigation jobs in the queue, by state.',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  /** How long the longest-waiting job has waited (0 when none waits). */
  readonly queueOldestWait = new Gauge({
    name: 'causa_queue_oldest_wait_seconds',
    help: 'How long the investigation job waiting longest has waited.',
    registers: [this.registry],
  });

  readonly queueWait = new Histogram({
    name: 'causa_queue_wait_seconds',
    help: 'Time an investigation job waited before a worker took it.',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  /** Telemetry queries, by source id and evidence status (`ok`, `no_data`, `error`). */
  readonly telemetryQueries = new Counter({
    name: 'causa_telemetry_queries_total',
    help: 'Telemetry queries run, by source and result status.',
    labelNames: ['source', 'status'] as const,
    registers: [this.registry],
  });

  /** Chat API calls, by surface (`slack`, `teams`), method and result (`ok`, `error`, `rate_limited`). */
  readonly chatCalls = new Counter({
    name: 'causa_chat_calls_total',
    help: 'Chat platform API calls, by surface, method and result.',
    labelNames: ['surface', 'method', 'result'] as const,
    registers: [this.registry],
  });

  /**
   * How long chat calls waited in the posting scheduler before their first attempt (their
   * channel's pace, the workspace's rate, `chat.update`'s own limit, a backlog), by surface and method.
   */
  readonly chatCallWait = new Histogram({
    name: 'causa_chat_call_wait_seconds',
    help: 'Time chat calls waited in the posting scheduler before their first attempt, by surface and method.',
    labelNames: ['surface', 'method'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1200],
    registers: [this.registry],
  });

  /** Chat calls not made: replaced by a newer update of the same message, or shed in a storm. */
  readonly chatCallsSkipped = new Counter({
    name: 'causa_chat_calls_skipped_total',
    help: 'Chat calls not made, by surface and reason (superseded by a newer update, shed in a storm).',
    labelNames: ['surface', 'reason'] as const,
    registers: [this.registry],
  });

  /** Rate-limited chat calls that stayed rate-limited through every retry (should stay 0). */
  readonly chatRateLimitsUnhandled = new Counter({
    name: 'causa_chat_rate_limits_unhandled_total',
    help: 'Chat calls that failed because they stayed rate-limited through every retry.',
    labelNames: ['surface'] as const,
    registers: [this.registry],
  });

  /** Model tokens, by kind (`prompt`, `completion`). */
  readonly llmTokens = new Counter({
    name: 'causa_llm_tokens_total',
    help: 'Tokens used by the LLM reasoner, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /**
   * Posts by configured alert senders in watched channels, by surface and outcome (`firing`,
   * `resolved`, `acknowledged`, `heartbeat`, `unrecognized`).
   */
  readonly alertPosts = new Counter({
    name: 'causa_alert_posts_total',
    help: 'Posts from configured alert senders, by surface and how they were recognized.',
    labelNames: ['surface', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'causa_process_' });
  }

  private readonly beforeScrape: Array<() => Promise<void>> = [];

  /** Runs `refresh` before each scrape (figures read on demand, such as the queue's depth). */
  refreshOnScrape(refresh: () => Promise<void>): void {
    this.beforeScrape.push(refresh);
  }

  /** The exposition text for `GET /metrics`. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    // A figure that cannot be read now (Redis down: queue reads wait for it) keeps its last value;
    // the scrape still answers, within two seconds.
    await Promise.allSettled(this.beforeScrape.map((refresh) => withinMs(refresh(), REFRESH_TIMEOUT_MS)));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** How long a scrape waits for a figure read on demand. */
const REFRESH_TIMEOUT_MS = 2_000;

/** `work`, or a rejection once `ms` passed (the work goes on; its result is ignored). */
function withinMs(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`not read within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
