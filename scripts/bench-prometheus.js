#!/usr/bin/env node
'use strict';
/**
 * Benchmark of the live path: the labelled incidents of the shared benchmark (when present) are
 * backfilled into a real Prometheus (promtool, then `prometheus` on a free port) with their whole
 * recorded history (within Prometheus' default 15-day retention), each case as its own `cluster` (its alert carries that label, as alerts from a
 * multi-cluster Prometheus do), and its call graph as Tempo service-graph metrics
 * (`traces_service_graph_request_total{client, server}`) when the case has one. Each case is then
 * investigated through PromQL with the DEFAULT Prometheus configuration (workloads: auto,
 * baselineOffset: 1d; logs and spans, where the case has them, read from its files) and over the
 * bundle, and AC@1 is printed per system for both paths. Temporary folders are removed at exit.
 *
 *   npm run bench:prometheus [-- --only ID,ID] [-- --systems petshop,sockshop] [-- --benchmark DIR]
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');
const { benchmarkRoot, flagReader } = require('./benchmark-location');
const { temporaryFolder } = require('./temporary-folder');

const flag = flagReader(process.argv.slice(2));
const root = benchmarkRoot(flag, 'bench:prometheus');
if (!root) process.exit(0);
if (!['prometheus', 'promtool'].every((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0)) {
  console.log('bench:prometheus skipped: prometheus/promtool not on the PATH (run .ci/ensure-prometheus.sh)');
  process.exit(0);
}
const dist = (file) => require(path.join(__dirname, '..', 'dist', file));
const { alertFromCase } = dist('app/alert-from-case.js');
const { investigateBundle } = dist('app/investigate-bundle.js');
const { createTelemetrySource } = dist('app/telemetry-source-factory.js');
const { TelemetrySourceConfigSchema } = dist('config/telemetry-sources-schema.js');
const { BudgetSchema, ThresholdsSchema } = dist('core/investigation/budget-schema.js');
const { Investigator } = dist('core/investigation/investigator.js');
const { OfflineReasoner } = dist('reasoning/offline/offline-reasoner.js');
const { BundleSource } = dist('telemetry/bundle/index.js');
const { SourceRouter } = dist('telemetry/router/source-router.js');

const only = flag('only')?.split(',');
const systems = flag('systems')?.split(',');
const casesDir = path.join(root, 'cases');
const budget = BudgetSchema.parse({});
const thresholds = ThresholdsSchema.parse({});

function readMaybeGz(dir, name) {
  if (fs.existsSync(path.join(dir, name))) return fs.readFileSync(path.join(dir, name), 'utf8');
  if (fs.existsSync(path.join(dir, `${name}.gz`))) return zlib.gunzipSync(fs.readFileSync(path.join(dir, `${name}.gz`))).toString('utf8');
  return undefined;
}

const escape = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels) => Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',');

/** One case's samples as OpenMetrics: gauges by service/instance, and the call graph as service-graph counters. */
function openMetricsOf(id, dir, bundleCase) {
  const families = new Map();
  const add = (family, type, name, labels, t, value) => {
    const entry = families.get(family) ?? families.set(family, { type, series: new Map() }).get(family);
    const key = `${name}{${labelText(labels)}}`;
    (entry.series.get(key) ?? entry.series.set(key, []).get(key)).push([t, value]);
  };
  const csv = readMaybeGz(dir, 'metrics.csv') ?? '';
  // What a live Prometheus would still hold when the alert fires: the recorded history within its
  // default retention (15 days) before the window, up to the window's end (a bundle's fault-free
  // baseline from another month is older than that and left out).
  const from = Date.parse(bundleCase.window.start) / 1000 - 15 * 86_400;
  const to = Date.parse(bundleCase.window.end) / 1000;
  let first = Infinity;
  let last = -Infinity;
  for (const line of csv.split('\n').slice(1)) {
    const [t, service, instance, metric, value] = line.split(',');
    if (!metric || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric) || value === '' || Number.isNaN(Number(value))) continue;
    if (Number(t) < from || Number(t) > to) continue;
    add(metric, 'gauge', metric, { cluster: id, service, ...(instance ? { instance } : {}) }, Number(t), Number(value));
    first = Math.min(first, Number(t));
    last = Math.max(last, Number(t));
  }
  const topology = readMaybeGz(dir, 'topology.json');
  if (topology) {
    const start = Math.min(first, Date.parse(bundleCase.window.start) / 1000);
    const end = Math.max(Date.parse(bundleCase.window.end) / 1000, start);
    for (const call of JSON.parse(topology).calls ?? []) {
      for (let t = Math.floor(start), n = 0; t <= end; t += 60, n += 1) add('traces_service_graph_request', 'counter', 'traces_service_graph_request_total', { cluster: id, client: call.from, server: call.to }, t, n);
    }
  }
  const out = [];
  for (const [family, { type, series }] of families) {
    out.push(`# TYPE ${family} ${type}`);
    for (const [key, samples] of series) for (const [t, v] of samples.sort((a, b) => a[0] - b[0])) out.push(`${key} ${v} ${t}`);
  }
  return `${out.join('\n')}\n# EOF\n`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startPrometheus(work) {
  fs.writeFileSync(path.join(work, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
  const port = await freePort();
  const child = spawn('prometheus', [`--config.file=${path.join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', '--log.level=warn'], { stdio: ['ignore', 'ignore', 'ignore'] });
  process.on('exit', () => child.kill('SIGTERM'));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('prometheus was not ready within 60 s');
}

async function main() {
  const ids = fs.readdirSync(casesDir).filter((id) => !only || only.includes(id)).sort();
  const cases = ids
    .map((id) => ({ id, dir: path.join(casesDir, id), bundleCase: JSON.parse(fs.readFileSync(path.join(casesDir, id, 'case.json'), 'utf8')) }))
    .filter((c) => !systems || systems.includes(c.bundleCase.system));
  const work = temporaryFolder('causa-bench-prometheus-');
  fs.mkdirSync(path.join(work, 'data'));
  const started = Date.now();
  for (const c of cases) {
    const input = path.join(work, `${c.id}.om`);
    fs.writeFileSync(input, openMetricsOf(c.id, c.dir, c.bundleCase));
    const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, path.join(work, 'data')], { encoding: 'utf8' });
    if (backfill.status !== 0) throw new Error(`promtool could not backfill ${c.id}: ${(backfill.stderr || backfill.stdout).slice(-500)}`);
    fs.rmSync(input);
  }
  console.log(`backfilled ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const prometheus = await startPrometheus(work);
  console.log(`prometheus on ${prometheus.url}`);
  // Investigations wait on timers and sockets; keep the process alive until the table is printed.
  const keepAlive = setInterval(() => undefined, 60_000);
  const config = TelemetrySourceConfigSchema.parse({ type: 'prometheus', url: prometheus.url });
  const bySystem = new Map();
  try {
    for (const c of cases) {
      const answer = JSON.parse(fs.readFileSync(path.join(root, 'answers', `${c.id}.json`), 'utf8')).rootCause.service;
      const recorded = (await investigateBundle({ dir: c.dir, reasoner: new OfflineReasoner(), budget, thresholds })).report;
      // Logs and spans (TrainTicket) are read from the case's files: a Loki and a Tempo would serve them live.
      const sideDir = path.join(work, 'side', c.id);
      fs.mkdirSync(sideDir, { recursive: true });
      for (const name of fs.readdirSync(c.dir)) if (/^(case\.json|logs\.jsonl|spans\.jsonl)(\.gz)?$/.test(name)) fs.symlinkSync(path.join(c.dir, name), path.join(sideDir, name));
      const hasSide = fs.readdirSync(sideDir).length > 1;
      const router = new SourceRouter([{ source: createTelemetrySource([config]) }, ...(hasSide ? [{ source: new BundleSource({ dir: sideDir, id: 'recorded-logs-spans' }) }] : [])]);
      const alert = alertFromCase({ ...c.bundleCase, alert: { ...c.bundleCase.alert, labels: { ...c.bundleCase.alert.labels, cluster: c.id } } });
      const live = await new Investigator({ reasoner: new OfflineReasoner(), source: router, budget, thresholds }).run({ investigationId: `bench-prom-${c.id}`, alert, record: async () => undefined });
      const row = bySystem.get(c.bundleCase.system) ?? bySystem.set(c.bundleCase.system, { cases: 0, live: 0, bundle: 0, problems: 0 }).get(c.bundleCase.system);
      row.cases += 1;
      row.live += live.ranking[0]?.service === answer ? 1 : 0;
      row.bundle += recorded.ranking[0]?.service === answer ? 1 : 0;
      row.problems += live.telemetryProblems.length > 0 ? 1 : 0;
      if (flag('verbose') !== undefined || process.argv.includes('--verbose')) console.log(`${c.id}: live ${live.ranking[0]?.service ?? '(none)'} bundle ${recorded.ranking[0]?.service ?? '(none)'} answer ${answer}`);
    }
  } finally {
    clearInterval(keepAlive);
    await prometheus.stop();
  }
  console.log('\nsystem        cases  AC@1 PromQL  AC@1 bundle  difference');
  const figures = {};
  for (const [system, row] of [...bySystem].sort(([a], [b]) => a.localeCompare(b))) {
    const live = row.live / row.cases;
    const bundle = row.bundle / row.cases;
    figures[system] = { cases: row.cases, acAt1Prometheus: Number(live.toFixed(3)), acAt1Bundle: Number(bundle.toFixed(3)), telemetryProblems: row.problems };
    console.log(`${system.padEnd(12)} ${String(row.cases).padStart(6)}  ${live.toFixed(3).padStart(11)}  ${bundle.toFixed(3).padStart(11)}  ${(live - bundle).toFixed(3).padStart(10)}`);
  }
  console.log(JSON.stringify({ benchmark: 'prometheus', seconds: Math.round((Date.now() - started) / 1000), systems: figures }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
