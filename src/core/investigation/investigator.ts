import { anchorToRecording } from './recording-anchor';
import type { Alert } from '../alerts/alert-schema';
import { CausaError, errorMessage } from '../errors';
import { TelemetryQuerySchema } from '../telemetry/query-schemas';
import type { HypothesisDraft, InvestigationContext, Reasoner, ReasonerSession, ReportedChange } from '../ports/reasoner';
import type { SourceCatalog, TelemetrySource } from '../ports/telemetry-source';
import { buildReport } from '../report/report-builder';
import type { Report } from '../report/report-schema';
import { ServiceGraph } from '../analysis/topology-propagation';
import type { TopologyResult } from '../telemetry/query-results';
import { timeRange, type TimeRange } from '../telemetry/time-range-schema';
import { BudgetTracker } from './budget-tracker';
import type { Budget, Thresholds } from './budget-schema';
import { HypothesisTree } from './hypothesis-tree';
import type { Hypothesis } from './hypothesis-schema';
import { explainsThroughTopology } from './cause-explanation';
import type { InvestigationEvent, NewInvestigationEvent, ReasonerEvent } from './investigation-events';
import { replayJournal, type ReplayedProgress } from './journal-replay';
import { addNarrative } from './narrative-step';
import { ReasoningLedger } from './reasoning-records';
import { reportedChangeEvidence } from './reported-change';
import { QueryRunner, type RecordedEvidence } from './query-runner';
import { applySteering } from './steering-applier';
import type { SteeringInbox } from './steering-inbox';
import type { ReasonerSteering, SteeringCommand } from './steering-schema';
import { toVerdict } from './verdict-factory';
import { CarriedDecisionQueue, type CarriedDecision } from './carried-decisions';
import type { Verdict } from './verdict-schema';

export interface InvestigatorOptions {
  reasoner: Reasoner;
  source: TelemetrySource;
  budget: Budget;
  thresholds: Thresholds;
  clock?: () => number;
  /** Per-query timeout; the deadline still bounds it. */
  queryTimeoutMs?: number;
}

export interface InvestigationRequest {
  investigationId: string;
  alert: Alert;
  /** Defaults to the source's window, else 30 minutes before to 5 minutes after the alert. */
  window?: TimeRange;
  /** Defaults to the source's known fault-free period, if any. */
  baseline?: TimeRange | null;
  steering?: SteeringInbox;
  /**
   * When work on this investigation began (clock time), if before `run` (e.g. when a bundle was
   * read first): the deadline and the reported time used count from it. Default: now.
   */
  startedAt?: number;
  /** Receives every audit-log event, in order (the store appends, surfaces render). */
  record: (event: NewInvestigationEvent) => Promise<void>;
  /** When the alert resolved, if it has (asked when the report is built, for its timeline). */
  alertResolvedAt?: () => Promise<string | undefined>;
  /**
   * The journal of an earlier, interrupted run of this investigation: the run goes on from its
   * last recorded step instead of starting over (nothing journaled is emitted again).
   */
  journal?: readonly InvestigationEvent[];
  /** Aborted when the run must stop between steps (a worker shutting down): `run` rejects with an `interrupted` error. */
  signal?: AbortSignal;
  /**
   * Look at telemetry up to this moment (unix ms) when no window is given: a follow-up sees the
   * data that arrived since. Default: up to 5 minutes after the alert.
   */
  until?: number;
  /** Decisions people took during an earlier look at the same alert (a follow-up honours them). */
  carried?: readonly CarriedDecision[];
}

/** The run stopped between two steps because its worker is shutting down; its journal lets another resume it. */
export class InvestigationInterruptedError extends CausaError {
  constructor() {
    super('interrupted', 'the investigation was interrupted by a worker shutdown; another worker resumes it from its journal', { isRetryable: true });
  }
}

const LOOKBACK_MS = 30 * 60_000;
const LOOKAHEAD_MS = 5 * 60_000;

/**
 * Runs one investigation: propose → test siblings in parallel → decompose what is supported →
 * apply human steering between steps → stop on budget or when nothing is left → report.
 * One run emits typed events; there is no second copy of the loop for streaming vs. batch.
 */
export class Investigator {
  private readonly clock: () => number;

