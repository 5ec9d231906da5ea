import type { QueryDescriptor, QueryOutcome, SourceCatalog, TelemetrySource } from '../../../src/core/ports/telemetry-source';
import type { QueryResultData } from '../../../src/core/telemetry/query-results';
import { TelemetryQuerySchema, type QueryName, type TelemetryQuery } from '../../../src/core/telemetry/query-schemas';
import { toEvidence } from '../../../src/telemetry/evidence-record';

/** A source answering given query names with canned data (or failing), recording what it was asked. */
export class StubSource implements TelemetrySource {
  readonly calls: TelemetryQuery[] = [];
  failCatalog: string | undefined;
  throwOnRun = false;

  constructor(
    readonly id: string,
    readonly kind: string,
    private readonly answers: Partial<Record<QueryName, (query: TelemetryQuery) => QueryResultData | 'no_data' | 'error'>>,
    private readonly catalogValue: Partial<SourceCatalog> = {},
  ) {}

  capabilities(): QueryDescriptor[] {
    return (Object.keys(this.answers) as QueryName[]).map((name) => ({ name, description: `${name} from ${this.id}`, params: TelemetryQuerySchema }));
  }

  async health() {
    return { ok: this.failCatalog === undefined, message: this.failCatalog ?? `${this.id} fine` };
  }

  async catalog(): Promise<SourceCatalog> {
    if (this.failCatalog) throw new Error(this.failCatalog);
    return { services: [], metrics: {}, hasLogs: false, hasSpans: false, hasEvents: false, hasTopology: false, ...this.catalogValue };
  }

  async run(query: TelemetryQuery): Promise<QueryOutcome> {
    this.calls.push(query);
    if (this.throwOnRun) throw new Error('socket hang up');
    const answer = this.answers[query.name]?.(query) ?? 'error';
    const range = 'range' in query.params && query.params.range ? query.params.range : { start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T00:00:00.000Z' };
    const status = answer === 'no_data' || answer === 'error' ? answer : 'ok';
    const evidence = toEvidence(
      { id: 'S1', sourceId: this.id, queryName: query.name, queryText: `${this.id}:${query.name}`, parameters: query.params, timeRange: range, startedAt: new Date(0), finishedAt: new Date(5), links: [{ label: `${this.id} UI`, url: `http://${this.id}.example/q` }] },
      { status, summary: `${this.id} said ${status}`, digest: { n: 1 } },
    );
    return typeof answer === 'object' ? { evidence, data: answer } : { evidence };
  }
}
