import type { ServiceFinding } from './service-finding';
import { strengthOf } from './triage-windows';

/** A call gap this clear counts as a delayed link. */
const DELAYED = 0.5;
/** What is left of a gap finding on a callee when the delay is the caller's… */
const CALLEE_SHARE = 0.25;
/** …and never more than an even chance (strength 0.5), however large the gap: a wire delay of hundreds of milliseconds stays huge at a quarter of its z. */
const CALLEE_MAX_SCORE = 3;

/**
 * Which end of a delayed link is delayed. A pod whose network is slow delays every call it takes
 * part in: its callers wait on it, and it waits on its own callees. Each delayed link is put on the
 * end it shares with other delayed links: a caller whose calls out are all delayed, and that also
 * has other delayed links (more calls out, or calls into it), while its callees have none besides,
 * is the delayed one; otherwise the callee (the usual reading, and the only one a single link allows).
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
    const note = `; ${caller} takes part in several delayed links while ${callees.join(', ')} take${callees.length === 1 ? 's' : ''} part in no other, so the delay is on ${caller}'s side`;
    out.push({ ...f, service: caller, peer: f.service, detail: `${f.detail}${note}` });
    const score = Math.min(f.score * CALLEE_SHARE, CALLEE_MAX_SCORE);
    out.push({ ...f, score, strength: strengthOf(score), detail: `${f.detail}${note}, not ${f.service}'s` });
  }
  return out;
}

/**
 * The callers whose delayed links are on their own side, with those links' callees (sorted): a
 * caller that takes part in several delayed links (calls to several callees, or its own callers'
 * calls into it and its calls out), whose callees take part in no other delayed link.
 * Computed once over every service's call gaps (the triage), it also decides for the findings a
 * single hypothesis gathers, which see only the links into one service.
 */
export function callerSideLinks(findings: readonly ServiceFinding[]): Map<string, string[]> {
  // A link whose caller's answers are known to leave on time (`callerClear`) is the callee's.
  const delayed = findings.filter((f) => f.family === 'call-gap' && f.peer && f.strength >= DELAYED && !f.callerClear);
  const outgoing = new Map<string, Set<string>>();
  const incoming = new Map<string, Set<string>>();
  for (const f of delayed) {
    outgoing.set(f.peer as string, (outgoing.get(f.peer as string) ?? new Set()).add(f.service));
    incoming.set(f.service, (incoming.get(f.service) ?? new Set()).add(f.peer as string));
  }
  // A pod whose network is slow is the one end shared by the delayed links it takes part in.
  const degree = (service: string) => (outgoing.get(service)?.size ?? 0) + (incoming.get(service)?.size ?? 0);
  const out = new Map<string, string[]>();
  for (const [caller, callees] of outgoing) {
    const own = [...callees].filter((callee) => degree(callee) === 1);
    if (degree(caller) >= 2 && own.length === callees.size) out.set(caller, own.sort());
  }
  return out;
}
