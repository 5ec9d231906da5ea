import type { QueryResultData } from '../../core/telemetry/query-results';

/** How one source's service names become the names the investigation reasons about. */
export interface ServiceNameRules {
  /** Backend name → service name, e.g. `{ "checkout-v2": "checkout" }`. */
  map?: Record<string, string>;
  /**
   * A regular expression with a named group `service`: a backend name it matches becomes that
   * group, e.g. `^(?:prod-)?(?<service>.+?)(?:-v\d+)?$`. Names it does not match stay as they are.
   */
  pattern?: string;
}

/**
 * The small hook that makes sources agree on one workload identity: every source names services
 * its own way (a Loki `service_name` label, a Tempo `service.name`, a Kubernetes Deployment), and
 * the investigation must see one name per service. Explicit entries win over the pattern.
 */
export class ServiceNameMapping {
  private readonly map: Map<string, string>;
  private readonly pattern: RegExp | undefined;
  /** Backend names seen so far (from catalogs and results), to invert pattern mappings. */
  private readonly seen = new Set<string>();

  constructor(rules: ServiceNameRules = {}) {
    this.map = new Map(Object.entries(rules.map ?? {}));
    this.pattern = rules.pattern ? new RegExp(rules.pattern) : undefined;
  }

  /** True when this mapping renames nothing. */
  get isIdentity(): boolean {
    return this.map.size === 0 && this.pattern === undefined;
  }

  /** The investigation's name for a backend name. */
  canonical(name: string): string {
    this.seen.add(name);
    const mapped = this.map.get(name);
    if (mapped !== undefined) return mapped;
    const group = this.pattern?.exec(name)?.groups?.service;
    return group ? group : name;
  }

  /** The backend names that stand for a service name (at least one: the name itself when nothing maps to it). */
  backendNames(service: string): string[] {
    const names = new Set<string>();
    for (const [backend, canonical] of this.map) if (canonical === service) names.add(backend);
    for (const backend of this.seen) if (this.canonical(backend) === service) names.add(backend);
    if (names.size === 0) names.add(service);
    return [...names].sort();
  }

  /** A result with every service name rewritten to the investigation's names. */
  renameResult(data: QueryResultData): QueryResultData {
    if (this.isIdentity) return data;
    const c = (name: string): string => this.canonical(name);
    switch (data.kind) {
      case 'metric_range':
        return { ...data, series: data.series.map((s) => ({ ...s, service: c(s.service) })) };
      case 'metric_catalog': {
        const metrics: Record<string, string[]> = {};
        for (const [service, names] of Object.entries(data.metrics)) metrics[c(service)] = [...new Set([...(metrics[c(service)] ?? []), ...names])].sort();
        return { ...data, metrics };
      }
      case 'log_search':
        return { ...data, lines: data.lines.map((l) => ({ ...l, service: c(l.service) })) };
      case 'log_template_counts':
        return {
          ...data,
          templates: data.templates.map((t) => ({ ...t, service: c(t.service) })),
          linesPerService: renameKeys(data.linesPerService, c),
          ...(data.spansPerOperation ? { spansPerOperation: data.spansPerOperation.map((s) => ({ ...s, service: c(s.service) })) } : {}),
        };
      case 'span_search':
        return { ...data, spans: data.spans.map((s) => ({ ...s, service: c(s.service) })) };
      case 'span_stats':
        return { ...data, groups: data.groups.map((g) => ({ ...g, service: c(g.service) })) };
      case 'call_stats':
        return { ...data, edges: data.edges.map((e) => ({ ...e, caller: c(e.caller), callee: c(e.callee) })) };
      case 'operation_shape':
        return { ...data, operations: data.operations.map((o) => ({ ...o, service: c(o.service), calls: o.calls.map((call) => ({ ...call, service: c(call.service) })) })) };
      case 'event_search':
        return { ...data, events: data.events.map((e) => ({ ...e, service: c(e.service) })) };
      case 'topology':
        return {
          ...data,
          services: [...new Set(data.services.map(c))].sort(),
          calls: data.calls.map((call) => ({ from: c(call.from), to: c(call.to) })).filter((call) => call.from !== call.to),
        };
    }
  }
}

function renameKeys(record: Record<string, number>, rename: (name: string) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) out[rename(key)] = (out[rename(key)] ?? 0) + value;
  return out;
}
