import type { ServiceFinding } from './service-finding';
import { strengthOf } from './triage-windows';

/** A call gap this clear counts as a delayed link. */
const DELAYED = 0.5;
/** What is left of a gap finding on a callee when the delay is the caller's. */
const CALLEE_SHARE = 0.25;

/**
 * Which end of a delayed link is delayed. A pod whose network is slow delays every call it takes
 * part in: its callers wait on it, and it waits on its own callees. Each delayed link is put on the
 * end it shares with other delayed links: a caller whose calls to several callees are all delayed,
 * while no other link into those callees is, is the delayed one; otherwise the callee (the usual
 * reading, and the only one a single link allows).
 */
export function attributeLinkDelays(findings: ServiceFinding[]): ServiceFinding[] {
  const delayed = findings.filter((f) => f.family === 'call-gap' && f.peer && f.strength >= DELAYED);
  const outgoing = new Map<string, Set<string>>();
  const incoming = new Map<string, Set<string>>();
  for (const f of delayed) {
    outgoing.set(f.peer as string, (outgoing.get(f.peer as string) ?? new Set()).add(f.service));
    incoming.set(f.service, (incoming.get(f.service) ?? new Set()).add(f.peer as string));
  }
  const callerSide = (f: ServiceFinding): boolean => {
    if (f.family !== 'call-gap' || !f.peer || f.strength < DELAYED) return false;
    const callees = outgoing.get(f.peer) ?? new Set();
    return callees.size >= 2 && [...callees].every((callee) => (incoming.get(callee)?.size ?? 0) === 1);
  };
  const out: ServiceFinding[] = [];
  for (const f of findings) {
    if (!callerSide(f)) {
      out.push(f);
      continue;
    }
    const caller = f.peer as string;
    const callees = [...(outgoing.get(caller) ?? [])].sort();
    const note = `; ${caller}'s calls to ${callees.join(', ')} are all delayed and nothing else calling them is, so the delay is on ${caller}'s side`;
    out.push({ ...f, service: caller, peer: f.service, detail: `${f.detail}${note}` });
    const score = f.score * CALLEE_SHARE;
    out.push({ ...f, score, strength: strengthOf(score), detail: `${f.detail}${note}, not ${f.service}'s` });
  }
  return out;
}
