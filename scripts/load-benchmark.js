#!/usr/bin/env node
'use strict';
/*
 * npm run bench:load — an alert storm against the process model: `causa serve` (Slack HTTP
 * receiver) and two `causa worker` processes on the local Redis (unique key and queue prefixes),
 * a local fake Slack API answering in ~100 ms with Slack's per-channel limits (429 + Retry-After),
 * and 1,000 distinct Alertmanager posts, signed as Slack signs Events API requests, within one
 * minute. Prints ack p50/p99, lost events, investigations finished with a full RCA vs cut short,
 * peak RSS per process, 429s seen / left unhandled, and the total duration.
 *
 *   npm run bench:load -- [--alerts 1000] [--seconds 60] [--channels 20] [--workers 2] [--timeout-min 30] [--logs DIR]
 * Targets: ack p99 < 1 s, 0 lost, none cut short by its deadline, an RCA in every thread, peak
 * RSS ≤ 512 MB per process, no 429 left unhandled. REDIS_URL picks the Redis (default redis://127.0.0.1:6379).
 */
const { spawn, execFileSync } = require('node:child_process');
const { createHmac, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { Redis } = require('ioredis');
const { writeScenario } = require('../dist/scenarios/scenario-catalog');
const { FakeSlackServer } = require('./fake-slack-server');
const { temporaryFolder } = require('./temporary-folder');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const textOption = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const ALERTS = option('alerts', 1000);
const SECONDS = option('seconds', 60);
const CHANNELS = option('channels', 20);
const WORKERS = option('workers', 2);
const TIMEOUT_MS = option('timeout-min', 30) * 60_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-signing-secret';
const SENDER = 'BALERTMANAGER';
const CAUSA = path.join(__dirname, '..', 'bin', 'causa.js');

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function peakRssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return NaN;
  }
}

