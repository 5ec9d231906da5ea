import type { Evidence } from '../../core/investigation/evidence-schema';
import type { NewInvestigationEvent } from '../../core/investigation/investigation-events';
import type { InvestigationStore } from '../../core/ports/investigation-store';
import type { TelemetrySource } from '../../core/ports/telemetry-source';
import type { ThreadAssistant, ThreadReplyOutcome, ThreadReplyRequest } from '../../core/ports/thread-assistant';
import { assistantTools } from './assistant-tools';
import { StandaloneLedger } from './call-ledger';
import { viewOfLog, type InvestigationRecordView } from './investigation-record';
import { ModelCallError } from './model-call-error';
import type { ModelGateway } from './model-gateway';
import { Redactor } from './redactor';
import { commandFrom, INTERPRET_SYSTEM, interpretPrompt, ReplyInterpretationSchema } from './reply-interpretation';
import { answerFromRecord } from './report-answer';
import { checkAnswer, modelAnswer } from './thread-answer';
import { clip } from './untrusted-data';

export interface LlmThreadAssistantOptions {
  gateway: ModelGateway;
  store: InvestigationStore;
  /** For read-only queries while answering; answers use the record only without it. */
  source?: TelemetrySource;
  /** Tokens one reply may spend (interpretation and answer together). */
  tokensPerReply?: number;
  maxQueriesPerAnswer?: number;
  queryTimeoutMs?: number;
  clock?: () => number;
}

/**
 * The thread assistant on a language model. A reply is first interpreted (question, a steering
 * request, or a note) and the interpretation is validated against the investigation: ids and
 * services must exist, times must be near the alert. A question is answered through LangChain tool
 * calling over the record and read-only telemetry queries; the answer is kept only when it cites
 * successful evidence, else the record answers. Model calls, their tokens, fallbacks and dropped
 * answers go into the investigation's audit log.
 */
export class LlmThreadAssistant implements ThreadAssistant {
  private readonly clock: () => number;

  constructor(private readonly options: LlmThreadAssistantOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async reply(request: ThreadReplyRequest): Promise<ThreadReplyOutcome> {
    const { gateway, store } = this.options;
    const view = viewOfLog(await store.events(request.investigationId));
    const redactor = new Redactor({ ...gateway.settings.redact, keep: view.services });
    const ledger = new StandaloneLedger(this.options.tokensPerReply ?? 4 * (gateway.settings.maxPromptTokens + gateway.settings.maxOutputTokens), (call) =>
      this.append(request.investigationId, { type: 'model-called', ...call }),
    );
    let meaning: ReturnType<typeof commandFrom>;
    try {
      const interpretation = await gateway.structured({ purpose: 'interpret-reply', system: INTERPRET_SYSTEM, user: interpretPrompt(request, view, redactor), schema: ReplyInterpretationSchema, schemaName: 'interpret_reply' }, ledger);
      meaning = commandFrom(interpretation, request, view);
    } catch (error) {
      await this.fellBack(request.investigationId, 'interpret-reply', error);
      // Without the model, a question mark still tells a question from a note.
      return /\?\s*$/.test(request.text) ? this.recordAnswer(request, view, true) : { kind: 'note' };
    }
    if (meaning === 'note') return { kind: 'note' };
    if (meaning !== 'question') return { kind: 'command', command: meaning };
    return this.answer(request, view, redactor, ledger);
  }

  private async answer(request: ThreadReplyRequest, view: InvestigationRecordView, redactor: Redactor, ledger: StandaloneLedger): Promise<ThreadReplyOutcome> {
    const { tools } = assistantTools({
      view,
      source: this.options.source,
      redactor,
      maxQueries: this.options.maxQueriesPerAnswer ?? 3,
      queryTimeoutMs: this.options.queryTimeoutMs ?? 15_000,
      recordQuery: (evidence) => this.recordQuery(request.investigationId, view, evidence),
    });
    let text: string | null;
    try {
      text = await modelAnswer(request.text, view, { gateway: this.options.gateway, ledger, tools, redactor });
    } catch (error) {
      await this.fellBack(request.investigationId, 'answer', error);
      return this.recordAnswer(request, view, true);
    }
    const checked = text === null ? { dropped: 'the model never answered in plain text' } : checkAnswer(text, view);
    if ('dropped' in checked) {
      await this.append(request.investigationId, { type: 'claim-dropped', stage: 'answer', claim: clip(text ?? '', 200), reason: checked.dropped });
      return this.recordAnswer(request, view, true);
    }
    // Causa's own chat output: emails and hosts come back, secrets stay redacted.
    return { kind: 'answer', text: redactor.restore(checked.text), evidenceIds: checked.evidenceIds, hypothesisIds: checked.hypothesisIds, fromReportOnly: false };
  }

  private recordAnswer(request: ThreadReplyRequest, view: InvestigationRecordView, fromReportOnly: boolean): ThreadReplyOutcome {
    const answer = answerFromRecord(request.text, view);
    return { kind: 'answer', ...answer, fromReportOnly };
  }

  private async recordQuery(investigationId: string, view: InvestigationRecordView, evidence: Omit<Evidence, 'id'> & { id?: string }): Promise<Evidence> {
    view.questionQueries += 1;
    const recorded: Evidence = { ...evidence, id: `Q${view.questionQueries}`, collectedAt: evidence.collectedAt ?? new Date(this.clock()).toISOString() };
    view.evidence.set(recorded.id, recorded);
    await this.append(investigationId, { type: 'query-finished', hypothesisId: null, evidence: recorded });
    return recorded;
  }

  private async fellBack(investigationId: string, stage: string, error: unknown): Promise<void> {
    const reason = error instanceof ModelCallError ? error.message : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
    await this.append(investigationId, { type: 'reasoner-fallback', stage, reason: clip(reason, 300) });
  }

  private async append(investigationId: string, event: NewInvestigationEvent): Promise<void> {
    await this.options.store.append(investigationId, event);
  }
}
