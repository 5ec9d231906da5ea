import type { InvestigationContext } from '../../core/ports/reasoner';
import type { CallLedger } from './call-ledger';

/** Model calls of an investigation spend its token budget and go into its audit log. */
export function contextLedger(context: InvestigationContext): CallLedger {
  return {
    remainingTokens: () => context.remainingTokens(),
    addTokens: (count) => context.addTokens(count),
    record: (call) => context.record({ type: 'model-called', ...call }),
  };
}
