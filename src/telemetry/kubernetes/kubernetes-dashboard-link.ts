import type { EvidenceLink } from '../../core/investigation/evidence-schema';
import { rangeMs, type TimeRange } from '../../core/telemetry/time-range-schema';

/** The placeholders a dashboard URL template may use. */
export const DASHBOARD_PLACEHOLDERS = ['namespace', 'workload', 'from', 'to'] as const;

/**
 * A link into the configured Kubernetes UI (a Grafana dashboard, Headlamp, the Kubernetes
 * Dashboard…) for one query: `{namespace}`, `{workload}`, `{from}` and `{to}` (epoch milliseconds)
 * are filled in, URL-encoded; an unknown value is left empty. Built from the configured template
 * only, never from telemetry text.
 */
export function dashboardLink(template: string, values: { namespace?: string; workload?: string; range: TimeRange }): EvidenceLink | undefined {
  const { startMs, endMs } = rangeMs(values.range);
  const filled: Record<(typeof DASHBOARD_PLACEHOLDERS)[number], string> = { namespace: values.namespace ?? '', workload: values.workload ?? '', from: String(startMs), to: String(endMs) };
  const url = template.replace(/\{(namespace|workload|from|to)\}/g, (_, name: keyof typeof filled) => encodeURIComponent(filled[name]));
  try {
    return { label: 'Kubernetes dashboard', url: new URL(url).href };
  } catch {
    return undefined;
  }
}