  constructor(private readonly options: InvestigatorOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async run(request: InvestigationRequest): Promise<Report> {
    const run = new InvestigationRun(this.options, this.clock, request);
    return run.execute();
  }
}

/** State of one run; kept out of the Investigator so the investigator can be reused. */
class InvestigationRun {
  private readonly tree = new HypothesisTree();
  private readonly budget: BudgetTracker;
  private readonly runner: QueryRunner;
  private readonly verdicts = new Map<string, Verdict>();
  private readonly decisions: Array<{ command: SteeringCommand; effect: string }> = [];
  private readonly notes: string[] = [];
  private readonly pendingConfirm = new Set<string>();
  private readonly decomposed = new Set<string>();
  private readonly dataGaps: string[] = [];
  /** Telemetry that could not be read at all, said up front in the report. */
  private readonly telemetryProblems: string[] = [];
  private readonly source: TelemetrySource;
  private readonly reportedChanges: ReportedChange[] = [];
  private readonly ledger = new ReasoningLedger();
  private stopReason = 'no open hypotheses left';
  /** What an interrupted run had done, when this run resumes it. */
  private readonly progress: ReplayedProgress | undefined;
  /** The alert under investigation; re-anchored into a recording's window when replayed (see `anchorToRecording`). */
  private alert: InvestigationRequest['alert'];
  private readonly carried: CarriedDecisionQueue;

  constructor(
    private readonly options: InvestigatorOptions,
    private readonly clock: () => number,
    private readonly request: InvestigationRequest,
  ) {
    const restored: RecordedEvidence[] = [];
    this.progress = request.journal
      ? replayJournal(request.journal, {
          tree: this.tree,
          verdicts: this.verdicts,
          evidence: restored,
          decisions: this.decisions,
          notes: this.notes,
          pendingConfirm: this.pendingConfirm,
          decomposed: this.decomposed,
          ledger: this.ledger,
        })
      : undefined;
    this.budget = new BudgetTracker(options.budget, clock, this.progress ? clock() - this.progress.elapsedMs : request.startedAt);
    if (this.progress) {
      this.budget.restore(this.progress);
      for (const node of this.tree.all()) this.budget.countHypothesis(node.depth);
    }
    this.carried = new CarriedDecisionQueue(request.carried ?? []);
    this.source = options.source.scopedTo?.(request.alert.labels) ?? options.source;
    this.alert = request.alert;
    this.runner = new QueryRunner(this.source, this.budget, {
      clock,
      queryTimeoutMs: options.queryTimeoutMs ?? 30_000,
      onEvidence: async ({ evidence, hypothesisId }) => {
        if (hypothesisId && this.tree.has(hypothesisId)) {
          const node = this.tree.require(hypothesisId);
          this.tree.update(hypothesisId, { evidenceIds: [...node.evidenceIds, evidence.id] });
        }
        await this.emit({ type: 'query-finished', hypothesisId, evidence });
      },
    });
    this.runner.restore(restored);
  }

  async execute(): Promise<Report> {
    const { progress } = this;
    const catalog = await this.loadCatalog(this.request.window ?? progress?.window ?? this.defaultWindow(this.request.alert));
    const alert = this.request.window ? this.request.alert : anchorToRecording(this.request.alert, catalog);
    this.alert = alert;
    const window = progress?.window ?? this.request.window ?? catalog.window ?? this.defaultWindow(alert);
    const baseline = this.request.baseline === undefined ? catalog.baseline ?? null : this.request.baseline;
    if (!progress) await this.emit({ type: 'investigation-started', alert, window });

    const topology = progress ? await this.reloadTopology(window) : await this.loadTopology(window);
    const context = this.context(window, baseline, catalog, topology);
    let session: ReasonerSession | undefined;
    try {
      session = await this.options.reasoner.begin(context);
      if (this.tree.size() === 0) await this.addDrafts(null, await session.propose(context));
      if (this.tree.size() === 0) this.dataGaps.push('the reasoner found nothing anomalous to propose');
    } catch (error) {
      this.dataGaps.push(`proposing hypotheses failed: ${errorMessage(error)}`);
    }
    if (progress?.stopped) this.stopReason = progress.stopped;
    else if (session) await this.loop(session, context);
    const graph = topology ? new ServiceGraph({ services: topology.services, calls: topology.calls }) : undefined;

    const built = buildReport({
      investigationId: this.request.investigationId,
      reasoner: this.options.reasoner.name,
      alert,
      window,
      baseline,
      hypotheses: this.tree.all(),
      evidence: this.runner.recorded,
      verdicts: [...this.verdicts.values()],
      decisions: this.decisions,
      budget: this.options.budget,
      usage: this.budget.usage(),
      stopReason: this.stopReason,
      thresholds: this.options.thresholds,
      dataGaps: this.dataGaps,
      telemetryProblems: this.telemetryProblems,
      alertResolvedAt: await this.request.alertResolvedAt?.(),
      incidentOnset: session?.incidentOnset?.(),
      generatedAt: new Date(this.clock()).toISOString(),
      explains: graph ? (cause, effect) => explainsThroughTopology(graph, cause, effect) : undefined,
    });
    const narrated = session ? await addNarrative(built, session, context) : built;
    // The narrative's own model call is part of what the investigation spent.
    const report = { ...narrated, budget: { ...narrated.budget, used: { ...narrated.budget.used, tokens: this.budget.usage().tokens } }, reasoning: this.ledger.result() };
    await this.emit({ type: 'report-ready', reportHash: report.contentHash, abstained: report.abstained, confidence: report.confidence });
    return report;
  }

