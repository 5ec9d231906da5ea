import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { templateOf } from '../../../src/core/analysis/log-template';

const line = (time: string, ref: string, trace: string, span: string, body: string) =>
  `${time} WARN  ${ref} TraceID: ${trace} SpanID: ${span} ${body}`;

describe('templateOf', () => {
  const first = line(
    '16:49:08.649',
    'o.s.OrderOtherServiceImpl#72',
    'e107c4d252a8f4810ed9ae6b5ebd5267',
    '4171f4f14f6a17a6',
    '[getSoldTickets][Seat][No content][seat from date: 2023-01-29 15:38:06, train number: Z1234]',
  );
  const second = line(
    '18:57:51.708',
    'o.s.OrderOtherServiceImpl#72',
    '42336cfc4a174ce5d97b99c97d5bb725',
    '73ee85caca2b1eea',
    '[getSoldTickets][Seat][No content][seat from date: 2023-01-30 17:38:46, train number: G1236]',
  );

  it('gives two lines differing only in ids, numbers and times the same template', () => {
    expect(templateOf(first)).toBe(templateOf(second));
    expect(templateOf(first)).toContain('o.s.OrderOtherServiceImpl#72');
    expect(templateOf(first)).toContain('[getSoldTickets][Seat][No content]');
    expect(templateOf(first)).not.toMatch(/e107c4d2|4171f4f1|Z1234|2023|16:49/);
  });

  it('keeps lines from different statements apart', () => {
    const otherLine = first.replace('OrderOtherServiceImpl#72', 'OrderOtherServiceImpl#118');
    const otherText = first.replace('[No content]', '[Left ticket info is empty]');
    const otherLevel = first.replace(' WARN ', ' ERROR ');
    expect(templateOf(otherLine)).not.toBe(templateOf(first));
    expect(templateOf(otherText)).not.toBe(templateOf(first));
    expect(templateOf(otherLevel)).not.toBe(templateOf(first));
  });

  it('keeps the name of the service an exception is about', () => {
    const about = (service: string) =>
      `16:49:45.702 ERROR o.a.c.c.C.[.[.[.[dispatcherServlet]#175 TraceID: 3c2ac0d7e3e7750f934d3ce204fbe18b ` +
      `SpanID: 3f4679ff98c3e924 Servlet.service() threw exception [java.lang.IllegalStateException: ` +
      `No instances available for ${service}] with root cause`;
    expect(templateOf(about('ts-seat-service'))).toContain('ts-seat-service');
    expect(templateOf(about('ts-seat-service'))).not.toBe(templateOf(about('ts-food-service')));
  });

  it('masks uuids, ips, emails, quoted values, durations and object-dump field values', () => {
    const a = templateOf(
      "user a.b@example.com from 10.0.0.12:8080 order 6a82e0cd-c101-426a-97f9-dbb760829611 took 120ms " +
        "key 'abc' Seat(startStation=shanghai, seatType=2, trainType=TrainType(id=7)) 50% of 3MiB",
    );
    const b = templateOf(
      "user c@d.org from 192.168.1.1:443 order 97a93b5e-acbd-4902-a606-ff6d6c9e1eee took 5ms " +
        "key 'xyz' Seat(startStation=suzhou, seatType=3, trainType=TrainType(id=12)) 7% of 12MiB",
    );
    expect(a).toBe(b);
    expect(a).toContain('trainType=TrainType(');
  });

  it('collapses variable-length lists of masked values', () => {
    const one = templateOf('[RouteId: [f3d4d4ef-693b-4456-8eed-59c0d717dd08]]');
    const three = templateOf(
      '[RouteId: [92708982-77af-4318-be25-57ccb0ff69ad, aefcef3f-3f42-46e8-afd7-6cb2a928bd3d, ' +
        'a3f256c1-0e43-4f7d-9c21-121bf258101f]]',
    );
    expect(three).toBe(one.replace('<uuid>', '<uuid>…'));
  });

  it('strips ISO leading timestamps and caps the template length', () => {
    expect(templateOf('2023-01-29T08:49:08.650Z Started in 3.2 seconds')).toBe('Started in <num> seconds');
    expect(templateOf('x'.repeat(1000)).length).toBe(400);
  });

  it('masks only the head of a very long message, cut at a space and marked', () => {
    const head = `ERROR c.e.Api#12 payload ${'[<uuid>] '.repeat(10)}`;
    const long = (tail: string) => `${head}${'k=v '.repeat(2000)}${tail}`;
    expect(templateOf(long('x'.repeat(5000)))).toBe(templateOf(long('a.'.repeat(100_000))));
    expect(templateOf(long('')).length).toBe(400);
    const ids = (count: number) => `ids [${'f3d4d4ef-693b-4456-8eed-59c0d717dd08, '.repeat(count)}]`;
    expect(templateOf(ids(3))).toBe('ids [<uuid>…, ]');
    expect(templateOf(ids(300))).toBe('ids [<uuid>…, …');
  });

  it('turns hostile lines into short templates without overflowing the stack', () => {
    // The 10 million character run overflowed the regular-expression stack before; 200 KB of
    // "a.a.a" took 28 s (timed by `npm run bench:hostile`, not here).
    expect(templateOf('a'.repeat(10_000_000))).toBe('<hex> …');
    expect(templateOf('a.'.repeat(100_000))).toBe('a.'.repeat(200));
    expect(templateOf('1, '.repeat(3_000_000))).toBe('<num>…, …');
  });
});

const benchmark = path.resolve(__dirname, '../../..', '..', 'shared', 'benchmark', 'cases');
const logFile = firstLogFile(benchmark);
const withBenchmark = logFile ? describe : describe.skip;
if (!logFile) console.log(`templateOf benchmark check skipped: no trainticket logs under ${benchmark}`);

withBenchmark('templateOf on recorded logback lines', () => {
  it('groups thousands of lines into few templates without merging statements', () => {
    const text = logFile!.endsWith('.gz')
      ? zlib.gunzipSync(fs.readFileSync(logFile!)).toString('utf8')
      : fs.readFileSync(logFile!, 'utf8');
    const messages = text
      .split('\n')
      .filter((row) => row.trim() !== '')
      .map((row) => (JSON.parse(row) as { message: string }).message);
    const templatesByStatement = new Map<string, Set<string>>();
    const statementsByTemplate = new Map<string, Set<string>>();
    for (const message of messages) {
      const statement = /\S+#\d+/.exec(message)?.[0];
      if (!statement) continue;
      const template = templateOf(message);
      (templatesByStatement.get(statement) ?? templatesByStatement.set(statement, new Set()).get(statement)!).add(template);
      (statementsByTemplate.get(template) ?? statementsByTemplate.set(template, new Set()).get(template)!).add(statement);
    }
    expect(messages.length).toBeGreaterThan(100);
    expect(statementsByTemplate.size).toBeLessThan(messages.length * 0.05);
    for (const statements of statementsByTemplate.values()) expect(statements.size).toBe(1);
    const single = [...templatesByStatement.values()].filter((templates) => templates.size === 1).length;
    expect(single / templatesByStatement.size).toBeGreaterThan(0.75);
  });
});

function firstLogFile(casesDir: string): string | undefined {
  if (!fs.existsSync(casesDir)) return undefined;
  for (const id of fs.readdirSync(casesDir).sort()) {
    for (const name of ['logs.jsonl', 'logs.jsonl.gz']) {
      const file = path.join(casesDir, id, name);
      if (fs.existsSync(file)) return file;
    }
  }
  return undefined;
}
