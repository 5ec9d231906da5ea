import { explainsByPropagation, type ServiceGraph } from '../analysis/topology-propagation';
import { FAILURE_KINDS, SLOWNESS_KINDS, SYMPTOM_KINDS, type Hypothesis } from './hypothesis-schema';

/**
 * Whether one hypothesis can explain another through the call graph. A callee's trouble explains
 * its caller's symptoms (slowness, errors), never the caller's own resource saturation, load or
 * changes; and a callee that only got slower does not explain its caller's failures.
 */
export function explainsThroughTopology(graph: ServiceGraph, cause: Hypothesis, effect: Hypothesis): boolean {
  const a = cause.subject.service;
  const b = effect.subject.service;
  if (FAILURE_KINDS.has(effect.kind) && SLOWNESS_KINDS.has(cause.kind)) return false;
  return SYMPTOM_KINDS.has(effect.kind) && a !== b && graph.has(a) && graph.has(b) && explainsByPropagation(graph, a, b);
}
