import type { Hypothesis } from '../../../src/core/investigation/hypothesis-schema';
import { refinedFaultType } from '../../../src/reasoning/offline/hypothesis-tester';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';
import type { SessionState } from '../../../src/reasoning/offline/session-state';

const finding = (family: ServiceFinding['family'], fields: Partial<ServiceFinding> = {}): ServiceFinding => ({
  service: 'tax', family, score: 8, strength: 0.95, direction: 'up', signal: `${family} metric`, detail: '', evidenceIds: [], onset: 1000, ...fields,
});
const passedOn: Hypothesis = {
  id: 'H1', parentId: null, statement: 'latency propagates from tax', kind: 'downstream-latency', subject: { service: 'tax' }, faultType: 'unknown', status: 'testing', priority: 1, depth: 1, evidenceIds: [], children: [], rationale: '',
};
const stateWith = (findings: ServiceFinding[]) => ({ triage: { byService: new Map([['tax', findings]]), findings, symptomService: 'storefront', symptomSignal: 'latency' }, onsets: new Map() }) as unknown as SessionState;

describe('the fault type of a broad claim', () => {
  const slow = finding('latency', { signal: 'server_latency_p90_seconds', strength: 1 });

  it('takes the network when the slowness it rests on is time its delayed links took', () => {
    const wire = finding('call-gap', { peer: 'media', strength: 0.8, detail: "tax's client latency went 0.016 → 0.176 s; the delay is on tax's side", onset: 1010 });
    expect(refinedFaultType(passedOn, undefined, [slow, wire], stateWith([slow, wire]))).toBe('network-delay');
  });

  it('takes time spent in the code when nothing else moved with the slowness', () => {
    expect(refinedFaultType(passedOn, undefined, [slow], stateWith([slow]))).toBe('latency-injection');
  });
});
