import type { Alert } from '../alerts/alert-schema';
import type { Budget, BudgetUsage, Thresholds } from '../investigation/budget-schema';
import type { Evidence } from '../investigation/evidence-schema';
import type { CodeLocation } from '../investigation/code-location-schema';
import type { Hypothesis } from '../investigation/hypothesis-schema';
import type { ReasoningSummary } from '../investigation/reasoning-records';
import type { SteeringCommand } from '../investigation/steering-schema';
import type { Verdict } from '../investigation/verdict-schema';
import type { TimeRange } from '../telemetry/time-range-schema';
import { ancestorsOf, compareHypothesisIds, rankCandidates, vetoedBranch } from './cause-ranking';
import { computeContentHash } from './report-hash';
import { missingEvidence, rejectedList, reportDecision, reportEvidence } from './report-records';
import { writeDataGaps, writeOpenQuestions, writeSummary } from './report-narrative';
import {
  REPORT_SCHEMA_VERSION,
  type CausalLink,
  type Report,
  type ReportCause,
  type ReportHypothesis,
  type UnsealedReport,
} from './report-schema';
import { buildTimeline } from './report-timeline';
import type { IncidentOnsetFinding } from '../ports/reasoner';

/** Everything an investigation knows when it ends; `buildReport` turns it into a `Report`. */
export interface ReportInput {
  investigationId: string;
  /** Name of the reasoner that drove the investigation. */
  reasoner: string;
  alert: Alert;
  window: TimeRange;
  baseline: TimeRange | null;
  /** The whole tree, in any order. */
  hypotheses: Hypothesis[];
  /** Every executed query and the hypothesis it was run for (null for triage queries). */
  evidence: Array<{ evidence: Evidence; hypothesisId: string | null }>;
  /** All verdicts in the order they were given; a later verdict on a node supersedes an earlier one. */
  verdicts: Verdict[];
  /** Human decisions in the order they were applied, with what each changed. */
  decisions: Array<{ command: SteeringCommand; effect: string }>;
  budget: Budget;
  usage: BudgetUsage;
  stopReason: string;
  thresholds: Thresholds;
  /** When the alert resolved, if its tool said so while the investigation ran. */
  alertResolvedAt?: string;
  /** When the data says the incident began, if the reasoner found it. */
  incidentOnset?: IncidentOnsetFinding;
  /** Gaps already known (a source down, a signal missing); query failures are added automatically. */
  dataGaps: string[];
  /** Telemetry sources that could not be read at all (unreachable, refused, not an API), said up front. */
  telemetryProblems?: string[];
  /** ISO 8601; passed in so building stays deterministic. */
  generatedAt: string;
  /**
   * Whether the `cause` hypothesis can explain the `effect` hypothesis through the service topology
   * (a callee's trouble explains its caller's slowness or errors). When given, a candidate that
   * explains a higher-ranked one with a comparable score moves ahead of it.
   */
  explains?: (cause: Hypothesis, effect: Hypothesis) => boolean;
  /** What the reasoner's language model did, when it used one. */
  reasoning?: ReasoningSummary | null;
}

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * Builds the report of a finished (or stopped) investigation: ranks the deepest supported causes,
 * traces the causal chain from the symptom, decides whether to abstain, and seals the evidence,
 * hypotheses and decisions with a content hash. Pure: the same input gives the same report.
 */