function start(command, env, logFile) {
  // The log (JSON lines on standard output) and anything printed to standard error, in one file.
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [CAUSA, command], { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  child.exitedEarly = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return child;
}

async function waitForHttp(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

async function deleteKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function main() {
  const help = execFileSync(process.execPath, [CAUSA, 'help'], { encoding: 'utf8' });
  if (!/causa worker/.test(help)) {
    throw new Error('this build has no `causa worker`: bench:load measures the serve + worker process model of the job queue');
  }
  const dir = temporaryFolder('causa-bench-load-');
  // --logs DIR keeps the processes' logs (stderr) after the run, for a look at what went wrong.
  const logDir = textOption('logs') ?? dir;
  fs.mkdirSync(logDir, { recursive: true });
  const bundle = path.join(dir, 'bundle');
  await writeScenario('kafka-consumer-lag', bundle);
  const caseAlert = JSON.parse(fs.readFileSync(path.join(bundle, 'case.json'), 'utf8')).alert.text;
  const [title, ...body] = caseAlert.split('\n');
  const run = randomUUID().slice(0, 8);
  const keyPrefix = `causa-bench-${run}:`;
  const queuePrefix = `causa-bench-q-${run}`;
  fs.writeFileSync(path.join(dir, 'causa.yaml'), `store:\n  type: redis\n  keyPrefix: "${keyPrefix}"\n`);

  const slack = new FakeSlackServer({ latencyMs: 100, burst: 4, refillMs: 1000, retryAfterSeconds: 1 });
  const apiUrl = await slack.start();
  const channels = Array.from({ length: CHANNELS }, (_, index) => `CINC${String(index).padStart(4, '0')}`);
  const port = await freePort();
  const env = {
    CAUSA_CONFIG: path.join(dir, 'causa.yaml'), CAUSA_STORE: 'redis', REDIS_URL, CAUSA_QUEUE_PREFIX: queuePrefix,
    CAUSA_BUNDLE_DIR: bundle, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl,
    CAUSA_SLACK_CHANNELS: channels.join(','), CAUSA_ALERT_SENDERS: SENDER, LOG_LEVEL: 'warn',
  };
  const processes = [{ name: 'serve', child: start('serve', { ...env, PORT: String(port) }, path.join(logDir, 'serve.log')) }];
  for (let index = 0; index < WORKERS; index += 1) {
    processes.push({ name: `worker ${index + 1}`, child: start('worker', { ...env, PORT: String(await freePort()) }, path.join(logDir, `worker-${index + 1}.log`)) });
  }
  const redis = new Redis(REDIS_URL);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    await sleep(2000);

    // The storm: distinct alerts (one label differs), spread over the channels, within SECONDS.
    const acks = [];
    const threads = [];
    const started = Date.now();
    const sends = [];
    for (let index = 0; index < ALERTS; index += 1) {
      const at = started + (index * SECONDS * 1000) / ALERTS;
      const ts = `1715679770.${String(index).padStart(6, '0')}`;
      const channel = channels[index % channels.length];
      threads.push(ts);
      const text = body.join('\n').replace('  • *severity:*', `  • *partition:* \`${index}\`\n  • *severity:*`);
      const envelope = {
        token: 'legacy', team_id: 'TBENCH', api_app_id: 'ABENCH', type: 'event_callback', event_id: `EvBench${run}${index}`, event_time: Math.floor(at / 1000),
        event: { type: 'message', subtype: 'bot_message', bot_id: SENDER, username: 'Alertmanager', channel, channel_type: 'channel', ts, text: '', attachments: [{ color: 'danger', title, text, fallback: title }] },
      };
      sends.push(
        (async () => {
          await sleep(Math.max(0, at - Date.now()));
          const payload = JSON.stringify(envelope);
          const timestamp = Math.floor(Date.now() / 1000);
          const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${payload}`).digest('hex')}`;
          const sent = performance.now();
          try {
            const answer = await fetch(`http://127.0.0.1:${port}/slack/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
              body: payload,
            });
            acks.push({ ms: performance.now() - sent, ok: answer.status === 200 });
          } catch {
            acks.push({ ms: performance.now() - sent, ok: false });
          }
        })(),
      );
    }
    await Promise.all(sends);
    const postedIn = (Date.now() - started) / 1000;

    // Until every thread has its RCA (or nothing moves for long — no RCA and no Slack call —, or the timeout).
    let lastProgress = Date.now();
    let lastCount = -1;
    for (;;) {
      const done = threads.filter((ts) => (slack.threads.get(ts)?.rca ?? 0) > 0).length;
      const moved = done * 1e9 + slack.calls;
      if (moved !== lastCount) (lastCount = moved), (lastProgress = Date.now());
      if (done === threads.length || Date.now() - started > TIMEOUT_MS || Date.now() - lastProgress > 180_000) break;
      await sleep(1000);
    }
    const finishedIn = (Date.now() - started) / 1000;
    const rss = processes.map(({ name, child }) => ({ name, mb: peakRssMb(child.pid) }));
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const unhandled = [...metrics.matchAll(/^causa_chat_rate_limits_unhandled_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);

    // Reports from the store: stopped by the deadline, or run to their end.
    let full = 0;
    let cutShort = 0;
    let noReport = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}investigation:*:record`, 'COUNT', 1000);
      for (const key of keys) {
        const record = JSON.parse((await redis.get(key)) ?? '{}');
        const reason = record.report?.budget?.stopReason;
        if (typeof reason !== 'string') noReport += 1;
        else if (/budget exhausted/.test(reason) && /deadline|time/i.test(reason)) cutShort += 1;
        else full += 1;
      }
      cursor = next;
    } while (cursor !== '0');

    const sorted = acks.map((ack) => ack.ms).sort((a, b) => a - b);
    const answered = threads.filter((ts) => (slack.threads.get(ts)?.posts ?? 0) > 0).length;
    const withRca = threads.filter((ts) => (slack.threads.get(ts)?.rca ?? 0) > 0).length;
    const lines = [
      `alerts posted:            ${ALERTS} in ${postedIn.toFixed(1)} s over ${CHANNELS} channels (serve + ${WORKERS} workers)`,
      `ack p50 / p99 / max:      ${percentile(sorted, 50).toFixed(0)} / ${percentile(sorted, 99).toFixed(0)} / ${sorted.at(-1).toFixed(0)} ms   (non-200: ${acks.filter((ack) => !ack.ok).length})`,
      `lost events:              ${ALERTS - answered} (threads without any reply)`,
      `investigations in store:  ${full + cutShort + noReport}: full RCA ${full}, cut short by deadline ${cutShort}, no report ${noReport}`,
      `RCAs posted in threads:   ${withRca} / ${ALERTS}`,
      `Slack calls / 429s seen:  ${slack.calls} / ${slack.rateLimited}   unhandled 429s: ${unhandled}`,
      `Slack calls by method:    ${[...slack.byMethod].map(([method, count]) => `${method} ${count}`).join(', ')}`,
      `peak RSS (MB):            ${rss.map(({ name, mb }) => `${name} ${mb}`).join(', ')}`,
      `total duration:           ${finishedIn.toFixed(1)} s (first post to last RCA)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (logDir !== dir) fs.writeFileSync(path.join(logDir, 'slack-calls.jsonl'), slack.log.map((call) => JSON.stringify(call)).join('\n'));
    const misses = [];
    if (percentile(sorted, 99) >= 1000) misses.push('ack p99 ≥ 1 s');
    if (ALERTS - answered > 0) misses.push('lost events');
    if (cutShort > 0 || noReport > 0) misses.push('investigations cut short or without a report');
    if (withRca < ALERTS) misses.push('RCAs missing from threads');
    if (rss.some(({ mb }) => mb > 512)) misses.push('peak RSS > 512 MB');
    if (unhandled > 0) misses.push('unhandled 429s');
    process.stdout.write(misses.length === 0 ? 'all targets met\n' : `targets missed: ${misses.join(', ')}\n`);
    return misses.length === 0 ? 0 : 1;
  } finally {
    for (const { child } of processes) child.kill('SIGTERM');
    await Promise.race([Promise.all(processes.map(({ child }) => child.exitedEarly)), sleep(15_000)]);
    for (const { child } of processes) if (child.exitCode === null) child.kill('SIGKILL');
    await deleteKeys(redis, keyPrefix);
    await deleteKeys(redis, queuePrefix);
    redis.disconnect();
    await slack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench:load: ${error.message}\n`);
    process.exit(2);
  },
);
