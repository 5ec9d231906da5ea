import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTelemetrySource } from '../../src/app/telemetry-source-factory';
import { ConfigError } from '../../src/core/errors';
import { writeScenario } from '../../src/scenarios/scenario-catalog';

describe('createTelemetrySource', () => {
  it('tells the user to set CAUSA_BUNDLE_DIR or telemetry.sources when none is configured', () => {
    expect(() => createTelemetrySource([])).toThrow(ConfigError);
    expect(() => createTelemetrySource([])).toThrow(/CAUSA_BUNDLE_DIR.*telemetry\.sources/);
  });

  it('says a source type is not available in this build yet', () => {
    const call = () => createTelemetrySource([{ type: 'loki', id: 'logs', url: 'http://127.0.0.1:3100', timeoutMs: 1000 }]);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(/logs \(loki\).*not available in this build yet|not available in this build yet.*logs \(loki\)/);
  });

  it('opens a Prometheus source with its labels', () => {
    const source = createTelemetrySource([{ type: 'prometheus', id: 'prom', url: 'http://127.0.0.1:9090', timeoutMs: 1000, serviceLabel: 'app', instanceLabel: 'pod', baselineOffset: '7d' }]);
    expect(source).toMatchObject({ id: 'prom', kind: 'prometheus' });
    expect(source.capabilities().map((c) => c.name)).toEqual(['metric_range', 'metric_catalog']);
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
