import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';

/** Where a source's queries open in Grafana: its base URL and the data source's uid. */
export interface GrafanaExploreTarget {
  url: string;
  /** The uid of the Loki / Tempo data source in Grafana (Connections → Data sources → the URL's last part). */
  datasource: string;
  orgId?: number;
}

/**
 * A Grafana Explore link (the `panes` URL format of Grafana 10 and later) opening `query` on the
 * configured data source over `range`. `query` is the data source's query model, e.g.
 * `{ expr }` for Loki or `{ queryType: 'traceql', query }` for Tempo.
 */
export function grafanaExploreLink(target: GrafanaExploreTarget, type: 'loki' | 'tempo' | 'prometheus', query: Record<string, unknown>, range: TimeRange): EvidenceLink {
  const { startMs, endMs } = rangeMs(range);
  const datasource = { type, uid: target.datasource };
  const panes = { causa: { datasource: target.datasource, queries: [{ refId: 'A', datasource, ...query }], range: { from: String(startMs), to: String(endMs) } } };
  const params = new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify(panes), orgId: String(target.orgId ?? 1) });
  return { label: 'Grafana Explore', url: `${target.url.replace(/\/+$/, '')}/explore?${params.toString()}` };
}
