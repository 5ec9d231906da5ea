import { CausaError } from '../core/errors';
import { SCENARIO_SYSTEM, type BundleCase } from './bundle-case-schema';
import { BundleWriter, writeBundleFiles } from './bundle-writer';
import type { ScenarioDefinition } from './scenario-definition';
import { ScenarioAnswerSchema, type ScenarioAnswer } from './scenario-schema';
import { createTimeline, isoSeconds } from './scenario-timeline';
import { SeededRandom, seedFromString } from './seeded-random';
import { kafkaConsumerLagScenario } from './scenario-kafka-consumer-lag';
import { oomCrashLoopScenario } from './scenario-oom-crashloop-large-payloads';
import { deployRegressionScenario } from './scenario-deploy-regression';
import { dbPoolExhaustionScenario } from './scenario-db-pool-exhaustion';
import { noisyNeighbourScenario } from './scenario-noisy-neighbour';
import { networkDelayScenario } from './scenario-network-delay';
import { dependencyErrorsScenario } from './scenario-dependency-errors';
import { trafficSurgeScenario } from './scenario-traffic-surge';
import { silencedCodePathScenario } from './scenario-silenced-code-path';
import { grpcLinkDelayScenario } from './scenario-grpc-link-delay';
import { grpcLoglessExceptionScenario } from './scenario-grpc-logless-exception';
import { grpcWrongAnswerScenario } from './scenario-grpc-wrong-answer';

/**
 * Causa's built-in scenarios: small, deterministic incident bundles (same format as the
 * benchmark's, `system` = `causa-scenarios`) with a known answer. They power `causa demo`, serve
 * as fixtures for investigator tests, and document what Causa can diagnose.
 *
 * Conventions of the answers:
 * - `chain[0]` is the alerting service's condition, the last link is the root cause.
 * - A network-delay fault belongs to the service whose inbound network is degraded (the callee),
 *   as in the benchmark; a traffic surge belongs to the service that saturates (`overload`).
 */
const SCENARIOS: readonly ScenarioDefinition[] = [
  kafkaConsumerLagScenario,
  oomCrashLoopScenario,
  deployRegressionScenario,
  dbPoolExhaustionScenario,
  noisyNeighbourScenario,
  networkDelayScenario,
  dependencyErrorsScenario,
  trafficSurgeScenario,
  silencedCodePathScenario,
  grpcLinkDelayScenario,
  grpcLoglessExceptionScenario,
  grpcWrongAnswerScenario,
];

/** A scenario as `causa demo` lists it. */
export interface ScenarioSummary {
  id: string;
  title: string;
  description: string;
}

/** Every built-in scenario, in a stable order. */
export function listScenarios(): ScenarioSummary[] {
  return SCENARIOS.map(({ id, title, description }) => ({ id, title, description }));
}

/** The known answer of a scenario. Throws a CausaError listing the valid ids for an unknown id. */
export function answerOf(id: string): ScenarioAnswer {
  const definition = definitionOf(id);
  return ScenarioAnswerSchema.parse({ id: definition.id, ...definition.answer });
}

/**
 * Another draw of the same incident: `seed` changes the noise, pod names, request timings and
 * fault sizes within each scenario's ranges, never the fault or its answer.
 */
export interface ScenarioVariant {
  seed?: number;
}

/**
 * Generates a scenario in memory: the bundle's files by name, and the answer. Deterministic: the
 * same id (and seed) always yields the same bytes; without a seed, the scenario's own draw.
 */
export function renderScenario(id: string, variant: ScenarioVariant = {}): { files: Record<string, string>; answer: ScenarioAnswer } {
  const definition = definitionOf(id);
  const timeline = createTimeline(definition.startsAt, definition.timeline);
  const writer = new BundleWriter(timeline);
  const seed = variant.seed === undefined ? seedFromString(definition.id) : seedFromString(`${definition.id}#${variant.seed}`);
  const output = definition.build({ random: new SeededRandom(seed), timeline, writer });
  writer.setTopology({ ...definition.topology, ...(output.placement === undefined ? {} : { placement: output.placement }) });
  const caseFile: BundleCase = {
    id: definition.id,
    system: SCENARIO_SYSTEM,
    alert: output.alert,
    window: { start: isoSeconds(timeline.start), end: isoSeconds(timeline.end) },
    baseline: { start: isoSeconds(timeline.baseline.start), end: isoSeconds(timeline.baseline.end) },
  };
  return { files: writer.render(caseFile), answer: answerOf(id) };
}

/**
 * Writes scenario `id` as an incident bundle into `dir` (created when missing) and returns its
 * answer. case.json's `id` is the scenario id; name `dir` after it for readers that check.
 */
export async function writeScenario(id: string, dir: string, variant: ScenarioVariant = {}): Promise<ScenarioAnswer> {
  const { files, answer } = renderScenario(id, variant);
  await writeBundleFiles(dir, files);
  return answer;
}

function definitionOf(id: string): ScenarioDefinition {
  const definition = SCENARIOS.find((s) => s.id === id);
  if (definition === undefined) {
    throw new CausaError('scenario_unknown', `Unknown scenario "${id}". Valid scenario ids: ${SCENARIOS.map((s) => s.id).join(', ')}.`);
  }
  return definition;
}