  private async loop(session: ReasonerSession, context: InvestigationContext): Promise<void> {
    for (;;) {
      if (this.request.signal?.aborted) throw new InvestigationInterruptedError();
      if (await this.applyPendingSteering(session, context)) return;
      const exhausted = this.budget.exhaustedReason();
      if (exhausted) {
        this.stopReason = `budget exhausted: ${exhausted}`;
        await this.emit({ type: 'budget-exhausted', reason: exhausted, usage: this.budget.usage() });
        return;
      }
      const batch = this.tree.nextBatch(this.options.budget.concurrency);
      if (batch.length === 0) return;
      await Promise.all(batch.map((node) => this.test(session, context, node)));
      for (const node of batch) await this.maybeDecompose(session, context, this.tree.require(node.id));
    }
  }

  private async test(session: ReasonerSession, context: InvestigationContext, node: Hypothesis): Promise<void> {
    this.tree.update(node.id, { status: 'testing' });
    await this.emit({ type: 'hypothesis-testing', hypothesisId: node.id });
    let verdict: Verdict;
    try {
      const judgement = await session.test(this.tree.require(node.id), context);
      verdict = toVerdict(node.id, judgement, this.runner.recorded, this.options.thresholds);
      if (judgement.faultType) this.tree.update(node.id, { faultType: judgement.faultType });
    } catch (error) {
      verdict = toVerdict(node.id, { factors: { anomaly: 0, precedence: 0.5, topology: 0.5, coverage: 0, specificity: 0.5 }, finding: `the test could not run: ${errorMessage(error)}`, evidenceIds: [] }, this.runner.recorded, this.options.thresholds);
      verdict = { ...verdict, outcome: 'inconclusive' };
    }
    this.verdicts.set(node.id, verdict);
    const current = this.tree.require(node.id);
    if (current.status === 'vetoed') return; // vetoed while it was being tested: the veto stands
    const status = this.pendingConfirm.has(node.id) ? 'confirmed' : verdict.outcome;
    this.tree.update(node.id, { status, confidence: verdict.confidence, finding: verdict.finding, magnitude: verdict.magnitude, ...(verdict.location ? { location: verdict.location } : {}) });
    await this.emit({ type: `hypothesis-${verdict.outcome}`, verdict });
  }

  private async maybeDecompose(session: ReasonerSession, context: InvestigationContext, node: Hypothesis): Promise<void> {
    const explorable = node.status === 'supported' || node.status === 'confirmed';
    if (!explorable || this.decomposed.has(node.id) || this.tree.isPruned(node.id)) return;
    if (node.depth >= this.options.budget.maxDepth) return;
    this.decomposed.add(node.id);
    try {
      await this.addDrafts(node.id, await session.decompose(node, context));
    } catch (error) {
      this.dataGaps.push(`decomposing ${node.id} failed: ${errorMessage(error)}`);
    }
  }

  /** Applies queued human decisions; true when the investigation must stop. */
  private async applyPendingSteering(session: ReasonerSession, context: InvestigationContext): Promise<boolean> {
    const commands = [...this.carried.take(), ...(this.request.steering ? await this.request.steering.take() : [])];
    for (const command of commands) {
      const result = applySteering(this.tree, command);
      if (command.type === 'confirm' && this.tree.has(command.hypothesisId) && !this.tree.isPruned(command.hypothesisId)) {
        this.pendingConfirm.add(command.hypothesisId);
      }
      this.decisions.push({ command, effect: result.effect });
      await this.emit({ type: 'steering-applied', command, effect: result.effect });
      if (result.note !== undefined) {
        this.notes.push(result.note);
        if (session.interpretNote) {
          try {
            await this.addDrafts(null, await session.interpretNote(result.note, context), 'note');
          } catch (error) {
            this.dataGaps.push(`interpreting a note failed: ${errorMessage(error)}`);
          }
        }
      }
      if (result.reasoner) await this.askReasoner(session, context, result.reasoner);
      if (result.explore) await this.maybeDecompose(session, context, this.tree.require(result.explore));
      if (result.stop) {
        this.stopReason = result.effect;
        return true;
      }
    }
    return false;
  }

