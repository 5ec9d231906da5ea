import { HypothesisKindSchema } from '../../core/investigation/hypothesis-schema';
import { HYPOTHESIS_CATALOG } from '../offline/hypothesis-catalog';

/** The hypothesis kinds the testers know, one per line, as the model sees them. */
export function hypothesisKindsText(): string {
  return HypothesisKindSchema.options.map((kind) => `- ${kind}: ${HYPOTHESIS_CATALOG[kind].statement({ service: '<service>' })}`).join('\n');
}
