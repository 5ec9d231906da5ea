import type { Alert } from '../alerts/alert-schema';
import type { CodeLocation } from '../investigation/code-location-schema';
import type { FaultType } from '../investigation/fault-type-schema';
import type { Hypothesis, HypothesisKind, HypothesisSubject } from '../investigation/hypothesis-schema';
import type { ReasonerEvent } from '../investigation/investigation-events';
import type { ReasonerSteering } from '../investigation/steering-schema';
import type { VerdictFactors } from '../investigation/verdict-schema';
import type { NarrativeSentence, Report } from '../report/report-schema';
import type { TelemetryQueryInput } from '../telemetry/query-schemas';
import type { TopologyResult } from '../telemetry/query-results';
import type { TimeRange } from '../telemetry/time-range-schema';
import type { QueryOutcome, SourceCatalog } from './telemetry-source';

/** A hypothesis as a reasoner proposes it; the tree assigns id, depth, status. */
export interface HypothesisDraft {
  statement: string;
  kind: HypothesisKind;
  subject: HypothesisSubject;
  faultType: FaultType;
  /** 0..1, higher is tested first. */
  priority: number;
  rationale: string;
}

/**
 * A reasoner's judgement of one hypothesis. The loop turns it into a Verdict: the confidence is
 * computed from `factors` (not chosen by the reasoner), evidence ids that the loop did not record
 * are dropped, and a judgement that cites no evidence cannot be supported.
 */
export interface JudgementDraft {
  factors: VerdictFactors;
  finding: string;
  evidenceIds: string[];
  /** Onset of the change, unix seconds. */
  onset?: number;
  /** Size of the strongest supporting change (robust-z units); orders explanations of one service. */
  magnitude?: number;
  /** A refined fault type when the evidence tells it apart (e.g. delay vs. CPU). */
  faultType?: FaultType;
  /** Where in the subject's code the fault sits, for code-level findings. */
  location?: CodeLocation;
}

/**
 * A change a person reported in chat ("we deployed the new pricing rules at 10:02"). It is
 * recorded as evidence (source `chat`) and tested like a recorded deploy: did the service's own
 * signals change after it, before the symptom?
 */
export interface ReportedChange {
  service: string;
  /** ISO 8601. */
  changedAt: string;
  category: 'deploy' | 'config';
  description: string;
  by: string;
  /** The evidence recording the report. */
  evidenceId: string;
}

/** What a reasoner may read and do during one investigation. */
export interface InvestigationContext {
  readonly investigationId: string;
  readonly alert: Alert;
  /** Telemetry window the investigation looks at (incident plus look-back). */
  readonly window: TimeRange;
  /** A fault-free reference period, when one is known. */
  readonly baseline?: TimeRange;
  readonly catalog: SourceCatalog;
  readonly topology?: TopologyResult;
  /** Free-text steering notes from humans, oldest first. */
  readonly notes: readonly string[];
  /** The hypothesis tree so far (a snapshot), in depth-first order. */
  hypotheses(): readonly Hypothesis[];
  /**
   * Runs a query through the budgeted runner: the evidence is recorded in the audit log and
   * attributed to `hypothesisId` (null for triage). Never throws for backend failures.
   */
  query(query: TelemetryQueryInput, hypothesisId: string | null): Promise<QueryOutcome>;
  /** Changes people reported in chat, oldest first. */
  readonly reportedChanges: readonly ReportedChange[];
  /** Tokens spent by an LLM, for the budget. */
  addTokens(count: number): void;
  /** Tokens the investigation may still spend (Infinity when unbounded). */
  remainingTokens(): number;
  /** Appends a reasoner fact (a model call, a fallback, a dropped claim) to the audit log. */
  record(event: ReasonerEvent): Promise<void>;
}

/** Per-investigation reasoning state (triage results, caches). */
export interface ReasonerSession {
  /** Survey the telemetry and propose first-level hypotheses about the alert's symptom. */
  propose(context: InvestigationContext): Promise<HypothesisDraft[]>;
  /** Plan and run the queries that test one hypothesis, then judge it. */
  test(hypothesis: Hypothesis, context: InvestigationContext): Promise<JudgementDraft>;
  /** Deeper causes worth testing under a supported or confirmed hypothesis. */
  decompose(hypothesis: Hypothesis, context: InvestigationContext): Promise<HypothesisDraft[]>;
  /** New hypotheses suggested by a human note ("look at the database"); may be empty. */
  interpretNote?(note: string, context: InvestigationContext): Promise<HypothesisDraft[]>;
  /** Hypotheses for a structured request from chat: a focus, a hypothesis to add, a reported change. */
  steer?(request: ReasonerSteering, context: InvestigationContext): Promise<HypothesisDraft[]>;
  /**
   * Plain-language sentences about the finished report. Each cites the hypotheses and evidence it
   * rests on; the loop keeps only sentences whose citations exist and agree with the verdicts.
   */
  narrate?(report: Report, context: InvestigationContext): Promise<NarrativeSentence[]>;
  /** When the data says the incident began (the alert may have fired minutes later), if found. */
  incidentOnset?(): IncidentOnsetFinding | undefined;
}

/** When an incident began, from a departure of one service's signal from normal. */
export interface IncidentOnsetFinding {
  /** Unix ms. */
  atMs: number;
  service: string;
  metric: string;
}

/**
 * Proposes hypotheses, plans the queries that test them, and judges the evidence. The offline
 * reasoner (catalog + statistics) is the default; an LLM reasoner implements the same port.
 */
export interface Reasoner {
  readonly name: string;
  begin(context: InvestigationContext): Promise<ReasonerSession>;
}
