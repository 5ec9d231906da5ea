import type { FaultType } from '../../core/investigation/fault-type-schema';
import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import { PRECEDENCE_TOLERANCE_SECONDS } from './relation-factors';
import type { ServiceFinding } from './service-finding';
import type { SessionState } from './session-state';
import { familyOf } from './signal-families';
import { slightShare, waitingOnCalls } from './slowdown-share';

/** A service's own CPU rise this clear explains its slowness. */
const CLEAR = 0.5;
/**
 * A traffic surge explains a resource's rise only when traffic grew at least this share as much
 * (relatively): CPU that tripled under 10 % more requests is contention, not load.
 */
const LOAD_SHARE = 0.5;

/** How much later than the slowness a delayed link's first clear minute may come and still explain it. */
const WIRE_TOLERANCE_SECONDS = 300;

/** Symptoms of failed requests, as opposed to slow ones. */
const FAILURES = new Set(['availability', 'errors']);
/** What is left of a CPU claim against failed requests when the CPU stayed below its limit. */
const BELOW_LIMIT_WEIGHT = 0.5;

export interface FaultTypeDecision {
  faultType?: FaultType;
  /** Multiplies the hypothesis's anomaly (1: unchanged). */
  weight: number;
  /** Appended to the finding: which signals moved, and so what the fault type is. */
  note?: string;
}

/**
 * Fault types that hold across systems, decided from which of the subject's signals moved:
 *
 * - a service that became slow while its own CPU rose with it is starved of CPU (contention or a
 *   CPU-hungry process: `cpu`); slow with its CPU flat, the time goes elsewhere in its code
 *   (`latency-injection`), and slow on the wire between it and its peers is network delay (its
 *   own call-gap findings, whichever end of the link was put on it);
 * - a traffic surge explains a resource's rise (`overload`) only when the traffic grew comparably;
 * - a CPU that rose but stayed below its limit slows requests; it does not explain failed ones.
 */
