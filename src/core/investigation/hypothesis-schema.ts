import { z } from 'zod';
import { CodeLocationSchema } from './code-location-schema';
import { FaultTypeSchema } from './fault-type-schema';

export const HypothesisStatusSchema = z.enum([
  'proposed',
  'testing',
  'supported',
  'refuted',
  'inconclusive',
  'confirmed',
  'vetoed',
]);
export type HypothesisStatus = z.infer<typeof HypothesisStatusSchema>;

/** Catalog of hypothesis kinds the reasoners know how to test. */
export const HypothesisKindSchema = z.enum([
  'cpu-saturation',
  'memory-exhaustion',
  'disk-saturation',
  'network-delay',
  'network-loss',
  'error-surge',
  'wrong-results',
  'downstream-latency',
  'downstream-errors',
  'traffic-surge',
  'deploy-change',
  'config-change',
  'crash-loop',
  'large-payloads',
  'consumer-lag',
  'broker-commit-latency',
  'connection-pool-saturation',
  'noisy-neighbour',
  'latency-injection',
  'service-anomaly',
]);
export type HypothesisKind = z.infer<typeof HypothesisKindSchema>;

/**
 * Kinds that describe what a service suffers (slowness, errors, failed work, lag) rather than a
 * mechanism behind it. A dependency's trouble can explain them in a caller; nothing explains a
 * caller's own saturation, load or changes that way.
 */
export const SYMPTOM_KINDS: ReadonlySet<HypothesisKind> = new Set<HypothesisKind>([
  'latency-injection',
  'error-surge',
  'wrong-results',
  'downstream-latency',
  'downstream-errors',
  'service-anomaly',
  'consumer-lag',
]);

/** Kinds that claim only that a (dependency) service's trouble reaches its callers; decomposed into that service's own causes. */
export const PROPAGATION_KINDS: ReadonlySet<HypothesisKind> = new Set<HypothesisKind>(['downstream-latency', 'downstream-errors', 'service-anomaly']);

/** Kinds that claim a service fails or skips work (errors, wrong results), as opposed to being slow. */
export const FAILURE_KINDS: ReadonlySet<HypothesisKind> = new Set<HypothesisKind>(['error-surge', 'wrong-results', 'downstream-errors']);

/**
 * Kinds that claim only that a service got slower. Slowness explains slowness; it does not explain
 * a caller's errors or the work it stopped doing (a timeout would show as the caller's own errors).
 */
export const SLOWNESS_KINDS: ReadonlySet<HypothesisKind> = new Set<HypothesisKind>([
  'latency-injection',
  'network-delay',
  'downstream-latency',
  'cpu-saturation',
  'disk-saturation',
  'broker-commit-latency',
]);

/**
 * Kinds whose evidence is a change event (a deploy, a configuration change) that precedes the
 * anomaly of the same service: they name the origin of that anomaly rather than a second one.
 */
export const CHANGE_KINDS: ReadonlySet<HypothesisKind> = new Set<HypothesisKind>(['deploy-change', 'config-change']);

/** What a hypothesis is about. */
export const HypothesisSubjectSchema = z.object({
  service: z.string().min(1),
  /** Instance / pod / container, when the hypothesis is that specific. */
  instance: z.string().min(1).optional(),
  /** A component inside the service or a peer: a topic, a table, a callee, a node. */
  component: z.string().min(1).optional(),
});
export type HypothesisSubject = z.infer<typeof HypothesisSubjectSchema>;

/** One node of the hypothesis tree. Ids are hierarchical: H2, H2.1, H2.1.3. */
export const HypothesisSchema = z.object({
  id: z.string().regex(/^H\d+(\.\d+)*$/),
  parentId: z.string().nullable(),
  statement: z.string().min(1),
  kind: HypothesisKindSchema,
  subject: HypothesisSubjectSchema,
  faultType: FaultTypeSchema,
  status: HypothesisStatusSchema,
  /** 0..1, higher is tested first. */
  priority: z.number().min(0).max(1),
  depth: z.number().int().nonnegative(),
  evidenceIds: z.array(z.string()),
  children: z.array(z.string()),
  /** Why it was proposed (a triage finding, a parent's evidence, a human note). */
  rationale: z.string().default(''),
  /** Set once judged: the computed confidence that this node holds, 0..1. */
  confidence: z.number().min(0).max(1).optional(),
  /** Set once judged: the one-line reason for the verdict. */
  finding: z.string().optional(),
  /** Set once judged: size of the strongest supporting change (robust z), when measured. */
  magnitude: z.number().nonnegative().optional(),
  /** Set once judged: where in the code the fault sits, for code-level findings. */
  location: CodeLocationSchema.optional(),
  /** A person asked for it (a note, a focus, a request in chat): it is tested before the reasoner's own ideas. */
  requested: z.boolean().optional(),
});
export type Hypothesis = z.infer<typeof HypothesisSchema>;
