import type { HypothesisKind } from '../../core/investigation/hypothesis-schema';
import type { HypothesisDraft, InvestigationContext } from '../../core/ports/reasoner';
import { draft } from './draft-builder';
import type { SessionState } from './session-state';

const KEYWORDS: Array<[RegExp, HypothesisKind]> = [
  [/\bcpu|throttl/i, 'cpu-saturation'],
  [/\bmemory|\boom\b|heap/i, 'memory-exhaustion'],
  [/\bdisk|\bi\/?o\b|iops/i, 'disk-saturation'],
  [/network|latency between|packet|dns/i, 'network-delay'],
  [/deploy|release|rollout|version/i, 'deploy-change'],
  [/config|flag|setting/i, 'config-change'],
  [/pool|connections?\b/i, 'connection-pool-saturation'],
  [/exception|error|bug|stack ?trace/i, 'error-surge'],
  [/traffic|load|surge|spike in requests/i, 'traffic-surge'],
  [/payload|large request|big request/i, 'large-payloads'],
  [/restart|crash/i, 'crash-loop'],
  [/\blag\b|consumer/i, 'consumer-lag'],
  [/commit/i, 'broker-commit-latency'],
];
const DATABASE_WORDS = /\b(database|db|sql|mysql|postgres|mongo|dynamo|redis|cassandra)\b/i;
const DATABASE_NAMES = /db|database|sql|postgres|mongo|dynamo|redis|cassandra|rds/i;

/**
 * Turns a human steering note ("look at the database", "check payment-service CPU") into
 * hypotheses: services named in the note (or, for "the database", services that look like one)
 * and the kind of problem the note's words point at.
 */
export function interpretNote(note: string, context: InvestigationContext, state: SessionState): HypothesisDraft[] {
  const lower = note.toLowerCase();
  let services = context.catalog.services.filter((s) => lower.includes(s.toLowerCase()));
  if (services.length === 0 && DATABASE_WORDS.test(note)) services = context.catalog.services.filter((s) => DATABASE_NAMES.test(s));
  if (services.length === 0 && state.triage.symptomService) services = [state.triage.symptomService];
  const kinds = KEYWORDS.filter(([pattern]) => pattern.test(note)).map(([, kind]) => kind);
  const rationale = `suggested by a human note: "${note}"`;
  return services.slice(0, 3).flatMap((service) => {
    if (kinds.length === 0 || (DATABASE_WORDS.test(note) && kinds.every((k) => k === 'connection-pool-saturation'))) {
      const kind: HypothesisKind = service === state.triage.symptomService ? 'service-anomaly' : 'downstream-latency';
      return [draft(kind, { service }, 0.95, rationale)];
    }
    return kinds.map((kind) => draft(kind, { service }, 0.95, rationale));
  });
}