export function decideFaultType(hypothesis: Hypothesis, parent: Hypothesis | undefined, best: ServiceFinding | undefined, state: SessionState, metrics: readonly string[] = []): FaultTypeDecision {
  const own = state.triage.byService.get(hypothesis.subject.service) ?? [];
  if (hypothesis.kind === 'latency-injection' && best) {
    const cpu = own.filter((f) => f.family === 'cpu' && f.direction === 'up' && f.strength >= CLEAR && startsTogether(f, best)).sort((a, b) => b.strength - a.strength)[0];
    // Its own links are delayed (its calls wait on the wire, or calls into it do): the time went
    // to the network, not to its code, unless its CPU is at its limit.
    // A delay on the wire shows in fewer samples than a latency metric (minutes with traced
    // calls, above the reference's worst): its first clear minute may come a few minutes later.
    const wire = own.filter((f) => f.family === 'call-gap' && f.strength >= CLEAR && startsTogether(f, best, WIRE_TOLERANCE_SECONDS)).sort((a, b) => b.strength - a.strength)[0];
    // The calls it makes slowed down by as much as its requests did: its slowness is time spent
    // waiting on them, not in its own code, and a CPU below its limit does not explain it.
    const waiting = waitingOnCalls(own, best);
    if (waiting && !cpu?.saturated && !wire) {
      return { weight: BELOW_LIMIT_WEIGHT, note: `; but the calls it makes slowed down as much (${waiting.finding.signal} +${waiting.added} of its +${waiting.of}): its slowness is time spent waiting on them` };
    }
    // A median that rose by a sliver of what the alerting service's rose explains little of it,
    // however steady its baseline made the rise look.
    const small = slightShare(best, hypothesis.subject.service, state.triage);
    if (small && !cpu?.saturated) return { weight: BELOW_LIMIT_WEIGHT, note: `; but its median rose by ${small.added}, a small part of the ${small.symptomAdded} the alerting ${state.triage.symptomService}'s did` };
    if (cpu && (cpu.saturated || !wire)) return { faultType: 'cpu', weight: 1, note: `; its CPU rose with it (${cpu.signal}${cpu.ratio ? ` ×${round(cpu.ratio)}` : ''}${cpu.saturated ? ', at its limit' : ''}): the time went to waiting for CPU` };
    if (wire) return { faultType: 'network-delay', weight: 1, note: `; its links are delayed on the wire (${wire.detail.split(';')[0]}): the time went to the network` };
    return { weight: 1 };
  }
  // Slowness passed on from a service whose requests slowed by what its calls out took longer,
  // while a link below it is delayed on the wire: it passes the delay on; the link is where it is.
  if (hypothesis.kind === 'downstream-latency' && best && (best.family === 'latency' || best.family === 'client-latency')) {
    const slow = best.family === 'latency' ? best : own.filter((f) => f.family === 'latency' && f.direction === 'up' && f.strength >= CLEAR).sort((a, b) => b.strength - a.strength)[0];
    const waiting = slow ? waitingOnCalls(own, slow)?.finding : best;
    const below = state.triage.findings.filter((f) => f.family === 'call-gap' && f.peer === hypothesis.subject.service && f.service !== hypothesis.subject.service && f.strength >= CLEAR).sort((a, b) => b.strength - a.strength)[0];
    if (waiting && below) return { weight: BELOW_LIMIT_WEIGHT, note: `; but what slowed are the calls it makes (${waiting.signal}), and its link to ${below.service} is delayed on the wire: it passes that delay on` };
  }
  if (hypothesis.kind === 'cpu-saturation' && best?.family === 'cpu' && !best.saturated && FAILURES.has(state.triage.symptomSignal)) {
    return { weight: BELOW_LIMIT_WEIGHT, note: '; but its CPU stayed below its limit, which slows requests and does not fail them' };
  }
  // CPU below its limit slows the service's own requests, or it explains nothing: when their
  // latency is measured and held, the rise is a drift beside the incident, not its cause; when
  // the service's links are delayed on the wire, its slowness is time spent waiting on them.
  if (hypothesis.kind === 'cpu-saturation' && best?.family === 'cpu' && !best.saturated) {
    if (ownTimeHeld(own, metrics)) return { weight: BELOW_LIMIT_WEIGHT, note: '; but its CPU stayed below its limit and its own requests did not slow down: the rise explains none of the trouble' };
    const wire = own.find((f) => f.family === 'call-gap' && f.strength >= CLEAR);
    if (wire) return { weight: BELOW_LIMIT_WEIGHT, note: `; but its CPU stayed below its limit while its links are delayed on the wire (${wire.detail.split(';')[0]}): its slowness is time spent waiting on them` };
    const waiting = own.find((f) => f.family === 'client-latency' && f.direction === 'up' && f.strength >= CLEAR);
    if (waiting) return { weight: BELOW_LIMIT_WEIGHT, note: `; but its CPU stayed below its limit while the calls it makes slowed down (${waiting.signal}): its slowness is time spent waiting on them` };
  }
  if (hypothesis.kind === 'traffic-surge' && parent && parent.subject.service === hypothesis.subject.service && best?.ratio !== undefined) {
    const families = parent.kind === 'cpu-saturation' ? ['cpu'] : parent.kind === 'memory-exhaustion' ? ['memory'] : parent.kind === 'disk-saturation' ? ['disk'] : [];
    const resource = own.filter((f) => families.includes(f.family) && f.ratio !== undefined).sort((a, b) => b.strength - a.strength)[0];
    if (resource?.ratio !== undefined && resource.ratio > 1 && best.ratio - 1 < LOAD_SHARE * (resource.ratio - 1)) {
      return { weight: 0.5, note: `; but traffic grew ×${round(best.ratio)} while ${resource.signal} grew ×${round(resource.ratio)}: too little load to explain it` };
    }
  }
  return { weight: 1 };
}

/** Whether the service's own request latency is measured (among its `metrics`) and no slowdown of it was found. */
function ownTimeHeld(own: readonly ServiceFinding[], metrics: readonly string[]): boolean {
  const measured = metrics.some((m) => familyOf(m) === 'latency');
  return measured && !own.some((f) => (f.family === 'latency' || f.family === 'trace-self-time') && f.direction === 'up' && f.strength >= CLEAR);
}

function startsTogether(a: ServiceFinding, b: ServiceFinding, tolerance = PRECEDENCE_TOLERANCE_SECONDS): boolean {
  if (a.onset === undefined || b.onset === undefined) return true;
  return a.onset <= b.onset + tolerance;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
