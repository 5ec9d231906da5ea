import { PROPAGATION_KINDS, type Hypothesis, type HypothesisKind } from '../../core/investigation/hypothesis-schema';
import { HYPOTHESIS_CATALOG } from '../offline/hypothesis-catalog';
import type { HypothesisDraft, InvestigationContext } from '../../core/ports/reasoner';
import { draft } from '../offline/draft-builder';
import type { AnalyzerEvidence } from './analyzer-evidence';
import type { ProposalOutput } from './output-schemas';
import { clip } from './untrusted-data';

/** Below the offline reasoner's own suggestions: the model's ideas are tested after the analyzers' strongest leads. */
export const MODEL_PROPOSAL_PRIORITY = 0.2;

/** A proposal that was not used, and why. */
export interface RejectedProposal {
  claim: string;
  reason: string;
}

/**
 * Turns the model's suggestions into drafts the tree accepts, or rejects them: the service must
 * be one the telemetry knows, the idea must be new, and at least one cited id must be evidence
 * that passed the analyzers about that service and kind. The draft's statement is Causa's own
 * wording for the kind and subject (the model's words stay in the rationale, quoted), so no text
 * of the model's reaches a later prompt as anything but quoted data.
 */
export function checkProposals(
  output: ProposalOutput,
  context: InvestigationContext,
  planned: readonly HypothesisDraft[],
  evidence: AnalyzerEvidence,
  parent?: Hypothesis,
): { accepted: HypothesisDraft[]; rejected: RejectedProposal[] } {
  const callees = (service: string): string[] => (context.topology?.calls ?? []).filter((c) => c.from === service).map((c) => c.to);
  const services = new Map(context.catalog.services.map((s) => [s.toLowerCase(), s]));
  const taken = new Set([...planned, ...context.hypotheses()].map((d) => key(d.kind, d.subject.service)));
  const accepted: HypothesisDraft[] = [];
  const rejected: RejectedProposal[] = [];
  for (const proposal of output.hypotheses) {
    const claim = clip(`${proposal.kind} on ${proposal.service}: ${proposal.rationale}`, 200);
    const service = services.get(proposal.service.trim().toLowerCase());
    if (!service) {
      rejected.push({ claim, reason: 'the telemetry knows no such service' });
      continue;
    }
    if (taken.has(key(proposal.kind, service))) continue;
    if (parent && !linkedUnder(parent, proposal.kind, service, callees(parent.subject.service))) {
      rejected.push({ claim, reason: `no causal link the testers can judge leads from ${parent.kind} of ${parent.subject.service} (${parent.id}) to ${proposal.kind} of ${service}` });
      continue;
    }
    const backing = evidence.backing(proposal.kind, service, proposal.evidenceIds);
    if (backing.length === 0) {
      const cited = proposal.evidenceIds.length === 0 ? 'it cites no evidence' : `none of ${proposal.evidenceIds.slice(0, 5).join(', ')} is evidence the analyzers found about ${proposal.kind} on ${service}`;
      rejected.push({ claim, reason: `no evidence that passed the analyzers backs it: ${cited}` });
      continue;
    }
    taken.add(key(proposal.kind, service));
    const subject = proposal.component && proposal.kind === 'noisy-neighbour' ? { service, component: proposal.component } : { service };
    accepted.push(draft(proposal.kind, subject, MODEL_PROPOSAL_PRIORITY, `suggested by the language model, citing ${backing.join(', ')}: "${clip(proposal.rationale, 200)}"`));
  }
  return { accepted, rejected };
}

/**
 * A deeper cause must follow a causal link of the catalog: a kind the parent's kind lists as a
 * cause, in the parent's own service — or trouble propagating from one of the services it calls.
 * The testers judge a child against its parent; a link they do not model (a callee's traffic
 * surge "explaining" a caller's own slowness) would be judged on numbers that do not test it.
 */
function linkedUnder(parent: Hypothesis, kind: HypothesisKind, service: string, callees: readonly string[]): boolean {
  const listed = PROPAGATION_KINDS.has(parent.kind) || HYPOTHESIS_CATALOG[parent.kind].children.includes(kind);
  if (!listed) return false;
  if (PROPAGATION_KINDS.has(kind)) return callees.includes(service);
  return kind === 'noisy-neighbour' || service === parent.subject.service;
}

function key(kind: HypothesisKind, service: string): string {
  return `${kind}|${service.toLowerCase()}`;
}
