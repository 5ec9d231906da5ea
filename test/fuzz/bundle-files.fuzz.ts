import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ReportSchema } from '../../src/core/report/report-schema';
import type { SeededRandom } from '../../src/scenarios/seeded-random';
import { runCli } from '../cli/cli-harness';
import { runFuzz } from './fuzz-support';

/*
 * Hostile bundle files fed to the real entry point, `causa investigate DIR`, in-process as the CLI
 * tests run it. Every input must end with exit 0 and a valid report, or exit 2 with a message
 * naming one of the bundle's files; never a throw, an "unexpected failure" or an unhandled
 * rejection.
 */

const START = Date.parse('2024-03-01T10:00:00Z');
const SERVICES = ['checkout', 'payments', 'carts', 'x'.repeat(300), 'ünïcode-svc', ''];
const FILES = ['metrics.csv', 'logs.jsonl', 'spans.jsonl', 'events.jsonl', 'topology.json'] as const;
type FileName = (typeof FILES)[number];

interface GeneratedBundle {
  files: Partial<Record<FileName | 'case.json', Buffer>>;
  /** Which files were mangled and how, for the failure report. */
  recipe: string[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A time that is valid ISO 8601 but odd: no zone, an offset, far in the past or future. */
function validOddTime(random: SeededRandom): string {
  return random.pick([
    iso(START + random.int(0, 600_000)).replace('Z', ''),
    iso(START + random.int(0, 600_000)).replace('T', ' '),
    '2024-03-01T10:00:00+14:00',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    `2024-03-01T10:05:00.${'9'.repeat(20)}Z`,
  ]);
}

function oddTime(random: SeededRandom): unknown {
  return random.pick<unknown>([
    iso(START + random.int(0, 600_000)),
    iso(START + random.int(0, 600_000)).replace('Z', ''),
    iso(START).replace('T', ' '),
    '2024-02-30T10:00:00Z',
    '1',
    'May 4',
    '',
    null,
    START / 1000,
    START,
    '9999-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
    '2024-03-01T10:00:00+14:00',
    `2024-03-01T10:00:00.${'9'.repeat(40)}Z`,
    'NaN',
    { nested: true },
  ]);
}

function oddNumber(random: SeededRandom): string {
  return random.pick(['1.5', '-0', 'NaN', 'nan', 'Infinity', '-Infinity', '1e400', '', '0x10', '1,5', '"7"', '１', String(Number.MAX_VALUE)]);
}

function deep(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function metrics(random: SeededRandom, corrupt: boolean): string {
  if (!corrupt) {
    const unit = random.pick([1, 1000, 1e6, 1e9]);
    const rows = Array.from({ length: random.int(0, 120) }, (_, i) => {
      const far = random.chance(0.05) ? 1e6 : 0;
      return `${((START + i * 10_000) / 1000 + far) * unit},${random.pick(SERVICES.slice(0, 5))},,${random.pick(['cpu_usage_percent', 'latency_p90_seconds', 'commit'.repeat(50)])},${random.chance(0.9) ? random.between(0, 100) : 'NaN'}`;
    });
    return `${random.pick(['', '\ufeff'])}timestamp,service,instance,metric,value\n${rows.join(random.chance(0.2) ? '\r\n' : '\n')}\n`;
  }
  const header = random.pick([
    'timestamp,service,instance,metric,value',
    '\ufefftimestamp,service,instance,metric,value',
    'value,metric,instance,service,timestamp',
    'timestamp,service,metric,value',
    'TIMESTAMP , Service,instance,metric,value,extra',
    'timestamp,timestamp,service,instance,metric,value',
    '',
    '"timestamp","service","instance","metric","value"',
  ]);
  const unit = random.pick([1, 1000, 1e6, 1e9]);
  const rows = Array.from({ length: random.int(0, 80) }, (_, i) => {
    const ts = random.chance(0.9) ? String(((START + i * 10_000) / 1000) * unit) : String(oddTime(random));
    const value = random.chance(0.85) ? String(random.between(0, 100)) : oddNumber(random);
    const row = [ts, random.pick(SERVICES), random.chance(0.5) ? '' : 'pod-1', random.pick(['cpu_usage_percent', 'latency_p90_seconds', 'commit'.repeat(50)]), value];
    if (random.chance(0.05)) row.pop();
    if (random.chance(0.03)) row[1] = `"un"terminated`;
    return row.join(',');
  });
  return `${header}\n${rows.join(random.chance(0.1) ? '\r\n' : '\n')}${random.chance(0.5) ? '\n' : ''}`;
}

function jsonLines(random: SeededRandom, corrupt: boolean, make: (i: number) => Record<string, unknown>): string {
  const lines = Array.from({ length: random.int(0, 60) }, (_, i) => {
    const object = make(i);
    const roll = corrupt ? random.next() : 1;
    if (roll < 0.04) return '{"ts": "2024-03-01T10:00:00Z", "service":';
    if (roll < 0.06) return JSON.stringify([object]);
    if (roll < 0.08) return 'null';
    if (roll < 0.1) return JSON.stringify({ ...object, attributes: JSON.parse(deep(random.int(1, 3000))) });
    if (roll < 0.12) for (const key of Object.keys(object)) if (random.chance(0.3)) object[key] = random.pick<unknown>([7, null, true, [], {}, '']);
    if (roll < 0.14) return `${JSON.stringify(object)} trailing`;
    return JSON.stringify(object);
  });
  return lines.join('\n') + (random.chance(0.7) ? '\n' : '');
}

function message(random: SeededRandom): string {
  return random.pick([
    () => `order ${random.int(0, 9999)} paid in ${random.int(1, 900)} ms`,
    () => 'a.'.repeat(random.int(1, 60_000)),
    () => `${'eyJ-'.repeat(random.int(1, 10_000))}`,
    () => `user ${'a-'.repeat(random.int(1, 20_000))}@x.org`,
    () => '1, '.repeat(random.int(1, 20_000)),
    () => 'x'.repeat(random.int(1, 3) * 1024 * 1024),
    () => `\u0000\u001b[31m<!channel> <@U123> ${String.fromCharCode(0xd800)}`,
    () => `${'('.repeat(100)}${'a'.repeat(5000)}!`,
  ])();
}

function generate(random: SeededRandom): GeneratedBundle {
  const recipe: string[] = [];
  const files: GeneratedBundle['files'] = {};
  const window = { start: iso(START), end: iso(START + 600_000) };
  const kase = {
    id: 'fuzz',
    system: 'fuzz',
    alert: { source: 'alertmanager', title: '[FIRING:1] CheckoutLatencyHigh (checkout)', text: 'checkout p90 latency high', firedAt: iso(START + 480_000), labels: { service: 'checkout' } },
    window,
    baseline: random.chance(0.5) ? { start: iso(START - 3_600_000), end: iso(START - 3_000_000) } : null,
  };
  files['case.json'] = Buffer.from(random.chance(0.9) ? JSON.stringify(kase) : random.pick([`{"id": ${deep(100_000)}`, '', JSON.stringify({ ...kase, window: { start: 'soon', end: 'later' } })]));
  // Most bundles are well-formed but hostile in content (huge lines, odd but valid times, nasty
  // messages) and must give a report; the rest have one corrupt file and must name it.
  const corruptFile = random.chance(0.4) ? random.pick(FILES) : undefined;
  for (const name of FILES) {
    if (name !== corruptFile && !random.chance(0.6)) continue;
    const corrupt = name === corruptFile;
    const time = (): unknown => (corrupt && random.chance(0.2) ? oddTime(random) : random.chance(0.9) ? iso(START + random.int(0, 600_000)) : validOddTime(random));
    const service = () => (corrupt ? random.pick(SERVICES) : random.pick(SERVICES.slice(0, 5)));
    let text: string;
    if (name === 'metrics.csv') text = metrics(random, corrupt);
    else if (name === 'logs.jsonl') text = jsonLines(random, corrupt, () => ({ ts: time(), service: service(), level: random.pick(corrupt ? ['INFO', 'ERROR', null, 7] : ['INFO', 'ERROR', null]), message: random.chance(0.8) ? `order ${random.int(0, 99)} ok` : message(random), traceId: random.hex(2), spanId: `s${random.int(0, 20)}` }));
    else if (name === 'spans.jsonl') text = jsonLines(random, corrupt, (i) => ({ traceId: random.hex(2), spanId: `s${i}`, parentSpanId: i > 0 && random.chance(0.7) ? `s${random.int(0, i - 1)}` : null, service: service(), operation: random.pick(['GET', '', 'SELECT']), start: time(), durationMs: corrupt && random.chance(0.2) ? random.pick<unknown>([-1, 'slow', null]) : random.chance(0.95) ? random.between(0, 500) : 1e308 }));
    else if (name === 'events.jsonl') text = jsonLines(random, corrupt, () => ({ ts: time(), service: service(), reason: random.pick(['OOMKilled', 'Deployed', undefined]), message: random.chance(0.8) ? 'rolled out v2' : message(random) }));
    else text = !corrupt ? JSON.stringify({ services: SERVICES.slice(0, random.int(0, 5)), calls: [{ from: 'checkout', to: 'payments' }] }) : random.pick([deep(50_000), '{"services": "all"}', '[]', '{']);
    let bytes = Buffer.from(text);
    const randomBytes = corrupt && random.chance(0.15);
    if (randomBytes) bytes = Buffer.from(Array.from({ length: random.int(0, 4096) }, () => random.int(0, 255)));
    const gzip = random.chance(0.4);
    if (gzip) {
      bytes = gzipSync(bytes);
      if (corrupt && random.chance(0.3)) bytes = bytes.subarray(0, Math.floor(bytes.length * random.next()));
      else if (corrupt && random.chance(0.2)) bytes[Math.min(bytes.length - 1, 10 + random.int(0, 20))] ^= 0xff;
    }
    files[gzip ? (`${name}.gz` as FileName) : name] = bytes;
    recipe.push(`${name}${gzip ? '.gz' : ''} (${bytes.length} bytes${corrupt ? ', corrupt' : ''}${randomBytes ? ', random bytes' : ''})`);
  }
  return { files, recipe };
}

/** How many inputs ended with each exit code. */
const outcomes: Record<number, number> = {};

async function check(bundle: GeneratedBundle): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'causa-fuzz-bundle-'));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    for (const [name, bytes] of Object.entries(bundle.files)) writeFileSync(join(dir, name), bytes);
    const { code, out, err } = await runCli(['investigate', dir, '--format', 'json'], {});
    await new Promise((resolve) => setImmediate(resolve));
    if (unhandled.length > 0) return `unhandled rejection: ${String(unhandled[0])}`;
    outcomes[code] = (outcomes[code] ?? 0) + 1;
    if (code === 0) {
      const parsed = ReportSchema.safeParse(JSON.parse(out));
      return parsed.success ? undefined : `exit 0 but the report is invalid: ${parsed.error.issues[0]?.message}`;
    }
    if (code === 2) {
      const named = Object.keys(bundle.files).some((name) => err.includes(join(dir, name)));
      return named ? undefined : `exit 2 without naming a bundle file: ${err.slice(0, 300)}`;
    }
    return `exit ${code}: ${err.slice(0, 300)}`;
  } finally {
    process.off('unhandledRejection', onUnhandled);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('fuzz: bundle files', () => {
  it('never crashes causa investigate, and answers with a report or an error naming the file', async () => {
    const summary = await runFuzz('bundle-files', generate, check, { describe: (bundle) => bundle.recipe.join(', ') || 'case.json only' });
    process.stdout.write(`fuzz bundle-files: exit codes ${JSON.stringify(outcomes)}\n`);
    expect(summary.failures).toEqual([]);
    expect(summary.inputs).toBeGreaterThan(0);
  });
});
