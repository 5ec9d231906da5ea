import type { InvestigationContext, Reasoner, ReasonerSession } from '../../core/ports/reasoner';
import { OfflineReasoner } from '../offline/offline-reasoner';
import { LlmSession } from './llm-session';
import type { ModelGateway } from './model-gateway';
import { Redactor } from './redactor';

export interface LlmReasonerOptions {
  gateway: ModelGateway;
  /** The statistics every hypothesis is tested with; a new OfflineReasoner by default. */
  offline?: OfflineReasoner;
}

/**
 * The LLM reasoner: the offline reasoner with a language model beside it. The offline triage and
 * testers stay in charge — every hypothesis, the model's included, is tested by the same testers
 * and judged by the same computed confidence. The model adds hypotheses beyond the catalog's
 * reach (each must cite evidence that passed the analyzers) and writes the narrative (each
 * sentence checked against the verdicts). When the model fails or answers unusably, the step
 * falls back to the offline reasoner, which is recorded; so the investigation is never worse than
 * an offline one. What the model sees is bounded (digests, never raw query output), redacted, and
 * delivered as data.
 */
export class LlmReasoner implements Reasoner {
  readonly name = 'llm';
  private readonly offline: OfflineReasoner;

  constructor(private readonly options: LlmReasonerOptions) {
    this.offline = options.offline ?? new OfflineReasoner();
  }

  async begin(context: InvestigationContext): Promise<ReasonerSession> {
    const offline = await this.offline.begin(context);
    const { redact } = this.options.gateway.settings;
    const redactor = new Redactor({ ipAddresses: redact.ipAddresses, hostnames: redact.hostnames, keep: context.catalog.services });
    return new LlmSession(offline, this.options.gateway, redactor);
  }
}
