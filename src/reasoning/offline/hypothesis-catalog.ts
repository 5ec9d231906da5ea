import type { FaultType } from '../../core/investigation/fault-type-schema';
import type { HypothesisKind, HypothesisSubject } from '../../core/investigation/hypothesis-schema';
import type { EventFinding } from './event-survey';
import type { ServiceFinding } from './service-finding';

type FindingFamily = ServiceFinding['family'];

/** What the offline reasoner knows about one kind of hypothesis. */
export interface KindSpec {
  faultType: FaultType;
  /** Signals whose anomaly supports the hypothesis. */
  families: FindingFamily[];
  /** Direction of change that supports it, when it matters (traffic: a surge is up). */
  direction?: 'up' | 'down';
  /** Event categories that support it. */
  events: Array<EventFinding['category']>;
  /** Deeper causes to test when this one is supported. */
  children: HypothesisKind[];
  statement: (subject: HypothesisSubject) => string;
}

const at = (s: HypothesisSubject): string => (s.instance ? `${s.service} (${s.instance})` : s.service);

export const HYPOTHESIS_CATALOG: Record<HypothesisKind, KindSpec> = {
  'cpu-saturation': { faultType: 'cpu', families: ['cpu', 'cpu-throttling'], events: [], children: ['memory-exhaustion', 'traffic-surge', 'noisy-neighbour', 'deploy-change'], statement: (s) => `${at(s)} is CPU-saturated` },
  'memory-exhaustion': { faultType: 'memory', families: ['memory'], events: ['oom'], children: ['large-payloads', 'traffic-surge', 'deploy-change'], statement: (s) => `${at(s)} runs out of memory (OOM)` },
  'disk-saturation': { faultType: 'disk', families: ['disk'], events: [], children: ['traffic-surge', 'noisy-neighbour'], statement: (s) => `${at(s)} disk I/O is saturated` },
  'network-delay': { faultType: 'network-delay', families: ['call-gap', 'network'], events: [], children: [], statement: (s) => `network delay on calls into ${at(s)}${s.component ? ` from ${s.component}` : ''}` },
  'network-loss': { faultType: 'network-loss', families: ['network', 'call-gap'], events: [], children: [], statement: (s) => `packet loss on the network of ${at(s)}` },
  'error-surge': { faultType: 'exception', families: ['log-errors', 'log-vanished', 'trace-errors', 'trace-shape', 'errors', 'availability'], events: [], children: ['memory-exhaustion', 'deploy-change', 'config-change', 'downstream-errors'], statement: (s) => `${at(s)} fails in its own code (exceptions, or work cut short)` },
  'wrong-results': { faultType: 'wrong-return', families: ['log-business-errors', 'trace-answer'], events: [], children: ['deploy-change'], statement: (s) => `${at(s)} returns wrong results (normal work silently missing)` },
  'downstream-latency': { faultType: 'unknown', families: ['latency', 'client-latency', 'trace-self-time', 'call-gap'], events: [], children: [], statement: (s) => `latency propagates from downstream dependency ${at(s)}` },
  'downstream-errors': { faultType: 'unknown', families: ['log-errors', 'log-business-errors', 'log-vanished', 'trace-errors', 'trace-shape', 'trace-answer', 'errors', 'availability'], events: [], children: [], statement: (s) => `errors propagate from downstream dependency ${at(s)}` },
  'traffic-surge': { faultType: 'overload', families: ['traffic'], direction: 'up', events: [], children: [], statement: (s) => `a traffic surge overloads ${at(s)}` },
  'deploy-change': { faultType: 'unknown', families: [], events: ['deploy'], children: [], statement: (s) => `a deploy of ${at(s)} in the window introduced the problem` },
  'config-change': { faultType: 'misconfiguration', families: [], events: ['config'], children: [], statement: (s) => `a configuration change of ${at(s)} introduced the problem` },
  'crash-loop': { faultType: 'unknown', families: ['restarts'], events: ['crash', 'oom'], children: ['memory-exhaustion', 'deploy-change', 'config-change', 'error-surge'], statement: (s) => `${at(s)} is crash-looping` },
  'large-payloads': { faultType: 'memory', families: ['payload'], events: [], children: [], statement: (s) => `${at(s)} receives abnormally large payloads` },
  'consumer-lag': { faultType: 'unknown', families: ['consumer-lag'], events: [], children: ['broker-commit-latency', 'cpu-saturation', 'traffic-surge'], statement: (s) => `${at(s)} consumes too slowly (consumer lag)` },
  'broker-commit-latency': { faultType: 'unknown', families: ['commit-latency'], events: [], children: ['disk-saturation', 'cpu-saturation', 'network-delay'], statement: (s) => `commit latency rose on broker ${at(s)}` },
  'connection-pool-saturation': { faultType: 'overload', families: ['pool'], events: [], children: ['config-change', 'deploy-change', 'traffic-surge', 'downstream-latency'], statement: (s) => `the connection pool of ${at(s)} is exhausted` },
  'noisy-neighbour': { faultType: 'cpu', families: ['cpu', 'memory', 'disk'], events: [], children: [], statement: (s) => `${at(s)} is a noisy neighbour starving ${s.component ?? 'the services'} on the same node` },
  'latency-injection': { faultType: 'latency-injection', families: ['trace-self-time', 'latency'], events: [], children: ['cpu-saturation', 'memory-exhaustion', 'disk-saturation', 'connection-pool-saturation'], statement: (s) => `${at(s)} itself became slow (time spent in its own code)` },
  'service-anomaly': { faultType: 'unknown', families: ['latency', 'errors', 'availability', 'trace-self-time', 'trace-shape', 'trace-answer', 'log-errors', 'log-business-errors', 'log-vanished'], events: [], children: [], statement: (s) => `${at(s)} behaves abnormally` },
};

/** The kinds that say what is wrong inside a service, given one of its signals. */
export function ownKindsFor(family: FindingFamily, direction: 'up' | 'down' | 'none'): HypothesisKind[] {
  switch (family) {
    case 'cpu':
      return ['cpu-saturation'];
    case 'cpu-throttling':
      return ['cpu-saturation'];
    case 'memory':
      return ['memory-exhaustion'];
    case 'disk':
      return ['disk-saturation'];
    case 'network':
    case 'call-gap':
      return ['network-delay'];
    case 'commit-latency':
      return ['broker-commit-latency'];
    case 'consumer-lag':
      return ['consumer-lag'];
    case 'pool':
      return ['connection-pool-saturation'];
    case 'payload':
      return ['large-payloads'];
    case 'restarts':
      return ['crash-loop'];
    case 'errors':
    case 'availability':
    case 'log-errors':
    case 'trace-errors':
      return ['error-surge'];
    case 'log-vanished':
    case 'trace-shape':
      return ['error-surge'];
    case 'log-business-errors':
    case 'trace-answer':
      return ['wrong-results'];
    case 'traffic':
      return direction === 'up' ? ['traffic-surge'] : [];
    case 'trace-self-time':
    case 'latency':
      return ['latency-injection'];
    case 'impact':
      return direction === 'down' ? ['error-surge'] : ['latency-injection'];
    default:
      return [];
  }
}

export function kindsForEvent(category: EventFinding['category']): HypothesisKind[] {
  switch (category) {
    case 'deploy':
      return ['deploy-change'];
    case 'config':
      return ['config-change'];
    case 'oom':
      return ['crash-loop', 'memory-exhaustion'];
    case 'crash':
      return ['crash-loop'];
    case 'scale':
      return ['traffic-surge'];
    default:
      return [];
  }
}
