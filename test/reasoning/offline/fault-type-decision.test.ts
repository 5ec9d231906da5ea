import type { Hypothesis } from '../../../src/core/investigation/hypothesis-schema';
import { decideFaultType } from '../../../src/reasoning/offline/fault-type-decision';
import type { ServiceFinding } from '../../../src/reasoning/offline/service-finding';
import type { SessionState } from '../../../src/reasoning/offline/session-state';

const finding = (family: ServiceFinding['family'], fields: Partial<ServiceFinding> = {}): ServiceFinding => ({
  service: 'cart', family, score: 8, strength: 0.95, direction: 'up', signal: `${family} metric`, detail: '', evidenceIds: [], onset: 1000, ...fields,
});
const hypothesis = (kind: Hypothesis['kind'], id = 'H1', parentId: string | null = null): Hypothesis => ({
  id, parentId, statement: kind, kind, subject: { service: 'cart' }, faultType: 'unknown', status: 'testing', priority: 1, depth: id.split('.').length, evidenceIds: [], children: [], rationale: '',
});
const stateWith = (findings: ServiceFinding[]) => ({ triage: { byService: new Map([['cart', findings]]) }, onsets: new Map() }) as unknown as SessionState;

describe('decideFaultType', () => {
  const latency = finding('latency', { signal: 'server_latency_p90_seconds' });

  it('types slowness with the CPU rising alongside as CPU contention, and says why', () => {
    const cpu = finding('cpu', { signal: 'cpu_usage_rate_percent', ratio: 2.4, onset: 1030 });
    const decision = decideFaultType(hypothesis('latency-injection'), undefined, latency, stateWith([latency, cpu]));
    expect(decision.faultType).toBe('cpu');
    expect(decision.note).toMatch(/CPU rose with it \(cpu_usage_rate_percent ×2\.4\)/);
  });

  it('leaves slowness with a flat CPU (or one that rose much later) as time spent in the code', () => {
    expect(decideFaultType(hypothesis('latency-injection'), undefined, latency, stateWith([latency])).faultType).toBeUndefined();
    const late = finding('cpu', { onset: 1600 });
    expect(decideFaultType(hypothesis('latency-injection'), undefined, latency, stateWith([latency, late])).faultType).toBeUndefined();
    const weak = finding('cpu', { strength: 0.3 });
    expect(decideFaultType(hypothesis('latency-injection'), undefined, latency, stateWith([latency, weak])).faultType).toBeUndefined();
  });

  it('types slowness spent waiting on delayed links as network delay', () => {
    const wire = finding('call-gap', { peer: 'payment', detail: 'calls cart → payment spend a median 180 ms between client and server; the delay is on cart\'s side', onset: 1010 });
    const decision = decideFaultType(hypothesis('latency-injection'), undefined, latency, stateWith([latency, wire]));
    expect(decision.faultType).toBe('network-delay');
    expect(decision.note).toMatch(/links are delayed on the wire \(calls cart → payment spend a median 180 ms between client and server\)/);
  });

  it('lets a delayed link whose first clear minute came a few minutes after the slowness explain it', () => {
    const wire = (onset: number) => finding('call-gap', { peer: 'payment', detail: 'calls cart → payment spend a median 180 ms between client and server', onset });
    expect(decideFaultType(hypothesis('latency-injection'), undefined, latency, stateWith([latency, wire(1250)])).faultType).toBe('network-delay');
    expect(decideFaultType(hypothesis('latency-injection'), undefined, latency, stateWith([latency, wire(1400)])).faultType).toBeUndefined();
  });

  it('does not let a CPU below its limit explain failed requests', () => {
    const failing = (findings: ServiceFinding[]) => ({ ...stateWith(findings), triage: { ...stateWith(findings).triage, symptomSignal: 'availability' } }) as unknown as SessionState;
    const cpu = finding('cpu', { signal: 'cpu_usage_rate_percent', ratio: 1.6 });
    const decision = decideFaultType(hypothesis('cpu-saturation'), undefined, cpu, failing([cpu]));
    expect(decision.weight).toBe(0.5);
    expect(decision.note).toMatch(/below its limit/);
    // At its limit it can (timeouts); against slowness it always could.
    expect(decideFaultType(hypothesis('cpu-saturation'), undefined, { ...cpu, saturated: true }, failing([cpu])).weight).toBe(1);
    expect(decideFaultType(hypothesis('cpu-saturation'), undefined, cpu, { ...stateWith([cpu]), triage: { ...stateWith([cpu]).triage, symptomSignal: 'latency' } } as unknown as SessionState).weight).toBe(1);
  });

  it('does not let a CPU below its limit explain slowness when the service\'s own requests held', () => {
    const slow = (findings: ServiceFinding[]) => ({ ...stateWith(findings), triage: { ...stateWith(findings).triage, symptomSignal: 'latency' } }) as unknown as SessionState;
    const cpu = finding('cpu', { signal: 'cpu_usage_rate_percent', ratio: 1.5 });
    const metrics = ['cpu_usage_rate_percent', 'server_latency_p90_seconds'];
    const held = decideFaultType(hypothesis('cpu-saturation'), undefined, cpu, slow([cpu]), metrics);
    expect(held.weight).toBe(0.5);
    expect(held.note).toMatch(/its own requests did not slow down/);
    // Its own latency rose with it, or it could not be measured, or the CPU is at its limit: the claim stands.
    expect(decideFaultType(hypothesis('cpu-saturation'), undefined, cpu, slow([cpu, latency]), metrics).weight).toBe(1);
    expect(decideFaultType(hypothesis('cpu-saturation'), undefined, cpu, slow([cpu]), ['cpu_usage_rate_percent']).weight).toBe(1);
    expect(decideFaultType(hypothesis('cpu-saturation'), undefined, { ...cpu, saturated: true }, slow([cpu]), metrics).weight).toBe(1);
  });

  it('does not let a CPU below its limit explain slowness spent waiting on the calls the service makes', () => {
    const slow = (findings: ServiceFinding[]) => ({ ...stateWith(findings), triage: { ...stateWith(findings).triage, symptomSignal: 'latency' } }) as unknown as SessionState;
    const cpu = finding('cpu', { signal: 'cpu_usage_rate_percent', ratio: 2.1 });
    const metrics = ['cpu_usage_rate_percent', 'server_latency_p90_seconds'];
    const wire = finding('call-gap', { peer: 'payment', detail: 'calls cart → payment spend a median 300 ms between client and server; more' });
    const onWire = decideFaultType(hypothesis('cpu-saturation'), undefined, cpu, slow([cpu, latency, wire]), metrics);
    expect(onWire.weight).toBe(0.5);
    expect(onWire.note).toMatch(/links are delayed on the wire \(calls cart → payment spend a median 300 ms between client and server\)/);
    const client = finding('client-latency', { signal: 'client_latency_p90_seconds' });
    const waiting = decideFaultType(hypothesis('cpu-saturation'), undefined, cpu, slow([cpu, latency, client]), metrics);
    expect(waiting.weight).toBe(0.5);
    expect(waiting.note).toMatch(/the calls it makes slowed down \(client_latency_p90_seconds\)/);
    // The same slowness with its links delayed is typed network delay unless the CPU is at its limit.
    expect(decideFaultType(hypothesis('latency-injection'), undefined, latency, slow([latency, cpu, wire])).faultType).toBe('network-delay');
    expect(decideFaultType(hypothesis('latency-injection'), undefined, latency, slow([latency, { ...cpu, saturated: true }, wire])).faultType).toBe('cpu');
  });

  it('does not let a small traffic rise explain a CPU that tripled (contention, not overload)', () => {
    const parent = hypothesis('cpu-saturation');
    const cpu = finding('cpu', { ratio: 3, saturated: true });
    const traffic = finding('traffic', { ratio: 1.1 });
    const small = decideFaultType(hypothesis('traffic-surge', 'H1.1', 'H1'), parent, traffic, stateWith([cpu, traffic]));
    expect(small.weight).toBe(0.5);
    expect(small.note).toMatch(/traffic grew ×1\.1 while .* grew ×3/);
    const surge = finding('traffic', { ratio: 2.6 });
    expect(decideFaultType(hypothesis('traffic-surge', 'H1.1', 'H1'), parent, surge, stateWith([cpu, surge])).weight).toBe(1);
  });

  describe('a service whose requests slowed by what its calls out took longer', () => {
    const slow = finding('latency', { signal: 'server_latency_p95_seconds', added: 0.44 });
    const calls = finding('client-latency', { signal: 'client_latency_p95_seconds', added: 0.43 });
    const cpu = finding('cpu', { signal: 'cpu_usage_millicores', ratio: 2.1 });
    const withLink = (findings: ServiceFinding[], link: ServiceFinding[]) => ({ ...stateWith(findings), triage: { ...stateWith(findings).triage, findings: [...findings, ...link] } }) as unknown as SessionState;
    const link = finding('call-gap', { service: 'currency', peer: 'cart', detail: "cart's client latency went 0.016 → 0.41 s, while currency's own server latency held" });

    it('does not claim its own code, nor its CPU below the limit, made it slow', () => {
      const decision = decideFaultType(hypothesis('latency-injection'), undefined, slow, stateWith([slow, calls, cpu]));
      expect(decision.faultType).toBeUndefined();
      expect(decision.weight).toBe(0.5);
      expect(decision.note).toMatch(/calls it makes slowed down as much \(client_latency_p95_seconds \+430 ms of its \+440 ms\)/);
      // Calls out that gained a small part of its slowness leave the CPU reading as it was.
      const little = { ...calls, added: 0.05 };
      expect(decideFaultType(hypothesis('latency-injection'), undefined, slow, stateWith([slow, little, cpu])).faultType).toBe('cpu');
      // A CPU at its limit is starvation whatever its calls do.
      expect(decideFaultType(hypothesis('latency-injection'), undefined, slow, stateWith([slow, calls, { ...cpu, saturated: true }])).faultType).toBe('cpu');
    });

    it('passes slowness on, rather than causing it, when a link below it is delayed on the wire', () => {
      const decision = decideFaultType(hypothesis('downstream-latency'), undefined, calls, withLink([slow, calls], [link]));
      expect(decision.weight).toBe(0.5);
      expect(decision.note).toMatch(/its link to currency is delayed on the wire/);
      // With no delayed link below, it stays the lead.
      expect(decideFaultType(hypothesis('downstream-latency'), undefined, calls, withLink([slow, calls], [])).weight).toBe(1);
    });
  });

  it('does not let a slowdown that is a sliver of the alerting service\'s explain it, however steady its baseline', () => {
    const withSymptom = (findings: ServiceFinding[], symptom: ServiceFinding) =>
      ({ triage: { symptomService: 'frontend', byService: new Map([['cart', findings], ['frontend', [tail]]]), findings: [...findings, tail, symptom] }, onsets: new Map() }) as unknown as SessionState;
    // The alerting service's most anomalous reading (its p99) rose less than another (its p90).
    const tail = finding('latency', { service: 'frontend', signal: 'latency_p99_seconds', added: 0.018, score: 22 });
    const alerting = finding('latency', { service: 'frontend', signal: 'latency_p90_seconds', added: 0.077 });
    // One millisecond more at the median (z 60 against a steady baseline) of 77 at the entry.
    const sliver = finding('latency', { signal: 'server_latency_p95_seconds', added: 0.001, score: 60 });
    const decision = decideFaultType(hypothesis('latency-injection'), undefined, sliver, withSymptom([sliver], alerting));
    expect(decision.weight).toBe(0.5);
    expect(decision.note).toMatch(/its median rose by 1 ms, a small part of the 77 ms the alerting frontend's did/);
    // Thirty milliseconds of 77 can explain it; so can a rise in other units it converts.
    const part = finding('latency', { signal: 'server_latency_p95_seconds', added: 0.03 });
    expect(decideFaultType(hypothesis('latency-injection'), undefined, part, withSymptom([part], alerting)).weight).toBe(1);
    const inMs = finding('latency', { signal: 'server_latency_p95_ms', added: 30 });
    expect(decideFaultType(hypothesis('latency-injection'), undefined, inMs, withSymptom([inMs], alerting)).weight).toBe(1);
    // Units it cannot tell leave the reading as it was.
    const unknown = finding('latency', { signal: 'server_latency_p95', added: 0.001 });
    expect(decideFaultType(hypothesis('latency-injection'), undefined, unknown, withSymptom([unknown], alerting)).weight).toBe(1);
  });
});
