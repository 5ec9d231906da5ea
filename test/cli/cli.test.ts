import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { existsSync, promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { ReportSchema, reportJsonSchema } from '../../src/core/report/report-schema';
import { writeScenario } from '../../src/scenarios/scenario-catalog';
import { runCli } from './cli-harness';
import { pngSize } from '../../src/charts/png-encoder';

const BENCHMARK = path.resolve(__dirname, '..', '..', '..', 'shared', 'benchmark');
const hasBenchmark = existsSync(path.join(BENCHMARK, 'cases'));
if (!hasBenchmark) console.log(`skipping the benchmark smoke tests: ${BENCHMARK} is not present`);

describe('causa CLI', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'causa-cli-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('prints usage and rejects unknown commands and options with exit code 2', async () => {
    expect((await runCli(['help'])).out).toMatch(/causa investigate <bundle-dir>/);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "frobnicate"/);
    const badFlag = await runCli(['investigate', tmp, '--colour', 'red']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toMatch(/unknown option --colour/);
  });

  it('investigates a bundle into JSON that validates against the report schema', async () => {
    const dir = path.join(tmp, 'kafka');
    await writeScenario('kafka-consumer-lag', dir);
    const out = path.join(tmp, 'rca.json');
    const result = await runCli(['investigate', dir, '--format', 'json', '--out', out]);
    expect(result.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(await fs.readFile(out, 'utf8')));
    expect(report.ranking[0].service).toBe('kafka-broker');
    const schema = reportJsonSchema() as { required?: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(Object.keys(report)));
    // The published JSON Schema, checked by an independent validator.
    // With the standard formats (date-time, uri…) checked rather than warned about as unknown.
    const validate = addFormats(new Ajv2020({ strict: false })).compile(reportJsonSchema());
    expect({ valid: validate(JSON.parse(await fs.readFile(out, 'utf8'))), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    const markdown = await runCli(['investigate', dir]);
    expect(markdown.out).toMatch(/^# Root-cause analysis/);
    expect(markdown.out).toContain('kafka_commit_latency_seconds');
  });

  it('writes the charts beside a Markdown report written with --out, and shows them in it', async () => {
    const dir = path.join(tmp, 'kafka-charts');
    await writeScenario('kafka-consumer-lag', dir);
    const outDir = path.join(tmp, 'charts-out');
    await fs.mkdir(outDir);
    const result = await runCli(['investigate', dir, '--out', path.join(outDir, 'rca.md')]);
    expect(result.code).toBe(0);
    const files = (await fs.readdir(outDir)).sort();
    expect(files).toEqual(['causa-rca-inv-kafka-consumer-lag-alert.png', 'causa-rca-inv-kafka-consumer-lag-cause.png', 'rca.md']);
    for (const file of files.filter((f) => f.endsWith('.png'))) expect(pngSize(await fs.readFile(path.join(outDir, file)))).toEqual({ width: 640, height: 240 });
    const markdown = await fs.readFile(path.join(outDir, 'rca.md'), 'utf8');
    expect(markdown).toContain('](causa-rca-inv-kafka-consumer-lag-cause.png)');
    expect(markdown).toContain('- Alert links: [Runbook](<https://runbooks.example.internal/kafka/consumer-lag>)');
    expect(result.err).toMatch(/with causa-rca-inv-kafka-consumer-lag-alert\.png, causa-rca-inv-kafka-consumer-lag-cause\.png beside it/);
  });

  it('names the file and line of a corrupt bundle and exits 2', async () => {
    const dir = path.join(tmp, 'corrupt');
    await writeScenario('network-delay', dir);
    const lines = (await fs.readFile(path.join(dir, 'logs.jsonl'), 'utf8')).split('\n');
    lines[4] = '{"ts": "2024-01-01T00:00:00Z", "service": broken';
    await fs.writeFile(path.join(dir, 'logs.jsonl'), lines.join('\n'));
    const result = await runCli(['investigate', dir]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/logs\.jsonl:5/);
  });

  it('names a missing case.json and a truncated gzip', async () => {
    const empty = path.join(tmp, 'empty');
    await fs.mkdir(empty);
    const missing = await runCli(['investigate', empty]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/case\.json/);

    const dir = path.join(tmp, 'truncated');
    await writeScenario('traffic-surge', dir);
    const metrics = await fs.readFile(path.join(dir, 'metrics.csv'));
    const gz = gzipSync(metrics);
    await fs.writeFile(path.join(dir, 'metrics.csv.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    await fs.rm(path.join(dir, 'metrics.csv'));
    const truncated = await runCli(['investigate', dir]);
    expect(truncated.code).toBe(2);
    expect(truncated.err).toMatch(/metrics\.csv\.gz:\d+/);
  });

  it('evaluates a folder of cases, writing one prediction per case, and survives a broken case', async () => {
    const cases = path.join(tmp, 'cases');
    const answers = path.join(tmp, 'answers');
    await fs.mkdir(answers, { recursive: true });
    for (const id of ['db-pool-exhaustion', 'dependency-errors']) {
      const answer = await writeScenario(id, path.join(cases, id));
      await fs.writeFile(path.join(answers, `${id}.json`), JSON.stringify({ id, rootCause: answer.rootCause }));
    }
    await fs.mkdir(path.join(cases, 'broken'));
    await fs.writeFile(path.join(cases, 'broken', 'case.json'), '{"id": "broken",');
    const predictions = path.join(tmp, 'predictions');
    const result = await runCli(['eval', '--cases', cases, '--answers', answers, '--predictions', predictions, '--json']);
    expect(result.code).toBe(0);
    expect((await fs.readdir(predictions)).sort()).toEqual(['broken.json', 'db-pool-exhaustion.json', 'dependency-errors.json']);
    const broken = JSON.parse(await fs.readFile(path.join(predictions, 'broken.json'), 'utf8'));
    expect(broken).toMatchObject({ id: 'broken', abstained: true, ranking: [] });
    expect(broken.error).toMatch(/case\.json/);
    expect(result.out).toMatch(/\| all \| 2 \| 1\.000 \|/);
    expect(result.out).toMatch(/peak memory \(RSS\): \d+ MB/);
  });

  it('replays cases live: first and final answers, follow-ups as configured, the time to the final answer', async () => {
    const cases = path.join(tmp, 'live-cases');
    const answers = path.join(tmp, 'live-answers');
    await fs.mkdir(answers, { recursive: true });
    const id = 'silenced-code-path';
    const answer = await writeScenario(id, path.join(cases, id));
    await fs.writeFile(path.join(answers, `${id}.json`), JSON.stringify({ id, rootCause: answer.rootCause }));
    const predictions = path.join(tmp, 'live-predictions');
    const result = await runCli(['eval', '--cases', cases, '--answers', answers, '--predictions', predictions, '--live-replay', '--alert-delay', '0', '--json']);
    expect(result.code).toBe(0);
    const prediction = JSON.parse(await fs.readFile(path.join(predictions, `${id}.json`), 'utf8'));
    // The first look (one minute after the alert) is not confident; the follow-up two minutes later is.
    expect(prediction.firstConfidence).toBeLessThan(0.8);
    expect(prediction.ranking[0].confidence).toBeGreaterThanOrEqual(0.8);
    expect([prediction.looks, prediction.finalAfterMs]).toEqual([2, 180_000]);
    expect(result.out).toMatch(/\| AC@1 first \| AC@1 final \|/);
    expect(result.out).toMatch(/\| all \| 1 \| 1\.000 \| 1\.000 \| 0 \| — \| 180 \| 2 \|/);
    const noLive = await runCli(['eval', '--cases', cases, '--predictions', predictions, '--alert-delay', '60']);
    expect([noLive.code, noLive.err]).toEqual([2, expect.stringMatching(/--alert-delay needs --live-replay/)]);
    const badDelay = await runCli(['eval', '--cases', cases, '--predictions', predictions, '--live-replay', '--alert-delay', 'soon']);
    expect([badDelay.code, badDelay.err]).toEqual([2, expect.stringMatching(/--alert-delay must be a number of seconds/)]);
  });

  it('says what is wrong with an alert to investigate against live telemetry, and exits 2', async () => {
    const env = { CAUSA_PROMETHEUS_URL: 'http://127.0.0.1:9' };
    const missing = await runCli(['investigate', '--alert', path.join(tmp, 'nope.txt')], env);
    expect([missing.code, missing.err]).toEqual([2, expect.stringMatching(/cannot read the alert file .*nope\.txt: it does not exist/)]);
    const notAlert = path.join(tmp, 'lunch.txt');
    await fs.writeFile(notAlert, 'anyone for lunch?');
    const chat = await runCli(['investigate', '--alert', notAlert, '--at', '2024-05-14T09:22:30Z'], env);
    expect(chat.code).toBe(2);
    expect(chat.err).toMatch(/alert/i);
    const badTime = await runCli(['investigate', '--alert', notAlert, '--at', 'yesterday'], env);
    expect([badTime.code, badTime.err]).toEqual([2, expect.stringMatching(/--at must be an ISO 8601 time/)]);
    const both = await runCli(['investigate', tmp, '--alert', notAlert], env);
    expect([both.code, both.err]).toEqual([2, expect.stringMatching(/usage: causa investigate/)]);
  });

  it('explains which variables `causa serve` is missing', async () => {
    const result = await runCli(['serve'], {});
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/SLACK_BOT_TOKEN/);
  });

  (hasBenchmark ? it : it.skip)('smoke: investigates one shared case of each system into a valid report', async () => {
    const ids = (await fs.readdir(path.join(BENCHMARK, 'cases'))).sort();
    const picks = ['nz-tt-', 'ps-', 'sock-'].map((prefix) => ids.find((id) => id.startsWith(prefix))).filter((id): id is string => id !== undefined);
    for (const id of picks) {
      const started = Date.now();
      const result = await runCli(['investigate', path.join(BENCHMARK, 'cases', id), '--format', 'json']);
      expect(result.code).toBe(0);
      const report = ReportSchema.parse(JSON.parse(result.out));
      expect(report.evidence.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(30_000);
    }
  });
});
