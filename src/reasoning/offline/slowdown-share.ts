import type { ServiceFinding } from './service-finding';
import type { Triage } from './triage';

/**
 * How much of a slowdown one latency reading accounts for, in the metric's own units made
 * seconds: the time a service's calls out gained against its own requests' added time, and a
 * service's added time against the alerting service's.
 */

/** A service's added median latency below this share of the alerting service's cannot explain it. */
const EXPLAINING_SHARE = 0.1;
/** Share of a service's added request latency its calls out must have gained to account for it. */
const WAITING_SHARE = 0.5;
/** A clear finding. */
const CLEAR = 0.5;

/** Seconds per unit of a latency metric, from its name's suffix; undefined when the name does not say. */
export function secondsPerUnit(metric: string): number | undefined {
  if (/_seconds$|_s$/i.test(metric)) return 1;
  if (/_milliseconds$|_ms$/i.test(metric)) return 1e-3;
  if (/_microseconds$|_us$/i.test(metric)) return 1e-6;
  return undefined;
}

/** The median's rise of a latency finding, in seconds; undefined without a rise or a known unit. */
function addedSeconds(finding: ServiceFinding): number | undefined {
  const unit = secondsPerUnit(finding.signal);
  return finding.added !== undefined && finding.added > 0 && unit !== undefined ? finding.added * unit : undefined;
}

export function formatSeconds(seconds: number): string {
  return seconds >= 1 ? `${Math.round(seconds * 100) / 100} s` : `${Math.round(seconds * 1000 * 10) / 10} ms`;
}

/**
 * Whether a service's slowdown is a sliver of the alerting service's: its median latency rose by
 * less than a tenth of what the alerting service's did.
 */
export function slightShare(slow: ServiceFinding, service: string, triage: Pick<Triage, 'symptomService' | 'findings'>): { added: string; symptomAdded: string } | undefined {
  const symptom = triage.symptomService;
  if (!symptom || symptom === service || slow.family !== 'latency') return undefined;
  const added = addedSeconds(slow);
  if (added === undefined) return undefined;
  // Every latency reading of the alerting service, not only its most anomalous one: a tail
  // quantile can be the most anomalous while another quantile rose more.
  const symptomAdded = Math.max(0, ...triage.findings.filter((f) => f.service === symptom && f.family === 'latency' && f.direction === 'up').map((f) => addedSeconds(f) ?? 0));
  return symptomAdded > 0 && added < EXPLAINING_SHARE * symptomAdded ? { added: formatSeconds(added), symptomAdded: formatSeconds(symptomAdded) } : undefined;
}

/** A clear slowdown of the calls the service makes that accounts for most of its own requests' added latency. */
export function waitingOnCalls(own: readonly ServiceFinding[], slow: ServiceFinding): { finding: ServiceFinding; added: string; of: string } | undefined {
  const slowAdded = slow.family === 'latency' ? addedSeconds(slow) : undefined;
  if (slowAdded === undefined) return undefined;
  const calls = own
    .filter((f) => f.family === 'client-latency' && f.direction === 'up' && f.strength >= CLEAR)
    .map((finding) => ({ finding, added: addedSeconds(finding) ?? 0 }))
    .sort((a, b) => b.added - a.added)[0];
  return calls && calls.added >= WAITING_SHARE * slowAdded ? { finding: calls.finding, added: formatSeconds(calls.added), of: formatSeconds(slowAdded) } : undefined;
}
