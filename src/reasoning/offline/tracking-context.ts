import type { EvidenceStatus } from '../../core/investigation/evidence-schema';
import type { InvestigationContext } from '../../core/ports/reasoner';

/** Wraps a context so a test knows which queries it ran and how they went. */
export function trackingContext(context: InvestigationContext): { context: InvestigationContext; ran: Array<{ id: string; status: EvidenceStatus }> } {
  const ran: Array<{ id: string; status: EvidenceStatus }> = [];
  const wrapped: InvestigationContext = Object.create(context, {
    query: {
      value: async (...args: Parameters<InvestigationContext['query']>) => {
        const outcome = await context.query(...args);
        ran.push({ id: outcome.evidence.id, status: outcome.evidence.status });
        return outcome;
      },
    },
  });
  return { context: wrapped, ran };
}