export function buildReport(input: ReportInput): Report {
  const latest = new Map<string, Verdict>();
  for (const verdict of input.verdicts) latest.set(verdict.hypothesisId, verdict);
  const resolved = input.hypotheses
    .map((h) => ({
      ...h,
      confidence: h.confidence ?? latest.get(h.id)?.confidence,
      finding: h.finding ?? latest.get(h.id)?.finding,
      magnitude: h.magnitude ?? latest.get(h.id)?.magnitude,
      location: h.location ?? latest.get(h.id)?.location,
    }))
    .sort((a, b) => compareHypothesisIds(a.id, b.id));
  const byId = new Map(resolved.map((h) => [h.id, h]));
  const vetoed = vetoedBranch(resolved);

  const candidates = rankCandidates(resolved, input.thresholds, input.explains);
  const ranking: ReportCause[] = candidates.map(({ hypothesis: h, score }) => {
    const location = locationOf(h, byId);
    return {
      service: h.subject.service,
      faultType: h.faultType,
      confidence: round(Math.min(1, Math.max(0, score))),
      hypothesisId: h.id,
      statement: h.statement,
      ...(location ? { location } : {}),
    };
  });
  const top = ranking[0] ?? null;
  const abstained = top === null || top.confidence < input.thresholds.abstainBelow;
  const topNode = candidates[0]?.hypothesis;
  const causalChain = [symptomLink(input.alert), ...(topNode ? [...ancestorsOf(topNode, byId), topNode] : []).map(link)];

  const evidence = reportEvidence(input.evidence, resolved, input.verdicts);
  const rejected = rejectedList(resolved, input.decisions);
  const facts = {
    alert: input.alert,
    abstained,
    top,
    topFinding: topNode?.finding ?? null,
    causalChain,
    hypotheses: resolved,
    vetoedBranch: vetoed,
    evidence,
    rejectedCount: rejected.length,
    thresholds: input.thresholds,
    stopReason: input.stopReason,
  };

  const unsealed: UnsealedReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    investigationId: input.investigationId,
    generatedAt: input.generatedAt,
    reasoner: input.reasoner,
    alert: input.alert,
    window: input.window,
    baseline: input.baseline,
    summary: writeSummary(facts),
    abstained,
    confidence: top?.confidence ?? 0,
    bestLead: abstained ? top : null,
    causalChain,
    ranking,
    timeline: buildTimeline(input.alert, resolved, input.verdicts, input.decisions, vetoed, input.alertResolvedAt, input.incidentOnset),
    evidence,
    hypotheses: resolved.map((h) => reportHypothesis(h, latest.get(h.id))),
    rejected,
    decisions: input.decisions.map(reportDecision),
    budget: { limits: input.budget, used: input.usage, stopReason: input.stopReason },
    openQuestions: writeOpenQuestions(facts),
    dataGaps: [...writeDataGaps(input.dataGaps, evidence), ...missingEvidence(resolved, evidence)],
    telemetryProblems: [...new Set(input.telemetryProblems ?? [])],
    narrative: [],
    reasoning: input.reasoning ?? null,
  };
  return { ...unsealed, contentHash: computeContentHash(unsealed) };
}

/**
 * A candidate's code location: its own, else that of the nearest ancestor about the same service
 * (a deploy that introduced an exception is located where the exception is).
 */
function locationOf(h: Hypothesis, byId: ReadonlyMap<string, Hypothesis>): CodeLocation | undefined {
  if (h.location) return h.location;
  return ancestorsOf(h, byId)
    .reverse()
    .find((a) => a.subject.service === h.subject.service && a.location)?.location;
}

function symptomLink(alert: Alert): CausalLink {
  const signal = alert.symptom.signal === 'unknown' ? '' : ` (${alert.symptom.signal})`;
  return {
    hypothesisId: null,
    service: alert.symptom.service ?? 'unknown',
    statement: alert.title,
    kind: 'symptom',
    status: 'observed',
    confidence: null,
    finding: `Alert fired at ${alert.firedAt}${signal}`,
  };
}

function link(h: Hypothesis): CausalLink {
  return {
    hypothesisId: h.id,
    service: h.subject.service,
    statement: h.statement,
    kind: h.kind,
    status: h.status,
    confidence: h.confidence ?? null,
    finding: h.finding ?? '',
  };
}

function reportHypothesis(h: Hypothesis, verdict: Verdict | undefined): ReportHypothesis {
  return {
    id: h.id,
    parentId: h.parentId,
    statement: h.statement,
    kind: h.kind,
    subject: h.subject,
    faultType: h.faultType,
    status: h.status,
    depth: h.depth,
    confidence: h.confidence ?? null,
    finding: h.finding ?? null,
    magnitude: h.magnitude ?? null,
    factors: verdict?.factors ?? null,
    evidenceIds: h.evidenceIds,
    ...(h.location ? { location: h.location } : {}),
  };
}
