import type { CodeChangeKind, CodeLocation } from '../../core/investigation/code-location-schema';
import type { SignalFamily } from './signal-families';

/** One anomalous signal of one service, found by the triage survey or by a hypothesis test. */
export interface ServiceFinding {
  service: string;
  instance?: string;
  /** A metric family, or a log / trace / event signal. */
  family: SignalFamily | 'log-errors' | 'log-business-errors' | 'log-vanished' | 'impact' | 'trace-self-time' | 'trace-errors' | 'trace-shape' | 'trace-answer' | 'call-gap' | 'event';
  /** Robust z-like score (≥ 0). */
  score: number;
  /** 0..1, from the score. */
  strength: number;
  direction: 'up' | 'down' | 'none';
  /** Unix seconds when the change started, when known. */
  onset?: number;
  /** The metric, template, operation or event the finding is about. */
  signal: string;
  /** One line with the numbers. */
  detail: string;
  evidenceIds: string[];
  /** The reference periods the change was measured against ('baseline', 'pre-incident'). */
  against?: string[];
  /** The resource reached its limit (a percent-of-capacity metric at or above the saturation level). */
  saturated?: boolean;
  /**
   * For memory: how much the level climbed during the incident (last third's median minus first
   * third's, relative to the incident's level). A process that started holds a step: about 0.
   */
  growth?: number;
  /** For memory in bytes or MiB: how many MiB more than normal the incident held. */
  addedMiB?: number;
  /** For metrics: the incident's median over the normal one, when both are known. */
  ratio?: number;
  /** For metrics: the incident's median minus the normal one, in the metric's unit. */
  added?: number;
  /** For call gaps: the other end of the edge (the caller, unless the delay was put on the caller's side). */
  peer?: string;
  /** For call gaps read from metrics: the caller's own callers do not wait on the wire into it, so its network is not the delayed one (see `callerSideLinks`). */
  callerClear?: boolean;
  /** For trace answers: the caller's operation that stops right after this service's answer (`peer` is the caller). */
  callerOperation?: string;
  /** For trace answers: the caller made all its calls and then failed (rather than stopping right after this one). */
  callerFailed?: boolean;
  /** For span errors and trace shape: the service whose answer this one fails or stops on, as others calling it do (see `callerFailed`). */
  passesOn?: string;
  /** The operation (span name) the signal belongs to, when known. */
  operation?: string;
  /** For log and trace-shape signals: the statement (level and logger, or template) or call that changed. */
  statement?: string;
  /** How that statement or call changed. */
  change?: CodeChangeKind;
  /** Where in the code the change sits, when the survey could tell by itself (trace shape). */
  location?: CodeLocation;
}

/** Best finding per service and family, strongest first. */
export function strongestByService(findings: ServiceFinding[]): Map<string, ServiceFinding[]> {
  const byService = new Map<string, ServiceFinding[]>();
  for (const finding of findings) {
    const list = byService.get(finding.service) ?? [];
    const same = list.findIndex((f) => f.family === finding.family);
    if (same === -1) list.push(finding);
    else if (outranks(finding, list[same])) list[same] = finding;
    byService.set(finding.service, list);
  }
  for (const list of byService.values()) list.sort((a, b) => b.score - a.score);
  return byService;
}

/** A saturated resource outranks a mere deviation of the same family; otherwise the larger score wins. */
function outranks(a: ServiceFinding, b: ServiceFinding): boolean {
  if (Boolean(a.saturated) !== Boolean(b.saturated)) return Boolean(a.saturated);
  return a.score > b.score;
}
