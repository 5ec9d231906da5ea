import type { ChangeEventStore } from '../../core/ports/change-event-store';
import type { QueryDescriptor, QueryOutcome, SourceCatalog, SourceHealth, TelemetrySource } from '../../core/ports/telemetry-source';
import { EventSearchParamsSchema, TelemetryQuerySchema, type TelemetryQuery } from '../../core/telemetry/query-schemas';
import type { TelemetryEvent } from '../../core/telemetry/query-results';
import { rangeMs, timeRange } from '../../core/telemetry/time-range-schema';
import { toEvidence, type AnswerSummary } from '../evidence-record';

/**
 * The change events CI/CD posted to `POST /hooks/deploy`, answering `event_search` (reason
 * `deploy`, `config-change`, …). The events live in the change-event store, shared by every
 * replica of `causa serve`. Its evidence has no UI link: the events are Causa's own record.
 */
export class DeployEventsSource implements TelemetrySource {
  readonly kind = 'deploys';
  private counter = 0;

  constructor(
    private readonly store: ChangeEventStore,
    readonly id = 'deploys',
    private readonly now: () => Date = () => new Date(),
  ) {}

  capabilities(): QueryDescriptor[] {
    return [{ name: 'event_search', description: 'Deploys and config changes CI/CD reported to POST /hooks/deploy, by service or text.', params: EventSearchParamsSchema }];
  }

  async health(): Promise<SourceHealth> {
    try {
      const end = this.now().getTime();
      const recent = await this.store.between(end - 86_400_000, end);
      return { ok: true, message: `change events from POST /hooks/deploy (${recent.length} in the last 24 h)` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  async catalog(options: { around?: { start: string; end: string } } = {}): Promise<SourceCatalog> {
    const end = this.now().getTime();
    const { startMs, endMs } = rangeMs(options.around ?? timeRange(end - 3_600_000, end));
    const events = await this.store.between(startMs - 86_400_000, endMs);
    return { services: [...new Set(events.map((e) => e.service))].sort(), metrics: {}, hasLogs: false, hasSpans: false, hasEvents: events.length > 0, hasTopology: false };
  }

  async run(query: TelemetryQuery): Promise<QueryOutcome> {
    const startedAt = this.now();
    const parsed = TelemetryQuerySchema.safeParse(query);
    const end = startedAt.getTime();
    let range = timeRange(end - 3_600_000, end);
    let answer: AnswerSummary & { data?: QueryOutcome['data'] };
    let queryText = 'event_search (not run)';
    let parameters: Record<string, unknown> = {};
    if (!parsed.success || parsed.data.name !== 'event_search') {
      answer = { status: 'error', summary: parsed.success ? `${parsed.data.name} is not a query the deploy events source answers; it answers event_search` : `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, digest: {} };
    } else {
      const params = parsed.data.params;
      range = params.range;
      parameters = { ...params };
      queryText = `change events${params.service ? ` of ${params.service}` : ''}${params.text ? ` matching "${params.text}"` : ''} posted to POST /hooks/deploy`;
      try {
        const { startMs, endMs } = rangeMs(params.range);
        const text = params.text?.toLowerCase();
        const matched = (await this.store.between(startMs, endMs)).filter((e) => (params.service === undefined || e.service === params.service) && (text === undefined || `${e.kind} ${e.description ?? ''} ${e.version ?? ''}`.toLowerCase().includes(text)));
        const events: TelemetryEvent[] = matched.slice(0, params.limit).map((e) => ({
          ts: e.at,
          service: e.service,
          reason: e.kind,
          message: [e.kind === 'deploy' ? `deployed ${e.version ?? 'a new version'}` : e.kind, e.environment ? `to ${e.environment}` : undefined, e.description ? `: ${e.description}` : undefined, e.actor ? `(by ${e.actor})` : undefined].filter(Boolean).join(' '),
          attributes: { ...(e.version ? { version: e.version } : {}), ...(e.url ? { url: e.url } : {}) },
        }));
        answer = events.length === 0
          ? { status: 'no_data', summary: 'no change events were posted for this period', digest: { events: 0 } }
          : { status: 'ok', summary: `${matched.length} change events; first: ${events[0].service} ${events[0].reason} at ${events[0].ts}`, digest: { events: events.length, totalMatches: matched.length }, data: { kind: 'event_search', events, totalMatches: matched.length } };
      } catch (error) {
        answer = { status: 'error', summary: (error as Error).message, digest: {} };
      }
    }
    const evidence = toEvidence({ id: `D${++this.counter}`, sourceId: this.id, queryName: parsed.success ? parsed.data.name : 'unknown', queryText, parameters, timeRange: range, startedAt, finishedAt: this.now() }, answer);
    return answer.status === 'ok' && answer.data ? { evidence, data: answer.data } : { evidence };
  }
}
