import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTelemetrySource } from '../../src/app/telemetry-source-factory';
import { ConfigError } from '../../src/core/errors';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { ConfigSchema } from '../../src/config/config-schema';
import { SourceRouter } from '../../src/telemetry/router/source-router';

describe('createTelemetrySource', () => {
  it('tells the user to set CAUSA_BUNDLE_DIR or telemetry.sources when none is configured', () => {
    expect(() => createTelemetrySource([])).toThrow(ConfigError);
    expect(() => createTelemetrySource([])).toThrow(/CAUSA_BUNDLE_DIR.*telemetry\.sources/);
  });

  it('says a source type is not available in this build yet', () => {
    const call = () => createTelemetrySource([{ type: 'datadog', id: 'dd', site: 'datadoghq.com', apiKeyEnv: 'DD_API_KEY', appKeyEnv: 'DD_APP_KEY' }]);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(/not available in this build yet: dd \(datadog\)/);
  });

  it('opens a Kubernetes source that reads the alert\'s namespace behind the router', () => {
    const sources = ConfigSchema.parse({
      telemetry: { sources: [{ type: 'prometheus', url: 'http://127.0.0.1:9090' }, { type: 'kubernetes', kubeconfig: '/etc/causa/kubeconfig', context: 'prod', match: { cluster: 'eu-1' } }] },
    }).telemetry.sources;
    const router = createTelemetrySource(sources) as SourceRouter;
    expect(router.sources.map((s) => `${s.id}:${s.kind}`)).toEqual(['prometheus:prometheus', 'kubernetes:kubernetes']);
    expect(router.capabilities().map((c) => c.name)).toContain('event_search');
    const scoped = router.scopedTo({ cluster: 'eu-1', namespace: 'shop' }) as SourceRouter;
    expect(scoped.sources.map((s) => (s as { namespace?: string }).namespace)).toEqual([undefined, 'shop']);
    expect((router.scopedTo({ cluster: 'us-1', namespace: 'shop' }) as SourceRouter).sources.map((s) => s.id)).toEqual(['prometheus']);
  });

  it('puts several sources behind one router, the log source joined to the trace source', () => {
    const sources = ConfigSchema.parse({
      telemetry: {
        sources: [
          { type: 'prometheus', id: 'prom-eu', url: 'http://127.0.0.1:9090', match: { cluster: 'eu-1' } },
          { type: 'prometheus', id: 'prom-us', url: 'http://127.0.0.1:9091', match: { cluster: 'us-1' } },
          { type: 'loki', url: 'http://127.0.0.1:3100' },
          { type: 'tempo', url: 'http://127.0.0.1:3200', services: { pattern: '^shop-(?<service>.+)$' } },
        ],
      },
    }).telemetry.sources;
    const source = createTelemetrySource(sources);
    expect(source).toBeInstanceOf(SourceRouter);
    expect((source as SourceRouter).sources.map((s) => `${s.id}:${s.kind}`)).toEqual(['prom-eu:prometheus', 'prom-us:prometheus', 'loki:loki', 'tempo:tempo']);
    expect(source.capabilities().map((c) => c.name).sort()).toEqual(['call_stats', 'log_search', 'log_template_counts', 'metric_catalog', 'metric_range', 'operation_shape', 'span_search', 'span_stats', 'topology']);
    expect(((source.scopedTo!({ cluster: 'us-1' })) as SourceRouter).sources.map((s) => s.id)).toEqual(['prom-us', 'loki', 'tempo']);
  });

  it('needs the change-event store for a deploys source', () => {
    expect(() => createTelemetrySource([{ type: 'deploys', id: 'deploys', retentionDays: 14 }])).toThrow(/deploys\) needs the change-event store/);
  });

  it('opens a Prometheus source with its labels', () => {
    const source = createTelemetrySource([{ type: 'prometheus', id: 'prom', url: 'http://127.0.0.1:9090', timeoutMs: 1000, workloads: 'labels', serviceLabel: 'app', instanceLabel: 'pod', baselineOffset: '7d' }]);
    expect(source).toMatchObject({ id: 'prom', kind: 'prometheus' });
    expect(source.capabilities().map((c) => c.name)).toEqual(['metric_range', 'metric_catalog', 'topology']);
  });

  it('opens a bundle source with its configured id', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-factory-kafka-consumer-lag-'));
    try {
      await writeScenario('kafka-consumer-lag', dir);
      const source = createTelemetrySource([{ type: 'bundle', id: 'recorded', dir }]);
      expect(source).toMatchObject({ id: 'recorded', kind: 'bundle' });
      expect((await source.catalog()).services).toContain('orders-consumer');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
