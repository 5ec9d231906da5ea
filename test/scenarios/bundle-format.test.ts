import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listScenarios, writeScenario } from '../../src/scenarios/scenario-catalog';
import { parseBundle } from './bundle-fixture';

const ids = listScenarios().map((s) => s.id);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'causa-scenarios-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readDir(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) files[name] = await readFile(path.join(dir, name), 'utf8');
  return files;
}

describe.each(ids)('bundle of %s', (id) => {
  it('is byte-identical on a second run, and parses', async () => {
    const answer = await writeScenario(id, path.join(root, id, 'first'));
    await writeScenario(id, path.join(root, id, 'second'));
    const first = await readDir(path.join(root, id, 'first'));
    const second = await readDir(path.join(root, id, 'second'));
    expect(Object.keys(first)).toEqual(['case.json', 'events.jsonl', 'logs.jsonl', 'metrics.csv', 'spans.jsonl', 'topology.json'].filter((n) => n in first));
    expect(['case.json', 'metrics.csv', 'logs.jsonl', 'spans.jsonl', 'topology.json'].every((n) => n in first)).toBe(true);
    expect(second).toEqual(first);

    const bundle = parseBundle(first);
    const { window, baseline, alertAt, caseFile } = bundle;
    expect(caseFile.id).toBe(answer.id);
    expect(window.end - window.start).toBeGreaterThanOrEqual(25 * 60);
    expect(baseline.start).toBeGreaterThanOrEqual(window.start);
    expect(baseline.end).toBeLessThanOrEqual(alertAt - 5 * 60);
    expect(alertAt).toBeLessThan(window.end);
    expect(caseFile.alert.text.startsWith(caseFile.alert.title) || caseFile.alert.text.startsWith(`*${caseFile.alert.title}*`)).toBe(true);
    expect(caseFile.alert.labels.service).toBeTruthy();

    const inside = (t: number) => t >= window.start && t <= window.end;
    const services = new Set(bundle.topology.services);
    expect(bundle.metrics.length).toBeGreaterThan(2000);
    expect(bundle.metrics.length).toBeLessThan(10000);
    // Per-instance series, plus service-level ones (an entry point's SLI) only for the alerting service.
    expect(bundle.metrics.filter((m) => !(inside(m.t) && services.has(m.service) && (m.instance !== '' || m.service === caseFile.alert.labels.service) && Number.isFinite(m.value)))).toEqual([]);
    expect(bundle.logs.length).toBeGreaterThan(200);
    expect(bundle.logs.length).toBeLessThan(1200);
    expect(bundle.logs.filter((l) => !(inside(l.t) && services.has(l.service) && typeof l.message === 'string' && typeof l.level === 'string'))).toEqual([]);
    expect(bundle.spans.length).toBeGreaterThan(200);
    expect(bundle.spans.length).toBeLessThan(5000);
    const spanIds = new Set(bundle.spans.map((s) => `${s.traceId}/${s.spanId}`));
    const badSpans = bundle.spans.filter((s) =>
      !(inside(s.t) && services.has(s.service) && s.durationMs >= 0 && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/.test(s.start)) ||
      (s.parentSpanId !== null && !spanIds.has(`${s.traceId}/${s.parentSpanId}`)));
    expect(badSpans).toEqual([]);
    expect(bundle.events.filter((e) => !(inside(e.t) && services.has(e.service) && e.reason.length > 0))).toEqual([]);
    for (const call of bundle.topology.calls) expect(services.has(call.from) && services.has(call.to)).toBe(true);
  });
});
