import { z } from 'zod';

/** Fault-type vocabulary shared with the benchmark predictions format. */
export const FaultTypeSchema = z.enum([
  'cpu',
  'memory',
  'disk',
  'network-delay',
  'network-loss',
  'exception',
  'wrong-return',
  'overload',
  'latency-injection',
  'misconfiguration',
  'unknown',
]);
export type FaultType = z.infer<typeof FaultTypeSchema>;
