import type { Alert } from '../alerts/alert-schema';
import type { Hypothesis } from '../investigation/hypothesis-schema';
import type { SteeringCommand } from '../investigation/steering-schema';
import type { Verdict } from '../investigation/verdict-schema';
import type { TimelineEntry } from './report-schema';
import type { IncidentOnsetFinding } from '../ports/reasoner';

/** ISO 8601 when the text parses as a time, else the text unchanged (it is still shown). */
function normalizeTime(text: string): { at: string; ms: number } {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? { at: text, ms: Number.POSITIVE_INFINITY } : { at: new Date(ms).toISOString(), ms };
}

/** `10:42 UTC` of an ISO time (the text itself when it is not one). */
export function clockTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** Alerts firing at least this long after the onset are called late in the timeline. */
const LATE_ALERT_MS = 3 * 60_000;

function onsetEntry(onset: IncidentOnsetFinding, firedMs: number): TimelineEntry & { ms: number } {
  const lateMs = firedMs - onset.atMs;
  const late = Number.isFinite(lateMs) && lateMs >= LATE_ALERT_MS ? `; the alert fired ${Math.round(lateMs / 60_000)} minutes later` : '';
  return { at: new Date(onset.atMs).toISOString(), ms: onset.atMs, service: onset.service, what: `Incident began: ${onset.metric} of ${onset.service} departed from normal${late}`, hypothesisId: null };
}

function describeDecision(command: SteeringCommand, effect: string): string {
  switch (command.type) {
    case 'confirm':
      return `${command.by} confirmed ${command.hypothesisId}: ${effect}`;
    case 'veto':
      return `${command.by} vetoed ${command.hypothesisId}: ${effect}`;
    case 'note':
      return `${command.by} noted "${command.text}": ${effect}`;
    case 'stop':
      return `${command.by} stopped the investigation: ${effect}`;
    case 'focus':
    case 'add-hypothesis':
      return `${command.by} asked: ${effect}`;
    case 'change':
      return `${command.by} reported: ${effect}`;
  }
}

/**
 * The dated facts of an investigation, sorted by time: the alert firing, the onset of each change
 * a verdict located (refuted and vetoed branches left out: they did not happen as claimed), and
 * every human decision. Entries with unparseable times go last, in input order.
 */
export function buildTimeline(
  alert: Alert,
  hypotheses: readonly Hypothesis[],
  verdicts: readonly Verdict[],
  decisions: ReadonlyArray<{ command: SteeringCommand; effect: string }>,
  vetoedBranch: ReadonlySet<string>,
  alertResolvedAt?: string,
  incidentOnset?: IncidentOnsetFinding,
): TimelineEntry[] {
  const byId = new Map(hypotheses.map((h) => [h.id, h]));
  const entries: Array<TimelineEntry & { ms: number }> = [];
  const fired = normalizeTime(alert.firedAt);
  entries.push({ ...fired, service: alert.symptom.service ?? 'unknown', what: `Alert fired: ${alert.title}`, hypothesisId: null });

  if (incidentOnset) entries.push(onsetEntry(incidentOnset, fired.ms));

  const latest = new Map<string, Verdict>();
  for (const verdict of verdicts) latest.set(verdict.hypothesisId, verdict);
  for (const verdict of latest.values()) {
    const h = byId.get(verdict.hypothesisId);
    if (verdict.onset === undefined || !h || h.status === 'refuted' || vetoedBranch.has(h.id)) continue;
    const ms = verdict.onset * 1000;
    entries.push({
      at: new Date(ms).toISOString(),
      ms,
      service: h.subject.service,
      what: `Change began: ${h.statement} (${h.status})`,
      hypothesisId: h.id,
    });
  }

  for (const { command, effect } of decisions) {
    const hypothesisId = command.type === 'confirm' || command.type === 'veto' ? command.hypothesisId : null;
    const service = hypothesisId === null ? ('service' in command ? command.service ?? '' : '') : (byId.get(hypothesisId)?.subject.service ?? '');
    entries.push({ ...normalizeTime(command.at), service, what: describeDecision(command, effect), hypothesisId });
    // A reported change happened at its own time, which the timeline shows as well.
    if (command.type === 'change') {
      entries.push({ ...normalizeTime(command.changedAt), service: command.service, what: `Reported ${command.category} change: ${command.description} (by ${command.by})`, hypothesisId: null });
    }
  }

  if (alertResolvedAt !== undefined) {
    entries.push({ ...normalizeTime(alertResolvedAt), service: alert.symptom.service ?? 'unknown', what: `Alert resolved at ${clockTime(alertResolvedAt)}`, hypothesisId: null });
  }

  // Array.prototype.sort is stable, so equal times keep insertion order.
  return entries.sort((a, b) => (a.ms === b.ms ? 0 : a.ms < b.ms ? -1 : 1)).map(({ ms: _ms, ...entry }) => entry);
}
