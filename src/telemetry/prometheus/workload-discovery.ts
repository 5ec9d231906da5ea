import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';
import type { PrometheusClient } from './prometheus-client';
import { PodOwners } from './pod-owners';
import { scrapeIntervalOf } from './scrape-interval';
import { WorkloadCatalog } from './workload-catalog';
import { detectPresets, discoverySelector, labelRule, presetRules, scopeMatchers, type PresetName, type WorkloadRule } from './workload-rules';

/** How a source names workloads: a named preset, `auto` (detected from the series present), or plain labels. */
export type WorkloadMode = 'auto' | 'kube-prometheus-stack' | 'opentelemetry' | 'istio' | 'labels';

/** What discovery learned about a period. */
export interface Discovery {
  catalog: WorkloadCatalog;
  /** The presets in use (`labels` when none was detected). */
  presets: PresetName[];
  /** The data's sampling interval in seconds, when it could be read. */
  intervalSeconds?: number;
}

const NAMED: ReadonlyArray<Exclude<WorkloadMode, 'auto' | 'labels'>> = ['kube-prometheus-stack', 'opentelemetry', 'istio'];

/**
 * Reads the series of `range` (one `/api/v1/series` request whose selectors cover every layout of
 * the mode, scoped to the alert's namespace/cluster), picks the presets (`auto`: the ones whose
 * series are present, else plain labels), joins pods to their owners and measures the sampling
 * interval on one series.
 */
export async function discoverWorkloads(
  client: PrometheusClient,
  options: { mode: WorkloadMode; scope: Record<string, string>; serviceLabel: string; instanceLabel: string },
  range: TimeRange,
  signal?: AbortSignal,
): Promise<Discovery> {
  const { startMs, endMs } = rangeMs(range);
  const { mode, scope } = options;
  const candidates: PresetName[] = mode === 'auto' ? [...NAMED, 'labels'] : [mode];
  const selectors = candidates.map((p) => discoverySelector(p, scope, options.serviceLabel));
  if (candidates.includes('kube-prometheus-stack')) selectors.push(`{__name__="kube_replicaset_owner",${scopeMatchers('kube-prometheus-stack', scope).join(',') || 'namespace!=""'}}`);
  const [series, metadata] = await Promise.all([
    client.call<Array<Record<string, string>>>('series', [...selectors.map((s): [string, string] => ['match[]', s]), ['start', seconds(startMs)], ['end', seconds(endMs)]], signal),
    // Metadata comes from scrapes; a backend without it (or with backfilled data) falls back to naming conventions.
    client.call<Record<string, Array<{ type: string }>>>('metadata', [], signal).catch(() => ({}) as Record<string, Array<{ type: string }>>),
  ]);
  const detected = mode === 'auto' ? detectPresets(series) : NAMED.filter((p) => p === mode);
  const presets: PresetName[] = detected.length > 0 ? detected : ['labels'];
  const rules: WorkloadRule[] = detected.length > 0 ? detected.flatMap((p) => presetRules(p)) : [labelRule(options.serviceLabel, options.instanceLabel)];
  const types = new Map(Object.entries(metadata).map(([name, entries]) => [name, entries[0]?.type ?? 'unknown']));
  const catalog = new WorkloadCatalog(series, rules, PodOwners.from(series), types);
  const probe = series.find((labels) => catalog.identify(labels) !== undefined);
  const intervalSeconds = probe
    ? await scrapeIntervalOf(
        (promql, time) => client.call('query', [['query', promql], ['time', time.toFixed(3)]], signal),
        probe,
        endMs / 1000,
        Math.min(3600, (endMs - startMs) / 1000),
      ).catch(() => undefined)
    : undefined;
  return { catalog, presets, ...(intervalSeconds !== undefined ? { intervalSeconds } : {}) };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
