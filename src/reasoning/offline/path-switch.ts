import type { ServiceFinding } from './service-finding';

/** Error lines that can stand in for a statement that stopped being written. */
const APPEARING = new Set<ServiceFinding['family']>(['log-errors', 'log-business-errors']);

/**
 * The statement that went silent in the operation where a new error line appeared. Together they
 * say the code took another path there: a check failed or an exception was caught, so the work the
 * silent statement logged no longer runs and the error line is written instead. They are one change
 * seen at two statements whose noise is independent, which is firmer evidence than either count
 * alone when the reference is small (a few executions of a rarely called operation).
 *
 * Only a line never written before counts as appearing, and only a statement of the same service
 * and operation as the other half.
 */
export function switchedFrom(appeared: ServiceFinding | undefined, pool: readonly ServiceFinding[]): ServiceFinding | undefined {
  if (!appeared || !APPEARING.has(appeared.family) || appeared.change !== 'appeared' || !appeared.operation) return undefined;
  return pool
    .filter((f) => f.family === 'log-vanished' && f.service === appeared.service && f.operation === appeared.operation && f.statement !== appeared.statement)
    .sort((a, b) => b.strength - a.strength)[0];
}

/** Two independent readings of one change: it is noise only if both are, each with its own chance. */
export function jointStrength(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}