  /** A focus, a hypothesis to add or a reported change: the reasoner turns it into hypotheses. */
  private async askReasoner(session: ReasonerSession, context: InvestigationContext, request: ReasonerSteering): Promise<void> {
    if (request.type === 'change') {
      const recorded = await this.runner.record(reportedChangeEvidence(request, this.clock()), null);
      this.reportedChanges.push({ ...request, evidenceId: recorded.id });
    }
    if (!session.steer) {
      this.dataGaps.push(`the ${this.options.reasoner.name} reasoner cannot act on a ${request.type} request`);
      return;
    }
    try {
      await this.addDrafts(null, await session.steer(request, context), 'note');
    } catch (error) {
      this.dataGaps.push(`acting on a ${request.type} request failed: ${errorMessage(error)}`);
    }
  }

  private async addDrafts(parentId: string | null, drafts: HypothesisDraft[], origin: 'reasoner' | 'note' = 'reasoner'): Promise<void> {
    const ordered = [...drafts].sort((a, b) => b.priority - a.priority);
    for (const draft of ordered) {
      if (!this.budget.canAddHypothesis()) {
        this.dataGaps.push(`hypothesis budget of ${this.options.budget.maxHypotheses} reached; "${draft.statement}" was not proposed`);
        continue;
      }
      if (this.tree.findSimilar(draft)) continue;
      const node = this.tree.add(parentId, origin === 'note' ? { ...draft, priority: Math.max(draft.priority, 0.95) } : draft, { requested: origin === 'note' });
      this.budget.countHypothesis(node.depth);
      await this.emit({ type: 'hypothesis-proposed', hypothesis: node });
      this.carried.proposed(node);
    }
  }

  private context(window: TimeRange, baseline: TimeRange | null, catalog: SourceCatalog, topology: TopologyResult | undefined): InvestigationContext {
    return {
      investigationId: this.request.investigationId,
      alert: this.alert,
      window,
      baseline: baseline ?? undefined,
      catalog,
      topology,
      notes: this.notes,
      reportedChanges: this.reportedChanges,
      hypotheses: () => this.tree.all(),
      query: (query, hypothesisId) => this.runner.run(query, hypothesisId),
      addTokens: (count) => this.budget.addTokens(count),
      remainingTokens: () => this.budget.remainingTokens(),
      record: (event) => this.recordReasoning(event),
    };
  }

  private async recordReasoning(event: ReasonerEvent): Promise<void> {
    if (event.type === 'model-called') this.ledger.callMade(event);
    else if (event.type === 'reasoner-fallback') this.ledger.fellBack(event);
    else this.ledger.dropped(event);
    await this.emit(event);
  }

  private async loadCatalog(around: TimeRange): Promise<SourceCatalog> {
    // The catalog may index a whole recorded bundle first: it gets the time left before the deadline.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Math.max(1, this.budget.remainingMs()));
    try {
      const catalog = await this.source.catalog({ around, signal: deadline.signal });
      for (const { sourceId, message } of catalog.unavailable ?? []) this.telemetryProblems.push(`${sourceId}: ${message}`);
      this.dataGaps.push(...(catalog.dataGaps ?? []));
      return catalog;
    } catch (error) {
      this.telemetryProblems.push(`${this.source.id}: ${errorMessage(error)}`);
      this.dataGaps.push(`the telemetry catalog could not be read: ${errorMessage(error)}`);
      return { services: [], metrics: {}, hasLogs: false, hasSpans: false, hasEvents: false, hasTopology: false };
    } finally {
      clearTimeout(timer);
    }
  }

  private async loadTopology(window: TimeRange): Promise<TopologyResult | undefined> {
    const outcome = await this.runner.run({ name: 'topology', params: { range: window } }, null);
    if (outcome.data?.kind === 'topology' && outcome.data.origin !== 'none') return outcome.data;
    this.dataGaps.push('no service topology: propagation between services could not be checked');
    return undefined;
  }

  /** The topology of a resumed run, read again without journaling a second topology query. */
  private async reloadTopology(window: TimeRange): Promise<TopologyResult | undefined> {
    try {
      const outcome = await this.source.run(TelemetryQuerySchema.parse({ name: 'topology', params: { range: window } }), { signal: AbortSignal.timeout(Math.max(1, this.budget.remainingMs())) });
      if (outcome.evidence.status === 'ok' && outcome.data?.kind === 'topology' && outcome.data.origin !== 'none') return outcome.data;
    } catch {
      // As in a first run: without topology, propagation is not checked.
    }
    this.dataGaps.push('no service topology: propagation between services could not be checked');
    return undefined;
  }

  private defaultWindow(alert: Alert): TimeRange {
    const fired = Date.parse(alert.firedAt);
    return timeRange(fired - LOOKBACK_MS, Math.min(this.clock(), this.request.until ?? fired + LOOKAHEAD_MS));
  }

  private async emit(event: NewInvestigationEvent): Promise<void> {
    await this.request.record(event);
  }
}
