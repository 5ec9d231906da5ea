#!/usr/bin/env node
'use strict';
/**
 * Memory benchmark: writes a large synthetic incident bundle (gzipped metrics, logs and spans, by
 * default about 300 MB on disk), then investigates it in a fresh process and prints the time and
 * the peak resident memory of that process. Reading the bundle counts against the investigation's
 * deadline, which is raised here (CAUSA_DEADLINE_MS, default 15 minutes) so that a busy machine
 * still measures a whole investigation. Without [dir] the bundle goes to a temporary folder that
 * is removed at exit.
 *
 *   npm run build && node scripts/large-bundle-benchmark.js [targetMegabytes=300] [dir]
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawnSync } = require('node:child_process');

const targetMb = Number(process.argv[2] ?? 300);
const { temporaryFolder } = require('./temporary-folder');

const dir = process.argv[3] ?? temporaryFolder('causa-large-bundle-');
const deadlineMs = process.env.CAUSA_DEADLINE_MS ?? String(15 * 60_000);
const SERVICES = Array.from({ length: 40 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const START = Date.parse('2024-03-01T10:00:00Z');
const WINDOW_S = 3600;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(7);
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');

async function writeGz(file, produce) {
  const out = zlib.createGzip({ level: 6 });
  const sink = fs.createWriteStream(file);
  out.pipe(sink);
  const write = (line) => (out.write(line) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await produce(write);
  out.end();
  await new Promise((r) => sink.on('finish', r));
  return fs.statSync(file).size;
}

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const fired = new Date(START + 3000 * 1000).toISOString().replace('.000', '');
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify({
    id: 'large-synthetic', system: 'synthetic',
    alert: { source: 'alertmanager', title: '[FIRING:1] FrontendLatencyHigh (svc-00 critical)', text: '[FIRING:1] FrontendLatencyHigh (svc-00 critical)\n*Alert:* latency high - `critical`\n*Details:*\n  • *alertname:* `FrontendLatencyHigh`\n  • *service:* `svc-00`', firedAt: fired, labels: { alertname: 'FrontendLatencyHigh', service: 'svc-00' } },
    window: { start: new Date(START).toISOString(), end: new Date(START + WINDOW_S * 1000).toISOString() },
    baseline: { start: new Date(START).toISOString(), end: new Date(START + 1200 * 1000).toISOString() },
  }));
  fs.writeFileSync(path.join(dir, 'topology.json'), JSON.stringify({ services: SERVICES, calls: SERVICES.slice(1).map((s, i) => ({ from: SERVICES[Math.floor(i / 3)], to: s })) }));
  const budget = targetMb * 1024 * 1024;
  let size = await writeGz(path.join(dir, 'metrics.csv.gz'), async (write) => {
    await write('timestamp,service,instance,metric,value\n');
    for (let t = 0; t < WINDOW_S; t += 5) for (const s of SERVICES) for (const m of ['cpu_usage_percent', 'memory_usage_bytes', 'latency_p90_seconds']) {
      await write(`${START / 1000 + t},${s},${s}-0,${m},${(random() * 100).toFixed(3)}\n`);
    }
  });
  const perLine = 40; // bytes per gzipped log or span line, roughly
  const lines = Math.max(1000, Math.floor((budget - size) / 2 / perLine));
  size += await writeGz(path.join(dir, 'logs.jsonl.gz'), async (write) => {
    for (let i = 0; i < lines; i += 1) {
      const s = SERVICES[Math.floor(random() * SERVICES.length)];
      const ts = new Date(START + Math.floor((i / lines) * WINDOW_S * 1000)).toISOString();
      await write(`${JSON.stringify({ ts, service: s, instance: `${s}-0`, level: random() < 0.05 ? 'ERROR' : 'INFO', message: `${ts.slice(11, 23)} INFO c.e.Handler#${Math.floor(random() * 50)} request ${hex(16)} took ${Math.floor(random() * 900)} ms for user ${Math.floor(random() * 1e6)}`, traceId: hex(32), spanId: hex(16) })}\n`);
    }
  });
  size += await writeGz(path.join(dir, 'spans.jsonl.gz'), async (write) => {
    for (let i = 0; i < lines; i += 3) {
      const trace = hex(32);
      const root = hex(16);
      const start = START + Math.floor((i / lines) * WINDOW_S * 1000);
      const a = SERVICES[Math.floor(random() * 13)];
      const b = SERVICES[13 + Math.floor(random() * 27)];
      const child = hex(16);
      await write(`${JSON.stringify({ traceId: trace, spanId: root, parentSpanId: null, service: a, instance: `${a}-0`, operation: 'GET /api', start: new Date(start).toISOString(), durationMs: 20 + random() * 50 })}\n`);
      await write(`${JSON.stringify({ traceId: trace, spanId: child, parentSpanId: root, service: b, instance: `${b}-0`, operation: 'SELECT', start: new Date(start + 2).toISOString(), durationMs: 5 + random() * 10 })}\n`);
      await write(`${JSON.stringify({ traceId: trace, spanId: hex(16), parentSpanId: child, service: b, instance: `${b}-0`, operation: 'cache get', start: new Date(start + 3).toISOString(), durationMs: 1 + random() })}\n`);
    }
  });
  console.log(`bundle ${dir}: ${(size / 1024 / 1024).toFixed(0)} MB gzipped (${lines} log lines, ~${lines} spans)`);
  const cli = path.join(__dirname, '..', 'bin', 'causa.js');
  const probe = `process.on('exit', () => process.stderr.write('PEAK_RSS_MB ' + Math.round(process.resourceUsage().maxRSS / 1024) + '\\n'));`;
  const started = Date.now();
  const rca = path.join(dir, 'rca.json');
  const env = { ...process.env, CAUSA_DEADLINE_MS: deadlineMs };
  const run = spawnSync(process.execPath, ['-e', `${probe} process.argv = [process.argv[0], ${JSON.stringify(cli)}, 'investigate', ${JSON.stringify(dir)}, '--format', 'json', '--out', ${JSON.stringify(rca)}]; require(${JSON.stringify(cli)});`], { encoding: 'utf8', env });
  const peak = /PEAK_RSS_MB (\d+)/.exec(run.stderr ?? '')?.[1];
  console.log(`investigate: exit ${run.status}, ${((Date.now() - started) / 1000).toFixed(1)} s, peak RSS ${peak ?? '?'} MB`);
  if (run.status !== 0) process.stderr.write(run.stderr);
  else {
    const report = JSON.parse(fs.readFileSync(rca, 'utf8'));
    console.log(`report: time used ${(report.budget.used.elapsedMs / 1000).toFixed(1)} s of a ${report.budget.limits.deadlineMs / 1000} s deadline, ${report.budget.used.queries} queries, stop: ${report.budget.stopReason}, ${report.dataGaps.length} data gaps`);
  }
  console.log(JSON.stringify({ bundleMb: Math.round(size / 1024 / 1024), seconds: Math.round((Date.now() - started) / 1000), peakRssMb: Number(peak) }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
