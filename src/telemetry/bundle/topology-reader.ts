import { z } from 'zod';
import { BundleError } from '../../core/errors';
import { schemaIssues } from './schema-issues';
import type { TopologyResult } from '../../core/telemetry/query-results';
import { readJsonDocument } from './bundle-file-reader';
import type { BundleLimits } from './bundle-limits';
import type { SpanIndex } from './span-index';

/** `topology.json`: services, caller→callee calls and an optional instance → node placement. */
export const BundleTopologySchema = z.looseObject({
  services: z.array(z.string().min(1)),
  calls: z.array(z.looseObject({ from: z.string().min(1), to: z.string().min(1) })).default([]),
  placement: z.record(z.string(), z.string()).optional(),
});
export type BundleTopology = z.infer<typeof BundleTopologySchema>;

/** Reads and validates `topology.json`; throws a BundleError naming the file (and line). */
export function readTopology(file: string, limits?: BundleLimits): BundleTopology {
  const parsed = BundleTopologySchema.safeParse(readJsonDocument(file, limits));
  if (!parsed.success) {
    const issues = schemaIssues(parsed.error.issues);
    throw new BundleError(file, `not a valid topology (${issues}); expected {"services": [...], "calls": [{"from", "to"}]}`);
  }
  return parsed.data;
}

/** The topology as recorded in the bundle. */
export function givenTopology(topology: BundleTopology): TopologyResult {
  const calls = topology.calls.map(({ from, to }) => ({ from, to }));
  const base: TopologyResult = { kind: 'topology', services: [...topology.services], calls, origin: 'given' };
  return topology.placement === undefined ? base : { ...base, placement: { ...topology.placement } };
}

/** Caller→callee pairs seen between different services in parent/child spans. */
export function derivedTopology(index: SpanIndex): TopologyResult {
  const pairs = new Set<number>();
  const width = index.serviceNames.length;
  for (let child = 0; child < index.count; child++) {
    const parent = index.parent[child];
    if (parent >= 0 && index.service[parent] !== index.service[child]) {
      pairs.add(index.service[parent] * width + index.service[child]);
    }
  }
  const calls = [...pairs]
    .map((pair) => ({ from: index.serviceNames[Math.floor(pair / width)], to: index.serviceNames[pair % width] }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { kind: 'topology', services: [...index.serviceNames].sort(), calls, origin: 'derived' };
}
