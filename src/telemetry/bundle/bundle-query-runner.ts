import type { TelemetryQuery } from '../../core/telemetry/query-schemas';
import type { Bundle } from './bundle-loader';
import { runEventSearch } from './event-search';
import { runLogSearch } from './log-search';
import { runLogTemplateCounts } from './log-template-query';
import { runMetricCatalog } from './metric-catalog-query';
import { runMetricRange } from './metric-range-query';
import { metricsAsOf } from './metrics-as-of';
import { noData, type QueryAnswer } from './query-answer';
import type { SpanIndex } from './span-index';
import { runSpanSearch } from './span-search';
import { runOperationShape } from './operation-shape';
import { runCallStats, runSpanStats } from './span-statistics';
import { derivedTopology, givenTopology } from './topology-reader';

/**
 * Answers one validated query from a bundle. Absent signals come back as `no_data`; a corrupt
 * file rejects with its BundleError (the source turns it into `error` evidence). With `asOfMs` (a
 * replayed present), metrics are what exists by then (see `metricsAsOf`); ranges are clipped by the caller.
 */
export async function answerQuery(bundle: Bundle, query: TelemetryQuery, signal?: AbortSignal, asOfMs?: number): Promise<QueryAnswer> {
  const reading = { signal, limits: bundle.limits };
  switch (query.name) {
    case 'metric_range':
    case 'metric_catalog': {
      const index = await bundle.metrics(signal);
      if (!index) return missing(bundle, 'metrics', 'metrics.csv');
      const visible = asOfMs === undefined ? index : metricsAsOf(index, asOfMs);
      if (query.name === 'metric_range') return runMetricRange(visible, query.params);
      return runMetricCatalog(visible, query.params);
    }
    case 'log_search':
    case 'log_template_counts': {
      const index = await bundle.logs(signal);
      if (!index || !bundle.files.logs) return missing(bundle, 'logs', 'logs.jsonl');
      if (query.name === 'log_search') return runLogSearch(bundle.files.logs, index, query.params, reading);
      return runLogTemplateCounts(index, query.params, await spansForLogs(bundle, query.params.groupBy, signal));
    }
    case 'span_search':
    case 'span_stats':
    case 'call_stats':
    case 'operation_shape': {
      const index = await bundle.spans(signal);
      if (!index || !bundle.files.spans) return missing(bundle, 'spans (traces)', 'spans.jsonl');
      if (query.name === 'span_search') return runSpanSearch(bundle.files.spans, index, query.params, reading);
      if (query.name === 'operation_shape') return runOperationShape(index, query.params);
      return query.name === 'span_stats' ? runSpanStats(index, query.params) : runCallStats(index, query.params);
    }
    case 'event_search': {
      const index = await bundle.events(signal);
      if (!index || !bundle.files.events) return missing(bundle, 'change or deploy events', 'events.jsonl');
      return runEventSearch(bundle.files.events, index, query.params, reading);
    }
    case 'topology':
      return answerTopology(bundle, signal);
  }
}

async function answerTopology(bundle: Bundle, signal?: AbortSignal): Promise<QueryAnswer> {
  const given = await bundle.topology();
  const spans = given ? undefined : await bundle.spans(signal);
  const data = given ? givenTopology(given) : spans && spans.count > 0 ? derivedTopology(spans) : undefined;
  if (!data) return noData('this bundle has no topology.json and no spans to derive one from; use metric correlation instead');
  const digest = {
    services: data.services.length,
    calls: data.calls.length,
    ...(data.placement ? { placedInstances: Object.keys(data.placement).length } : {}),
  };
  const how = data.origin === 'given' ? 'recorded in topology.json' : 'derived from parent/child spans';
  const placement = data.placement ? `, placement of ${digest.placedInstances} instances` : '';
  return { status: 'ok', summary: `${data.services.length} services, ${data.calls.length} calls (${how}${placement})`, digest, data };
}

/**
 * Spans for log template counts: grouping by operation needs them, so a corrupt spans file is
 * reported (rejects); grouping by service only loses the optional traffic counts.
 */
async function spansForLogs(bundle: Bundle, groupBy: 'service' | 'operation', signal?: AbortSignal): Promise<SpanIndex | undefined> {
  if (!bundle.files.spans) return undefined;
  return groupBy === 'operation' ? bundle.spans(signal) : bundle.spans(signal).catch(() => undefined);
}

function missing(bundle: Bundle, what: string, file: string): QueryAnswer {
  return noData(`this bundle has no ${what}: neither ${file} nor ${file}.gz exists in ${bundle.dir}`);
}
