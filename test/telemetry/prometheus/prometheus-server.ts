import { freePort } from '../../store/private-redis';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A real Prometheus for integration tests: recorded samples are backfilled into a fresh TSDB with
 * `promtool tsdb create-blocks-from openmetrics`, then `prometheus` serves them on a free port.
 * CI installs both with .ci/ensure-prometheus.sh.
 */
export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** Whether `prometheus` and `promtool` are on the PATH. */
export function prometheusInstalled(): boolean {
  return ['prometheus', 'promtool'].every((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);
}

/** One sample of a gauge: metrics.csv's columns, or other labels (a call-graph metric's caller and callee). */
export interface Sample {
  timestamp: number;
  service: string;
  instance: string;
  metric: string;
  value: number;
  labels?: Record<string, string>;
}

/** Rows of a bundle's metrics.csv (timestamp,service,instance,metric,value). */
export async function readMetricsCsv(file: string): Promise<Sample[]> {
  const lines = (await fs.readFile(file, 'utf8')).split('\n').slice(1).filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const [timestamp, service, instance, metric, value] = line.split(',');
    return { timestamp: Number(timestamp), service, instance, metric, value: Number(value) };
  });
}

/** OpenMetrics text of gauge samples: one family per metric, each series in time order, `# EOF` last. */
export function toOpenMetrics(samples: readonly Sample[]): string {
  const byMetric = new Map<string, Map<string, Sample[]>>();
  for (const s of samples) {
    const series = byMetric.get(s.metric) ?? new Map<string, Sample[]>();
    const labels = s.labels
      ? Object.entries(s.labels).map(([name, value]) => `${name}="${value}"`).join(',')
      : `service="${s.service}"${s.instance ? `,instance="${s.instance}"` : ''}`;
    series.set(labels, [...(series.get(labels) ?? []), s]);
    byMetric.set(s.metric, series);
  }
  const out: string[] = [];
  for (const [metric, series] of [...byMetric].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`# TYPE ${metric} gauge`);
    for (const [labels, points] of series) {
      for (const p of [...points].sort((a, b) => a.timestamp - b.timestamp)) out.push(`${metric}{${labels}} ${p.value} ${p.timestamp}`);
    }
  }
  return `${out.join('\n')}\n# EOF\n`;
}

/** Backfills `samples` into a TSDB under `workdir` and starts Prometheus on it. */
export async function startPrometheus(workdir: string, samples: readonly Sample[]): Promise<RunningPrometheus> {
  const data = path.join(workdir, 'data');
  const input = path.join(workdir, 'samples.om');
  await fs.mkdir(data, { recursive: true });
  await fs.writeFile(input, toOpenMetrics(samples));
  const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, data], { encoding: 'utf8' });
  if (backfill.status !== 0) throw new Error(`promtool could not backfill the samples: ${backfill.stderr || backfill.stdout}`);
  return startPrometheusOn(workdir);
}

/** Starts Prometheus on the TSDB already backfilled into `<workdir>/data`. */
export async function startPrometheusOn(workdir: string): Promise<RunningPrometheus> {
  const data = path.join(workdir, 'data');
  const config = path.join(workdir, 'prometheus.yml');
  await fs.writeFile(config, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, () => stderr);
  return { url, stop: () => stop(child) };
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}: ${stderr().slice(-500)}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop(child);
  throw new Error(`prometheus was not ready within 30 s: ${stderr().slice(-500)}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

