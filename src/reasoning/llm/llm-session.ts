import type { Hypothesis } from '../../core/investigation/hypothesis-schema';
import type { ReasonerSteering } from '../../core/investigation/steering-schema';
import type { HypothesisDraft, InvestigationContext, JudgementDraft, ReasonerSession } from '../../core/ports/reasoner';
import type { NarrativeSentence, Report } from '../../core/report/report-schema';
import type { OfflineSession } from '../offline/offline-reasoner';
import { AnalyzerEvidence } from './analyzer-evidence';
import { contextLedger } from './context-ledger';
import { hypothesisDigests, overviewDigests, type EvidenceDigest } from './evidence-digest';
import type { ModelGateway } from './model-gateway';
import { ModelCallError } from './model-call-error';
import { NARRATIVE_SYSTEM, narrativePrompt } from './narrative-prompt';
import { NarrativeOutputSchema, ProposalOutputSchema } from './output-schemas';
import { checkProposals } from './proposal-check';
import { PROPOSAL_SYSTEM, proposalPrompt, type ProposalFacts } from './proposal-prompt';
import type { Redactor } from './redactor';

/**
 * One investigation of the LLM reasoner. Tests, notes and steering are the offline session's;
 * proposals and decompositions are the offline ones plus what the model adds and the analyzers
 * back; the narrative is the model's, checked by the loop. Every model failure is recorded as a
 * fallback for its stage and costs the investigation nothing but the model's contribution.
 */
export class LlmSession implements ReasonerSession {
  constructor(
    private readonly offline: OfflineSession,
    private readonly gateway: ModelGateway,
    private readonly redactor: Redactor,
  ) {}

  async propose(context: InvestigationContext): Promise<HypothesisDraft[]> {
    const drafts = await this.offline.propose(context);
    const digests = overviewDigests(this.offline.analysis());
    return [...drafts, ...(await this.suggest('propose', context, drafts, digests))];
  }

  test(hypothesis: Hypothesis, context: InvestigationContext): Promise<JudgementDraft> {
    return this.offline.test(hypothesis, context);
  }

  async decompose(hypothesis: Hypothesis, context: InvestigationContext): Promise<HypothesisDraft[]> {
    const drafts = await this.offline.decompose(hypothesis, context);
    const callees = (context.topology?.calls ?? []).filter((c) => c.from === hypothesis.subject.service).map((c) => c.to);
    const digests = hypothesisDigests(hypothesis, this.offline.analysis(), callees);
    const all = context.hypotheses();
    const ancestors: Hypothesis[] = [];
    for (let parent = all.find((h) => h.id === hypothesis.parentId); parent; parent = all.find((h) => h.id === parent!.parentId)) ancestors.unshift(parent);
    return [...drafts, ...(await this.suggest('decompose', context, drafts, digests, { hypothesis, ancestors }))];
  }

  async interpretNote(note: string, context: InvestigationContext): Promise<HypothesisDraft[]> {
    return this.offline.interpretNote ? this.offline.interpretNote(note, context) : [];
  }

  async steer(request: ReasonerSteering, context: InvestigationContext): Promise<HypothesisDraft[]> {
    return this.offline.steer ? this.offline.steer(request, context) : [];
  }

  async narrate(report: Report, context: InvestigationContext): Promise<NarrativeSentence[]> {
    try {
      const output = await this.gateway.structured(
        { purpose: 'narrate', system: NARRATIVE_SYSTEM, user: narrativePrompt(report, this.redactor), schema: NarrativeOutputSchema, schemaName: 'write_narrative' },
        contextLedger(context),
      );
      // Causa's own output: emails and hosts come back, secrets stay redacted.
      return output.sentences.map((s) => ({ ...s, text: this.redactor.restore(s.text) }));
    } catch (error) {
      await this.fallBack('narrate', error, context);
      return [];
    }
  }

  /** Asks the model for hypotheses beyond `planned`; keeps those the analyzers' evidence backs. */
  private async suggest(stage: 'propose' | 'decompose', context: InvestigationContext, planned: HypothesisDraft[], digests: EvidenceDigest[], underTest?: ProposalFacts['underTest']): Promise<HypothesisDraft[]> {
    const facts: ProposalFacts = { alert: context.alert, services: context.catalog.services, planned: [...planned, ...context.hypotheses()].slice(0, 30), underTest, digests };
    const user = this.fitted(facts);
    try {
      const output = await this.gateway.structured({ purpose: stage, system: PROPOSAL_SYSTEM, user, schema: ProposalOutputSchema, schemaName: 'propose_hypotheses' }, contextLedger(context));
      const { accepted, rejected } = checkProposals(output, context, planned, new AnalyzerEvidence(this.offline.analysis(), context.hypotheses()), underTest?.hypothesis);
      for (const r of rejected) await context.record({ type: 'claim-dropped', stage, claim: r.claim, reason: r.reason });
      return accepted;
    } catch (error) {
      await this.fallBack(stage, error, context);
      return [];
    }
  }

  /** The prompt with as many digests as fit the per-call limit (the strongest first). */
  private fitted(facts: ProposalFacts): string {
    let digests = [...facts.digests];
    for (;;) {
      const user = proposalPrompt({ ...facts, digests }, this.redactor);
      if (digests.length === 0 || this.gateway.estimate({ system: PROPOSAL_SYSTEM, user, schema: ProposalOutputSchema }) <= this.gateway.settings.maxPromptTokens) return user;
      digests = digests.slice(0, -1);
    }
  }

  private async fallBack(stage: string, error: unknown, context: InvestigationContext): Promise<void> {
    const reason = error instanceof ModelCallError ? error.message : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
    await context.record({ type: 'reasoner-fallback', stage, reason: reason.slice(0, 300) });
  }
}
