import type { TelemetrySourceConfig } from '../config';
import { ConfigError } from '../core/errors';
import type { ChangeEventStore } from '../core/ports/change-event-store';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import { BundleSource } from '../telemetry/bundle';
import { DeployEventsSource } from '../telemetry/deploys/deploy-events-source';
import { JaegerBackend } from '../telemetry/jaeger/jaeger-backend';
import { ClientNodeApi } from '../telemetry/kubernetes/client-node-api';
import { KubernetesSource } from '../telemetry/kubernetes/kubernetes-source';
import { LokiSource } from '../telemetry/loki/loki-source';
import { PrometheusSource } from '../telemetry/prometheus';
import { ServiceNameMapping } from '../telemetry/router/service-name-mapping';
import { SourceRouter, type RoutedSource } from '../telemetry/router/source-router';
import { TempoBackend } from '../telemetry/tempo/tempo-backend';
import { TraceSource } from '../telemetry/traces/trace-source';

/** What some sources need besides their configuration. */
export interface TelemetrySourceDependencies {
  /** Where `POST /hooks/deploy` keeps change events (needed by a `deploys` source). */
  changeEvents?: ChangeEventStore;
}

const NOT_YET = new Set(['datadog']);

/**
 * The telemetry an investigation queries, built from `telemetry.sources`: one source as it is, or
 * several behind a SourceRouter (each query goes to the sources that answer it). A log source is
 * given the first trace source, to join lines to the operations of their spans. Throws a
 * ConfigError saying how to fix the configuration when no source is configured or a type is not
 * available in this build.
 */
export function createTelemetrySource(sources: readonly TelemetrySourceConfig[], dependencies: TelemetrySourceDependencies = {}): TelemetrySource {
  if (sources.length === 0) {
    throw new ConfigError(
      'No telemetry source is configured: set CAUSA_PROMETHEUS_URL to a Prometheus-compatible API (e.g. http://prometheus:9090), ' +
        'or CAUSA_BUNDLE_DIR to an incident bundle folder (one containing case.json), or list sources (prometheus, loki, tempo, jaeger, deploys, kubernetes) under telemetry.sources in causa.yaml.',
    );
  }
  const unavailable = sources.filter((source) => NOT_YET.has(source.type));
  if (unavailable.length > 0) {
    const names = unavailable.map((source) => `${source.id} (${source.type})`).join(', ');
    throw new ConfigError(`Telemetry source type not available in this build yet: ${names}. Remove it from telemetry.sources; prometheus, loki, tempo, jaeger, deploys, kubernetes and bundle sources are available.`);
  }
  const traces = new Map<string, TraceSource>();
  for (const config of sources) {
    if (config.type === 'tempo') traces.set(config.id, new TraceSource({ id: config.id, kind: 'tempo', maxTraces: config.maxTraces, backend: new TempoBackend({ url: config.url, timeoutMs: config.timeoutMs, headers: config.headers, grafana: config.grafana }) }));
    if (config.type === 'jaeger') traces.set(config.id, new TraceSource({ id: config.id, kind: 'jaeger', maxTraces: config.maxTraces, backend: new JaegerBackend({ url: config.url, uiUrl: config.uiUrl, timeoutMs: config.timeoutMs, headers: config.headers }) }));
  }
  const firstTraces = traces.values().next().value as TraceSource | undefined;
  const members: RoutedSource[] = sources.map((config) => ({
    source: traces.get(config.id) ?? build(config, firstTraces, dependencies),
    ...(config.services ? { services: new ServiceNameMapping(config.services) } : {}),
    ...(config.match ? { match: config.match } : {}),
  }));
  const [only] = members;
  if (members.length === 1 && !only.services && !only.match) return only.source;
  return new SourceRouter(members);
}

function build(config: TelemetrySourceConfig, spans: TraceSource | undefined, dependencies: TelemetrySourceDependencies): TelemetrySource {
  switch (config.type) {
    case 'bundle':
      return new BundleSource({ dir: config.dir, id: config.id, limits: config.limits });
    case 'prometheus': {
      const { url, id, timeoutMs, headers, workloads, serviceLabel, instanceLabel, callGraph, baselineOffset } = config;
      return new PrometheusSource({ url, id, timeoutMs, headers, workloads, serviceLabel, instanceLabel, callGraph, baselineOffset, ...(config.grafana ? { grafana: config.grafana } : {}) });
    }
    case 'loki': {
      const { url, id, timeoutMs, headers, serviceLabel, instanceLabel, selector, format, operationFields, maxLines, pageSize, grafana } = config;
      return new LokiSource({ url, id, timeoutMs, headers, serviceLabel, instanceLabel, selector, format, operationFields, maxLines, pageSize, grafana, spans });
    }
    case 'kubernetes': {
      const { id, kubeconfig, context, namespace, timeoutMs, pageSize, maxObjects, dashboardUrl } = config;
      return new KubernetesSource({ id, namespace, pageSize, maxObjects, dashboardUrl, api: new ClientNodeApi({ kubeconfig, context, timeoutMs }) });
    }
    case 'deploys':
      if (!dependencies.changeEvents) throw new ConfigError(`telemetry source ${config.id} (deploys) needs the change-event store; this command does not provide one`);
      return new DeployEventsSource(dependencies.changeEvents, config.id);
    default:
      throw new ConfigError(`telemetry source ${config.id} (${config.type}) is not available in this build yet`);
  }
}
