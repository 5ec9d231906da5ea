import { ServiceGraph } from '../../../src/core/analysis/topology-propagation';
import type { Hypothesis } from '../../../src/core/investigation/hypothesis-schema';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';
import type { SessionState } from '../../../src/reasoning/offline/session-state';
import { readOwnCodeClaim } from '../../../src/reasoning/offline/symptom-restatement';

const restatedSymptom = (...args: Parameters<typeof readOwnCodeClaim>) => readOwnCodeClaim(...args).explainedBy;
const symptomOnly = (...args: Parameters<typeof readOwnCodeClaim>) => readOwnCodeClaim(...args).symptomOnly;
const answeredBy = (...args: Parameters<typeof readOwnCodeClaim>) => readOwnCodeClaim(...args).answeredBy;

const finding = (service: string, family: ServiceFinding['family'], strength = 0.95): ServiceFinding => ({ service, family, score: 8, strength, direction: 'up', signal: family, detail: '', evidenceIds: [] });
const own: Hypothesis = { id: 'H1', parentId: null, statement: 's', kind: 'error-surge', subject: { service: 'storefront' }, faultType: 'exception', status: 'testing', priority: 1, depth: 1, evidenceIds: [], children: [], rationale: '' };

function state(findings: ServiceFinding[]): SessionState {
  const byService = new Map<string, ServiceFinding[]>();
  for (const f of findings) byService.set(f.service, [...(byService.get(f.service) ?? []), f]);
  const graph = new ServiceGraph({ services: ['storefront', 'checkout', 'pricing'], calls: [{ from: 'storefront', to: 'checkout' }, { from: 'checkout', to: 'pricing' }] });
  return { triage: { symptomService: 'storefront', symptomSignal: 'availability', byService, graph, findings }, onsets: new Map() } as unknown as SessionState;
}

