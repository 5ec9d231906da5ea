import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';
import { grafanaExploreLink, type GrafanaExploreTarget } from '../grafana/grafana-explore-link';

/** `2024-05-14 10:10:00`: the end time the Prometheus UI's graph takes (UTC). */
function uiTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Where a PromQL query opens for a person: Grafana Explore on the configured Prometheus data
 * source, else the Prometheus UI's graph (the expression over the query's period, ending at its
 * end). The Prometheus URL loses any credentials it carried; none reaches a link.
 */
export function prometheusGraphLink(baseUrl: string, promql: string, range: TimeRange, grafana?: GrafanaExploreTarget): EvidenceLink {
  if (grafana) return grafanaExploreLink(grafana, 'prometheus', { expr: promql, range: true }, range);
  const url = new URL(baseUrl);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const { startMs, endMs } = rangeMs(range);
  const seconds = Math.max(1, Math.round((endMs - startMs) / 1000));
  const params = new URLSearchParams({ 'g0.expr': promql, 'g0.tab': '0', 'g0.range_input': `${seconds}s`, 'g0.end_input': uiTime(endMs) });
  return { label: 'Prometheus graph', url: `${url.toString().replace(/\/+$/, '')}/graph?${params.toString()}` };
}

/** Whether an evidence's query text is one PromQL expression a person can open (not a catalog read or a query not run). */
export function linkableQuery(queryText: string): boolean {
  return queryText.length > 0 && !queryText.includes('\n') && !queryText.endsWith('(not run)') && !queryText.startsWith('series ');
}
