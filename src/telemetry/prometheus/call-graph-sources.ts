/**
 * Where a Prometheus holds a call graph, in order of preference:
 *
 * 1. a configured metric naming caller and callee (`callGraph` in the configuration);
 * 2. Istio's `istio_requests_total` (`source_workload` → `destination_workload`);
 * 3. OpenTelemetry span metrics (`traces_span_metrics_calls_total`, or `calls_total` of older
 *    collectors): a client span of one service and a server span of another with the same span
 *    name (an RPC method, an HTTP route) are one call; a `peer_service` dimension names the callee
 *    directly;
 * 4. Tempo's (or the OpenTelemetry servicegraph connector's) `traces_service_graph_request_total`
 *    (`client` → `server`).
 *
 * Each reads the pairs that had a series in the period with one instant query.
 */
export interface CallGraphCandidate {
  /** How the report names it ("Istio (istio_requests_total)"). */
  label: string;
  /** The query over the `lookbackSeconds` before the evaluation time, restricted by `scope` matchers. */
  promql(lookbackSeconds: number, scope: readonly string[]): string;
  pairs(result: ReadonlyArray<{ metric: Record<string, string> }>): Array<{ from: string; to: string }>;
}

/** A metric whose series name caller and callee in two labels. */
export function labelPairCandidate(label: string, metric: string, callerLabel: string, calleeLabel: string): CallGraphCandidate {
  return {
    label,
    promql: (lookback, scope) => `group by (${callerLabel}, ${calleeLabel}) (last_over_time(${metric}${scope.length > 0 ? `{${scope.join(',')}}` : ''}[${lookback}s]))`,
    pairs: (result) => result.map(({ metric: m }) => ({ from: m[callerLabel] ?? '', to: m[calleeLabel] ?? '' })),
  };
}

const SPAN_METRICS = 'traces_span_metrics_calls_total|calls_total';

/** OpenTelemetry span metrics: client and server spans of the same name, or the `peer_service` dimension. */
export const spanMetricsCandidate: CallGraphCandidate = {
  label: 'OpenTelemetry span metrics (traces_span_metrics_calls_total)',
  promql: (lookback, scope) =>
    `group by (service_name, span_name, span_kind, peer_service) (last_over_time({${[`__name__=~"${SPAN_METRICS}"`, 'span_kind=~"SPAN_KIND_CLIENT|SPAN_KIND_SERVER"', ...scope].join(',')}}[${lookback}s]))`,
  pairs(result) {
    const servers = new Map<string, Set<string>>();
    for (const { metric } of result) {
      if (metric.span_kind === 'SPAN_KIND_SERVER' && metric.service_name && metric.span_name) {
        (servers.get(metric.span_name) ?? servers.set(metric.span_name, new Set()).get(metric.span_name)!).add(metric.service_name);
      }
    }
    const out: Array<{ from: string; to: string }> = [];
    for (const { metric } of result) {
      if (metric.span_kind !== 'SPAN_KIND_CLIENT' || !metric.service_name) continue;
      if (metric.peer_service) out.push({ from: metric.service_name, to: metric.peer_service });
      for (const server of servers.get(metric.span_name ?? '') ?? []) out.push({ from: metric.service_name, to: server });
    }
    return out;
  },
};

/** The candidates to try, the configured metric first. */
export function callGraphCandidates(configured?: { metric: string; callerLabel: string; calleeLabel: string }): CallGraphCandidate[] {
  return [
    ...(configured ? [labelPairCandidate(`${configured.metric} (configured)`, configured.metric, configured.callerLabel, configured.calleeLabel)] : []),
    labelPairCandidate('Istio (istio_requests_total)', 'istio_requests_total', 'source_workload', 'destination_workload'),
    spanMetricsCandidate,
    labelPairCandidate('Tempo service graph (traces_service_graph_request_total)', 'traces_service_graph_request_total', 'client', 'server'),
  ];
}

/** Distinct caller → callee pairs, sorted; self-calls and callers a mesh cannot identify dropped. */
export function distinctCalls(pairs: ReadonlyArray<{ from: string; to: string }>): Array<{ from: string; to: string }> {
  const out = new Map<string, { from: string; to: string }>();
  for (const { from, to } of pairs) {
    if (!from || !to || from === to || from === 'unknown' || to === 'unknown') continue;
    out.set(`${from}\u0000${to}`, { from, to });
  }
  return [...out.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
