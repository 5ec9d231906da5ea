#!/usr/bin/env node
'use strict';
/**
 * Hostile-input benchmark: writes incident bundles meant to break a bundle reader (a 200 KB
 * "a.a.a" log line, a 10 million character run, a gzip bomb, a 700 MB gzipped logs.jsonl without a
 * newline, a FIFO and /dev/zero as bundle files) and investigates each with `causa investigate`
 * in a fresh process, printing per input the outcome, the wall time and the peak resident memory.
 * Two checks run inside one process: how long GET /healthz on the HttpServer of `causa serve`
 * waits while a bundle full of hostile lines is indexed, and a log_search whose pattern makes a
 * backtracking engine take exponential time. Everything is written to a temporary folder that is
 * removed at exit.
 *
 *   npm run bench:hostile [-- --only NAME,NAME] [-- --timeout SECONDS] [-- --dist DIR]
 *
 * --dist runs another build (e.g. an older one) for comparison; --timeout (default 300) bounds each
 * input, which is then reported as timed out.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawn, execFileSync } = require('node:child_process');
const { flagReader } = require('./benchmark-location');
const { temporaryFolder } = require('./temporary-folder');

const flag = flagReader(process.argv.slice(2));
const dist = path.resolve(flag('dist') ?? path.join(__dirname, '..', 'dist'));
const timeoutMs = Number(flag('timeout') ?? 300) * 1000;
const only = flag('only')?.split(',');
const work = temporaryFolder('causa-hostile-');
const MiB = 1024 * 1024;
const START = Date.parse('2024-03-01T10:00:00Z');

/** A valid case and a small metrics file, so that every bundle is otherwise investigable. */
function baseBundle(name) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify({
    id: name, system: 'hostile',
    alert: { source: 'alertmanager', title: '[FIRING:1] CheckoutLatencyHigh (checkout)', text: '[FIRING:1] CheckoutLatencyHigh (checkout)\n*service:* `checkout`', firedAt: iso(START + 480_000), labels: { alertname: 'CheckoutLatencyHigh', service: 'checkout' } },
    window: { start: iso(START), end: iso(START + 600_000) },
    baseline: { start: iso(START - 3_600_000), end: iso(START - 3_300_000) },
  }));
  const rows = ['timestamp,service,instance,metric,value'];
  for (const [from, to] of [[START - 3_600_000, START - 3_300_000], [START, START + 600_000]]) {
    for (let t = from; t <= to; t += 10_000) {
      const late = t >= START + 420_000;
      rows.push(`${t / 1000},checkout,,latency_p90_seconds,${late ? 2.1 : 0.2 + (t % 7) / 100}`);
      rows.push(`${t / 1000},payments,,cpu_usage_percent,${late ? 97 : 20 + (t % 5)}`);
    }
  }
  fs.writeFileSync(path.join(dir, 'metrics.csv'), `${rows.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'topology.json'), JSON.stringify({ services: ['checkout', 'payments'], calls: [{ from: 'checkout', to: 'payments' }] }));
  return dir;
}

function logLine(ms, message, service = 'checkout') {
  return `${JSON.stringify({ ts: new Date(ms).toISOString(), service, level: 'INFO', message })}\n`;
}

/** `ordinary` log lines over the window with `copies` lines of `hostileMessage` spread among them. */
function writeLogs(dir, hostileMessage, copies = 1, ordinary = 2000) {
  const out = fs.openSync(path.join(dir, 'logs.jsonl'), 'w');
  const every = Math.floor(ordinary / copies);
  const hostile = logLine(START, hostileMessage);
  for (let i = 0; i < ordinary; i++) {
    const ms = START + Math.floor((i / ordinary) * 600_000);
    fs.writeSync(out, logLine(ms, `order ${i} paid in ${i % 90} ms`));
    if (i % every === 0 && i / every < copies) fs.writeSync(out, hostile);
  }
  fs.closeSync(out);
}

/** A gzip file of `members` copies of one compressed member: a stream that inflates to members × member size. */
function writeRepeatedGzip(file, first, member, members) {
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, zlib.gzipSync(first, { level: 9 }));
  const packed = zlib.gzipSync(member, { level: 9 });
  for (let i = 0; i < members; i++) fs.writeSync(out, packed);
  fs.closeSync(out);
  return fs.statSync(file).size;
}

const CHILD_INPUTS = {
  'a.a.a line (200 KB)': () => {
    const dir = baseBundle('aaa-line');
    writeLogs(dir, 'a.'.repeat(100_000));
    return { dir };
  },
  '10 M-character run (line over the 1 MiB default)': () => {
    const dir = baseBundle('run-default');
    writeLogs(dir, 'a'.repeat(10_000_000));
    return { dir };
  },
  '10 M-character run (limits.maxLineBytes 16MiB)': () => {
    const dir = baseBundle('run-indexed');
    writeLogs(dir, 'a'.repeat(10_000_000));
    const config = path.join(dir, '..', 'run-indexed.yaml');
    fs.writeFileSync(config, `telemetry:\n  sources:\n    - type: bundle\n      dir: ${JSON.stringify(dir)}\n      limits:\n        maxLineBytes: 16MiB\n`);
    return { dir, env: { CAUSA_CONFIG: config } };
  },
  'gzip bomb topology.json.gz (inflates to 3 GiB)': () => {
    const dir = baseBundle('bomb');
    fs.rmSync(path.join(dir, 'topology.json'));
    const size = writeRepeatedGzip(path.join(dir, 'topology.json.gz'), '{"services": [', Buffer.alloc(64 * MiB, 0x20), 48);
    return { dir, note: `${(size / MiB).toFixed(1)} MB gzipped` };
  },
  'logs.jsonl.gz without a newline (700 MiB unpacked)': () => {
    const dir = baseBundle('no-newline');
    const size = writeRepeatedGzip(path.join(dir, 'logs.jsonl.gz'), '{"ts":"2024-03-01T10:00:00Z","service":"checkout","message":"', Buffer.alloc(10 * MiB, 0x61), 70);
    return { dir, note: `${(size / MiB).toFixed(1)} MB gzipped` };
  },
  'FIFO as topology.json': () => {
    const dir = baseBundle('fifo');
    fs.rmSync(path.join(dir, 'topology.json'));
    execFileSync('mkfifo', [path.join(dir, 'topology.json')]);
    return { dir };
  },
  '/dev/zero as topology.json (symlink)': () => {
    const dir = baseBundle('zero-topology');
    fs.rmSync(path.join(dir, 'topology.json'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'topology.json'));
    return { dir };
  },
  '/dev/zero as logs.jsonl (symlink)': () => {
    const dir = baseBundle('zero-logs');
    fs.symlinkSync('/dev/zero', path.join(dir, 'logs.jsonl'));
    return { dir };
  },
};

const IN_PROCESS_INPUTS = {
  '/healthz while 300 lines of 200 KB a.a.a are indexed': 'healthz',
  'log_search (a+)+$ over 20 lines of 28 a': 'regex',
};

/** Highest VmHWM (peak resident set) seen in /proc for `pid`, in MB. */
function peakFromProc(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs `node -e code` with a deadline; resolves with exit code (or signal), output, wall time and peak RSS. */
function runChild(code, env = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['-e', code], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (data) => (stdout += data).length > MiB && (stdout = stdout.slice(-MiB)));
    child.stderr.on('data', (data) => (stderr += data).length > MiB && (stderr = stderr.slice(-MiB)));
    const poll = setInterval(() => (peak = Math.max(peak, peakFromProc(child.pid))), 100);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const probed = /PEAK_RSS_MB (\d+)/.exec(stderr);
      resolve({ status, signal, stdout, stderr, seconds: (Date.now() - started) / 1000, peakMb: Math.round(probed ? Number(probed[1]) : peak), timedOut: Date.now() - started >= timeoutMs });
    });
  });
}

const PROBE = "process.on('exit', () => process.stderr.write('PEAK_RSS_MB ' + Math.round(process.resourceUsage().maxRSS / 1024) + '\\n'));";

async function investigate(name, make) {
  const { dir, env, note } = make();
  const out = path.join(work, `${path.basename(dir)}.rca.json`);
  const main = JSON.stringify(path.join(dist, 'main.js'));
  const code = `${PROBE} require(${main}).main(['investigate', ${JSON.stringify(dir)}, '--format', 'json', '--out', ${JSON.stringify(out)}]).then((code) => { process.exitCode = code; });`;
  const run = await runChild(code, env);
  return { name, ...run, outcome: describe(run, out), note };
}

function describe(run, out) {
  if (run.timedOut) return `timed out after ${timeoutMs / 1000} s (killed)`;
  const error = run.stderr.split('\n').find((line) => line.startsWith('causa:') || /Error|FATAL|fatal/.test(line));
  if (run.status === null) return `killed by ${run.signal}${error ? `: ${error.slice(0, 160)}` : ''}`;
  if (!fs.existsSync(out)) return `exit ${run.status}: ${(error ?? run.stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`;
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const gaps = report.dataGaps.filter((gap) => /skipped|far outside|not read in time|could not be read/.test(gap));
  const used = `time used ${(report.budget.used.elapsedMs / 1000).toFixed(1)} s`;
  return `exit ${run.status}, report (${report.abstained ? 'abstained' : `cause ${report.ranking[0]?.service}`}, ${used})${gaps.length ? `; data gap: ${gaps[0].slice(0, 140)}` : ''}`;
}

async function inProcess(name, kind) {
  const dir = baseBundle(kind === 'healthz' ? 'healthz' : 'regex');
  if (kind === 'healthz') writeLogs(dir, 'a.'.repeat(100_000), 300, 100_000);
  else writeLogs(dir, `${'a'.repeat(28)}!`, 20, 200);
  const code = `${PROBE} (${kind === 'healthz' ? healthzCheck : regexCheck}).call(null, ${JSON.stringify(dist)}, ${JSON.stringify(dir)}).then((line) => console.log(line), (error) => { console.error(error); process.exitCode = 1; });`;
  const run = await runChild(code);
  const outcome = run.timedOut ? `timed out after ${timeoutMs / 1000} s (killed)` : run.status === 0 ? run.stdout.trim() : `exit ${run.status}: ${run.stderr.trim().split('\n')[0]}`;
  return { name, ...run, outcome };
}

/** Runs in the child: indexes `dir` while polling GET /healthz every 25 ms. */
async function healthzCheck(dist, dir) {
  const path = require('node:path');
    const { HttpServer } = require(path.join(dist, 'server', 'http-server.js'));
  const { createLogger } = require(path.join(dist, 'observability', 'logger.js'));
  const { BundleSource } = require(path.join(dist, 'telemetry', 'bundle', 'index.js'));
  const server = new HttpServer(createLogger({ level: 'silent' })).add({ methods: ['GET'], path: '/healthz', handler: (_request, response) => void response.writeHead(200).end('ok\n') });
  const port = await server.listen(0, '127.0.0.1');
  const waits = [];
  let indexing = true;
  const poll = async () => {
    while (indexing) {
      const sent = Date.now();
      await new Promise((resolve) => http.get({ host: '127.0.0.1', port, path: '/healthz' }, (response) => response.resume().on('end', resolve)).on('error', resolve));
      waits.push(Date.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const started = Date.now();
  const polling = poll();
  let result = 'indexed';
  await new BundleSource({ dir }).validate().catch((error) => (result = `failed: ${error.message}`));
  const seconds = (Date.now() - started) / 1000;
  indexing = false;
  await polling;
  await server.close();
  waits.sort((a, b) => a - b);
  return `${result} in ${seconds.toFixed(1)} s; /healthz answered ${waits.length} times, median ${waits[Math.floor(waits.length / 2)]} ms, slowest ${waits[waits.length - 1]} ms`;
}

/** Runs in the child: one log_search with a pattern that backtracks exponentially on "aaa…a!". */
async function regexCheck(dist, dir) {
  const path = require('node:path');
  const { BundleSource } = require(path.join(dist, 'telemetry', 'bundle', 'index.js'));
  const source = new BundleSource({ dir });
  await source.validate();
  const started = Date.now();
  const outcome = await source.run({ name: 'log_search', params: { regex: '(a+)+$', range: { start: '2024-03-01T10:00:00Z', end: '2024-03-01T10:10:00Z' }, limit: 10 } });
  return `${outcome.evidence.status}: ${outcome.evidence.summary.slice(0, 100)} (search ${((Date.now() - started) / 1000).toFixed(2)} s)`;
}

async function main() {
  if (!fs.existsSync(path.join(dist, 'main.js'))) {
    console.error(`${dist}/main.js is missing: run npm run build first (or pass --dist DIR)`);
    process.exit(1);
  }
  const rows = [];
  const wanted = (name) => !only || only.some((part) => name.includes(part));
  for (const [name, make] of Object.entries(CHILD_INPUTS)) {
    if (!wanted(name)) continue;
    if (process.platform === 'win32' && /FIFO|dev\/zero/.test(name)) continue;
    const row = await investigate(name, make);
    rows.push(row);
    console.error(`${name}: ${row.outcome} (${row.seconds.toFixed(1)} s, ${row.peakMb} MB)`);
  }
  for (const [name, kind] of Object.entries(IN_PROCESS_INPUTS)) {
    if (!wanted(name)) continue;
    const row = await inProcess(name, kind);
    rows.push(row);
    console.error(`${name}: ${row.outcome} (${row.seconds.toFixed(1)} s, ${row.peakMb} MB)`);
  }
  console.log(`\nbuild: ${dist}\n`);
  console.log('| input | outcome | wall s | peak RSS MB |');
  console.log('|---|---|---:|---:|');
  for (const row of rows) console.log(`| ${row.name}${row.note ? ` (${row.note})` : ''} | ${row.outcome.replace(/\|/g, '\\|')} | ${row.seconds.toFixed(1)} | ${row.peakMb} |`);
  console.log(JSON.stringify(rows.map(({ name, outcome, seconds, peakMb }) => ({ name, outcome, seconds, peakMb }))));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