describe('readOwnCodeClaim', () => {
  const availability = finding('storefront', 'availability');

  it('names the callee whose own failure explains the alerting service\'s success rate', () => {
    expect(restatedSymptom(own, availability, state([availability, finding('checkout', 'trace-shape')]))).toBe('checkout');
  });

  it('looks past a middle service that merely passes the failure on', () => {
    // storefront → checkout → pricing: checkout shows nothing of its own, pricing fails.
    expect(restatedSymptom(own, availability, state([availability, finding('pricing', 'trace-shape')]))).toBe('pricing');
    // The nearest failing service explains first, even when a deeper one fails more clearly.
    expect(restatedSymptom(own, availability, state([availability, finding('checkout', 'trace-shape', 0.6), finding('pricing', 'trace-shape', 0.95)]))).toBe('checkout');
  });

  it('counts work stopped right after a callee\'s answer as no evidence of the alerting service\'s own', () => {
    const stopped: ServiceFinding = { ...finding('storefront', 'trace-shape'), operation: 'GET /product' };
    const answer: ServiceFinding = { ...finding('pricing', 'trace-answer'), peer: 'storefront', callerOperation: 'GET /product' };
    const errorSpans = finding('storefront', 'trace-errors');
    expect(restatedSymptom(own, errorSpans, state([availability, errorSpans, stopped, answer]))).toBe('pricing');
    // Another operation's stop is the service's own.
    expect(restatedSymptom(own, errorSpans, state([availability, errorSpans, { ...stopped, operation: 'GET /cart' }, answer]))).toBeUndefined();
    // A claim resting on that very stop rests on no more than the symptom: the callee explains it.
    expect(restatedSymptom(own, stopped, state([availability, stopped, answer]))).toBe('pricing');
    expect(restatedSymptom(own, { ...stopped, operation: 'GET /cart' }, state([availability, { ...stopped, operation: 'GET /cart' }, answer]))).toBeUndefined();
  });

  it('keeps the claim when the alerting service shows something of its own, or no callee fails clearly', () => {
    expect(restatedSymptom(own, availability, state([availability, finding('storefront', 'cpu-throttling'), finding('checkout', 'trace-shape')]))).toBeUndefined();
    expect(restatedSymptom(own, availability, state([availability, finding('checkout', 'trace-shape', 0.3)]))).toBeUndefined();
    // A memory drift, even a clear one, does not make a service fail; memory at its limit does.
    expect(restatedSymptom(own, availability, state([availability, finding('storefront', 'memory', 0.9), finding('checkout', 'trace-shape', 0.8)]))).toBe('checkout');
    expect(restatedSymptom(own, availability, state([availability, { ...finding('storefront', 'memory', 0.9), saturated: true }, finding('checkout', 'trace-shape', 0.8)]))).toBeUndefined();
    // Something of its own, but weaker than the callee's failure: the callee explains.
    expect(restatedSymptom(own, availability, state([availability, finding('storefront', 'log-errors', 0.51), finding('checkout', 'trace-shape', 0.84)]))).toBe('checkout');
    // A callee that is only slower does not explain failures.
    expect(restatedSymptom(own, availability, state([availability, finding('checkout', 'latency')]))).toBeUndefined();
  });

  it('applies only to the alerting service\'s own-code claims resting on the alert\'s signal', () => {
    const logs = finding('storefront', 'log-errors');
    expect(restatedSymptom(own, logs, state([logs, finding('checkout', 'trace-shape')]))).toBeUndefined();
    expect(restatedSymptom({ ...own, subject: { service: 'checkout' } }, availability, state([availability, finding('checkout', 'trace-shape')]))).toBeUndefined();
  });

  it('calls a claim resting on the symptom alone a guess while the service calls others, and not once it shows something of its own', () => {
    expect(symptomOnly(own, availability, state([availability]))).toBe(true);
    expect(symptomOnly(own, availability, state([availability, finding('storefront', 'log-errors', 0.9)]))).toBe(false);
    expect(symptomOnly(own, finding('storefront', 'log-errors'), state([availability, finding('storefront', 'log-errors')]))).toBe(false);
    // A service that calls nothing has only its own code to fail in.
    expect(symptomOnly({ ...own, subject: { service: 'pricing' } }, availability, { ...state([availability]), triage: { ...state([availability]).triage, symptomService: 'pricing' } } as unknown as SessionState)).toBe(false);
  });

  describe('for a service below the alerting one', () => {
    // checkout's failing work stops right after its call to pricing, which answered as usual.
    const checkout = (kind: Hypothesis['kind']): Hypothesis => ({ ...own, id: 'H2', kind, subject: { service: 'checkout' } });
    const errorSpans = finding('checkout', 'trace-errors');
    const stopped: ServiceFinding = { ...finding('checkout', 'trace-shape'), operation: 'Place' };
    const answer: ServiceFinding = { ...finding('pricing', 'trace-answer', 0.8), peer: 'checkout', callerOperation: 'Place' };

    it('names the callee whose answer its failing work stops after, for its own code and for errors passed on from it', () => {
      expect(answeredBy(checkout('error-surge'), errorSpans, state([availability, errorSpans, stopped, answer]))).toBe('pricing');
      expect(answeredBy(checkout('downstream-errors'), errorSpans, state([availability, errorSpans, stopped, answer]))).toBe('pricing');
      // The alerting service's reading is left as it was.
      expect(restatedSymptom(checkout('error-surge'), errorSpans, state([availability, errorSpans, stopped, answer]))).toBeUndefined();
    });

    it('names that callee too when the claim rests on the stop itself, recorded as the callee\'s answer', () => {
      // Error spans and the stop both seen; the stop is the stronger reading of checkout.
      expect(answeredBy(checkout('downstream-errors'), stopped, state([availability, errorSpans, stopped, answer]))).toBe('pricing');
      expect(answeredBy(checkout('error-surge'), stopped, state([availability, errorSpans, stopped, answer]))).toBe('pricing');
      // A stop in another operation than the one the callee's answer stopped is checkout's own.
      const other: ServiceFinding = { ...stopped, operation: 'Refund' };
      expect(answeredBy(checkout('downstream-errors'), other, state([availability, errorSpans, other, answer]))).toBeUndefined();
    });

    it('keeps the claim when it shows something as clear of its own, or rests on more than its failures', () => {
      expect(answeredBy(checkout('error-surge'), errorSpans, state([availability, errorSpans, stopped, answer, finding('checkout', 'log-errors', 0.9)]))).toBeUndefined();
      expect(answeredBy(checkout('error-surge'), errorSpans, state([availability, errorSpans, stopped, { ...answer, strength: 0.3 }]))).toBeUndefined();
      const logs = finding('checkout', 'log-errors');
      expect(answeredBy(checkout('error-surge'), logs, state([availability, logs, stopped, answer]))).toBeUndefined();
      // Without a callee's answer before the stop (its code threw before any call), nothing changes.
      expect(answeredBy(checkout('error-surge'), errorSpans, state([availability, errorSpans, stopped]))).toBeUndefined();
    });

    it('lets its own-code claim yield to a callee whose answers stop another caller, not the errors passed on from it', () => {
      // Another caller stopped after pricing's answer; checkout calls pricing too, last, so nothing
      // of its own work visibly stops: only its error spans show.
      const elsewhere: ServiceFinding = { ...answer, peer: 'storefront', callerOperation: 'GET /' };
      expect(answeredBy(checkout('error-surge'), errorSpans, state([availability, errorSpans, elsewhere]))).toBe('pricing');
      expect(answeredBy(checkout('downstream-errors'), errorSpans, state([availability, errorSpans, elsewhere]))).toBeUndefined();
    });
  });
});
