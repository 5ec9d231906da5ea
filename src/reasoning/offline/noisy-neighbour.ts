import type { Triage } from './triage';

/**
 * The service whose instance shares a node with `service` and shows the strongest CPU anomaly,
 * when the topology records placement (instance → node).
 */
export function neighbourOf(service: string, triage: Triage, instance?: string): string | undefined {
  const nodes = triage.placement;
  if (!nodes) return undefined;
  const mine = Object.entries(nodes).filter(([name]) => (instance ? name === instance : instanceOf(name, service, triage)));
  const myNodes = new Set(mine.map(([, node]) => node));
  if (myNodes.size === 0) return undefined;
  const candidates = triage.findings
    .filter((f) => f.service !== service && (f.family === 'cpu' || f.family === 'memory' || f.family === 'disk') && f.instance && myNodes.has(nodes[f.instance]))
    .sort((a, b) => b.strength - a.strength);
  return candidates[0]?.service;
}

function instanceOf(instance: string, service: string, triage: Triage): boolean {
  return triage.findings.some((f) => f.service === service && f.instance === instance) || instance.startsWith(`${service}-`) || instance === service;
}
