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
export function attributeLinkDelays(findings: ServiceFinding[], callerSide: ReadonlyMap<string, readonly string[]> = callerSideLinks(findings)): ServiceFinding[] {
  const out: ServiceFinding[] = [];
  for (const f of findings) {
    const caller = f.peer;
    const callees = caller === undefined ? undefined : callerSide.get(caller);
    if (f.family !== 'call-gap' || caller === undefined || !callees?.includes(f.service)) {
      out.push(f);
      continue;
    }
    const note = `; ${caller}'s calls to ${callees.join(', ')} are all delayed and nothing else calling them is, so the delay is on ${caller}'s side`;
    out.push({ ...f, service: caller, peer: f.service, detail: `${f.detail}${note}` });
    const score = f.score * CALLEE_SHARE;
    out.push({ ...f, score, strength: strengthOf(score), detail: `${f.detail}${note}, not ${f.service}'s` });
  }
  return out;
}

/**
 * The callers whose delayed links are on their own side, with those links' callees (sorted): a
 * caller whose calls to several callees are all delayed, while no other link into those callees is.
 * Computed once over every service's call gaps (the triage), it also decides for the findings a
 * single hypothesis gathers, which see only the links into one service.
 */
export function callerSideLinks(findings: readonly ServiceFinding[]): Map<string, string[]> {
  const delayed = findings.filter((f) => f.family === 'call-gap' && f.peer && f.strength >= DELAYED);
  const outgoing = new Map<string, Set<string>>();
  const incoming = new Map<string, Set<string>>();
  for (const f of delayed) {
    outgoing.set(f.peer as string, (outgoing.get(f.peer as string) ?? new Set()).add(f.service));
    incoming.set(f.service, (incoming.get(f.service) ?? new Set()).add(f.peer as string));
  }
  const out = new Map<string, string[]>();
  for (const [caller, callees] of outgoing) {
    if (callees.size >= 2 && [...callees].every((callee) => (incoming.get(callee)?.size ?? 0) === 1)) out.set(caller, [...callees].sort());
  }
  return out;
}
