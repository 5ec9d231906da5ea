import type { TelemetrySourceConfig } from '../config';
import { ConfigError } from '../core/errors';
import type { TelemetrySource } from '../core/ports/telemetry-source';
import { BundleSource } from '../telemetry/bundle';
import { PrometheusSource } from '../telemetry/prometheus';

/**
 * The telemetry source a long-running surface (`causa serve`) investigates with, built from the
 * `telemetry.sources` config section. Throws a ConfigError saying how to fix the configuration
 * when no source is configured, when a source type is not available in this build yet, or when
 * several sources are configured (one source per deployment for now).
 */
export function createTelemetrySource(sources: readonly TelemetrySourceConfig[]): TelemetrySource {
  if (sources.length === 0) {
    throw new ConfigError(
      'No telemetry source is configured: set CAUSA_PROMETHEUS_URL to a Prometheus-compatible API (e.g. http://prometheus:9090), ' +
        'or CAUSA_BUNDLE_DIR to an incident bundle folder (one containing case.json), or list a source under telemetry.sources in causa.yaml.',
    );
  }
  const unavailable = sources.filter((source) => source.type !== 'bundle' && source.type !== 'prometheus');
  if (unavailable.length > 0) {
    const names = unavailable.map((source) => `${source.id} (${source.type})`).join(', ');
    throw new ConfigError(
      `Telemetry source type not available in this build yet: ${names}. ` +
        'Use a prometheus source, or a bundle source (CAUSA_BUNDLE_DIR or telemetry.sources[].type: bundle), for now.',
    );
  }
  if (sources.length > 1) {
    throw new ConfigError(
      `${sources.length} telemetry sources are configured (${sources.map((source) => source.id).join(', ')}), ` +
        'but this build investigates with one: keep a single entry under telemetry.sources.',
    );
  }
  const [source] = sources;
  if (source.type === 'prometheus') {
    const { url, id, timeoutMs, headers, serviceLabel, instanceLabel, callGraph, baselineOffset } = source;
    return new PrometheusSource({ url, id, timeoutMs, headers, serviceLabel, instanceLabel, callGraph, baselineOffset });
  }
  if (source.type !== 'bundle') throw new ConfigError(`unreachable: source ${source.id} is neither a bundle nor Prometheus`);
  return new BundleSource({ dir: source.dir, id: source.id });
}
