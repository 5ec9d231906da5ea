import type { LogLine } from '../../../src/core/telemetry/query-results';
import { locateInCode, sequencesOf, statementName } from '../../../src/reasoning/offline/code-locator';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';
import type { SessionState } from '../../../src/reasoning/offline/session-state';
import { triageWindows } from '../../../src/reasoning/offline/triage-windows';
import { fakeContext } from './fake-context';

const WINDOW = { start: '2024-01-01T10:00:00.000Z', end: '2024-01-01T10:30:00.000Z' };
const BASELINE = { start: '2024-01-01T09:00:00.000Z', end: '2024-01-01T09:03:00.000Z' };
const FIRED = '2024-01-01T10:26:00.000Z';

/** One span's lines, logback style, one millisecond apart. */
function span(at: string, spanId: string, statements: string[]): LogLine[] {
  return statements.map((statement, i) => ({
    ts: new Date(Date.parse(at) + i).toISOString(),
    service: 'contacts',
    level: statement.startsWith('ERROR') ? 'ERROR' : 'INFO',
    message: `10:00:00.000 ${statement.replace(' ', '  ')} TraceID: t${spanId} SpanID: ${spanId} [find][id ${i}]`,
    traceId: `t${spanId}`,
    spanId,
  }));
}

describe('statement names', () => {
  it('names a statement logger#line when the line carries one, else by its template', () => {
    expect(statementName('INFO c.s.ContactsServiceImpl#34', 'INFO c.s.ContactsServiceImpl#34 <trace-ref> [x]')).toBe('c.s.ContactsServiceImpl#34');
    expect(statementName('INFO cart', 'INFO cart item added <num>')).toBe('INFO cart item added <num>');
  });

  it('rebuilds the statements of each span in time order, lines without ids left out', () => {
    const lines = [...span('2024-01-01T10:27:00.000Z', 'a1', ['INFO c.S#2', 'INFO c.S#3']), ...span('2024-01-01T10:26:59.000Z', 'a1', ['INFO c.S#1'])];
    lines.push({ ts: '2024-01-01T10:27:00.000Z', service: 'contacts', level: 'INFO', message: 'INFO c.S#9 no ids' });
    expect(sequencesOf(lines)).toEqual([['c.S#1', 'c.S#2', 'c.S#3']]);
  });
});

describe('locateInCode', () => {
  it('locates a wrong return between the last normal statement and the one the error branch replaced', async () => {
    const reference = [0, 1, 2, 3].flatMap((i) => span(`2024-01-01T09:0${i}:10.000Z`, `r${i}`, ['INFO c.C#83', 'INFO c.S#31', 'INFO c.S#34']));
    const incident = [0, 1, 2, 3, 4, 5].flatMap((i) => span(`2024-01-01T10:2${3 + (i % 5)}:1${i}.000Z`, `i${i}`, ['INFO c.C#83', 'INFO c.S#31', 'ERROR c.S#37']));
    const { context, queries } = fakeContext({
      window: WINDOW,
      baseline: BASELINE,
      firedAt: FIRED,
      symptom: { service: 'gateway', signal: 'latency' },
      catalog: { hasLogs: true, hasSpans: true },
      answer: (query) => {
        if (query.name !== 'log_search') return undefined;
        const lines = Date.parse(query.params.range.start) < Date.parse(BASELINE.end) ? reference : incident;
        return { kind: 'log_search', lines, totalMatches: lines.length };
      },
    });
    const anchor: ServiceFinding = {
      service: 'contacts', family: 'log-business-errors', score: 6, strength: 0.9, direction: 'up', signal: 'ERROR c.S#37 <trace-ref> [find][id <num>]',
      detail: 'new error line', evidenceIds: [], operation: 'ContactsController.get', statement: 'ERROR c.S#37', change: 'appeared',
    };
    const state = { triage: { windows: triageWindows(context, 60_000), findings: [anchor] }, onsets: new Map() } as unknown as SessionState;
    const located = await locateInCode(anchor, context, state, 'H1');
    expect(located?.location).toEqual({
      operation: 'ContactsController.get',
      statements: ['c.S#31', 'c.S#34', 'c.S#37'],
      lastNormal: 'c.S#31',
      firstChanged: 'c.S#34',
      changes: [{ statement: 'c.S#37', change: 'appeared' }, { statement: 'c.S#34', change: 'went-silent' }],
    });
    expect(queries.filter((q) => q.name === 'log_search').map((q) => q.params)).toEqual([
      expect.objectContaining({ service: 'contacts' }),
      expect.objectContaining({ service: 'contacts' }),
    ]);
    expect(located?.evidenceIds).toHaveLength(2);
  });
});
