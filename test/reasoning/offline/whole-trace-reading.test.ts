import { wholeTraceReading } from '../../../src/reasoning/offline/evidence-gathering';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';

const finding = (overrides: Partial<ServiceFinding>): ServiceFinding => ({
  service: 'frontend',
  family: 'trace-shape',
  score: 5.5,
  strength: 0.9,
  direction: 'down',
  signal: 'HTTP GET / trace shape',
  detail: 'frontend HTTP GET / stopped part of its work after its call to session',
  evidenceIds: ['E40', 'E41'],
  ...overrides,
});

describe('wholeTraceReading', () => {
  // The frontend stops after its call to session; read from the frontend's spans alone, that is
  // its own code cutting work short. The triage read every service: session itself stopped after
  // a call that failed below it, so the frontend is reacting.
  const triage = [
    finding({ score: 1.4, strength: 0.2, detail: 'frontend HTTP GET / stopped part of its work …: a reaction to that call', peer: 'session', evidenceIds: ['E20', 'E21'] }),
    finding({ service: 'session', signal: 'Score trace shape', score: 5.5, evidenceIds: ['E20', 'E21'] }),
  ];

  it("takes the triage's reading of the same change when it saw a reaction, citing both queries", () => {
    const read = wholeTraceReading(finding({}), triage);
    expect(read).toMatchObject({ score: 1.4, strength: 0.2, peer: 'session' });
    expect(read.detail).toMatch(/a reaction to that call/);
    expect(read.evidenceIds).toEqual(['E40', 'E41', 'E20', 'E21']);
  });

  it('keeps its own reading when the triage made none, or a stronger one, and leaves other families alone', () => {
    const other = finding({ signal: 'GET /cart trace shape' });
    expect(wholeTraceReading(other, triage)).toBe(other);
    const weak = finding({ score: 1 });
    expect(wholeTraceReading(weak, triage)).toBe(weak);
    const metric = finding({ family: 'latency', signal: 'HTTP GET / trace shape' });
    expect(wholeTraceReading(metric, triage)).toBe(metric);
  });

  it('matches a wrong answer by the caller that stopped after it, not only by the answering operation', () => {
    const answer = (caller: string, score: number) => finding({ service: 'pricing', family: 'trace-answer', signal: 'Lookup answers', peer: caller, callerOperation: 'Score', score });
    expect(wholeTraceReading(answer('session', 5), [answer('checkout', 1)]).score).toBe(5);
    expect(wholeTraceReading(answer('session', 5), [answer('session', 1)]).score).toBe(1);
  });
  it("takes the triage's reading of a service's failing spans when they fail on another service's answer", () => {
    const errors = finding({ service: 'ads', family: 'trace-errors', signal: 'span errors', score: 9.2, detail: 'ads error spans 10% vs 0% in the reference' });
    const passing = { ...errors, score: 2.3, strength: 0.3, detail: `${errors.detail}; … a reaction`, passesOn: 'fraud', evidenceIds: ['E20'] };
    expect(wholeTraceReading(errors, [passing])).toMatchObject({ score: 2.3, passesOn: 'fraud', evidenceIds: ['E40', 'E41', 'E20'] });
    // A triage reading of the same spans that passes nothing on does not replace it.
    expect(wholeTraceReading(errors, [{ ...passing, passesOn: undefined }])).toBe(errors);
  });
});
