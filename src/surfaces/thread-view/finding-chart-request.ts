import type { FindingChartRequest } from '../../app/finding-charts';
import type { HypothesisView, ThreadView } from './thread-view-schema';

/**
 * What to chart for a hypothesis' finding, when it deserves a chart: supported (or confirmed by a
 * person) with a supported verdict, in a thread whose investigation window is known.
 */
export function findingChartRequest(view: ThreadView, head: HypothesisView): FindingChartRequest | undefined {
  const { verdict } = head;
  if (!view.window || !verdict || verdict.outcome !== 'supported' || (head.state !== 'supported' && head.state !== 'confirmed')) return undefined;
  return {
    investigationId: view.investigationId,
    hypothesisId: head.id,
    finding: verdict.finding,
    ...(verdict.onset !== undefined ? { onset: verdict.onset } : {}),
    ...(view.alertFiredAt ? { alertFiredAt: view.alertFiredAt } : {}),
    window: view.window,
    alertLabels: view.alertLabels,
    faultType: head.faultType,
    ...(head.subject.service ? { service: head.subject.service } : {}),
    ...(head.subject.instance ? { instance: head.subject.instance } : {}),
  };
}
