import type { FindingChartMaker } from '../../app/finding-charts';
import type { HypothesisView, ThreadView } from '../thread-view/thread-view-schema';
import type { ChartRef } from './finding-blocks';
import type { ThreadPoster } from './thread-poster';

/** Findings that deserve a chart: supported (or confirmed by a person) with a verdict to show. */
function charted(head: HypothesisView): boolean {
  return (head.state === 'supported' || head.state === 'confirmed') && head.verdict !== undefined && head.verdict.outcome === 'supported';
}

/**
 * The chart of a finding's message: drawn from the telemetry when the finding is first shown as
 * supported, uploaded without a message of its own (the finding's message shows it in an image
 * block), once per hypothesis whoever draws the thread. `cache` holds what this process knows
 * (null: no chart); a thread taken over finds the upload in its outbox.
 */
export async function findingChart(
  poster: ThreadPoster,
  view: ThreadView,
  head: HypothesisView,
  cache: Map<string, ChartRef | null>,
  maker: FindingChartMaker | undefined,
): Promise<ChartRef | undefined> {
  if (!maker || !view.window || !charted(head) || !head.verdict) return undefined;
  const cached = cache.get(head.id);
  if (cached !== undefined) return cached ?? undefined;
  const { verdict } = head;
  const window = view.window;
  const draw = async () => {
    const chart = await maker({
      investigationId: view.investigationId,
      hypothesisId: head.id,
      finding: verdict.finding,
      ...(verdict.onset !== undefined ? { onset: verdict.onset } : {}),
      ...(view.alertFiredAt ? { alertFiredAt: view.alertFiredAt } : {}),
      window,
      alertLabels: view.alertLabels,
      faultType: head.faultType,
      ...(head.subject.service ? { service: head.subject.service } : {}),
      ...(head.subject.instance ? { instance: head.subject.instance } : {}),
    });
    return chart ? { content: chart.png, filename: chart.fileName, title: chart.title, altText: chart.title } : undefined;
  };
  // A chart Slack refuses, or one skipped in a storm, leaves the finding without it.
  const file = await poster.uploadImage(draw, `chart:${head.id}`).catch(() => undefined);
  const ref = file ? { fileId: file.id, title: file.title ?? `${head.id} chart` } : null;
  cache.set(head.id, ref);
  return ref ?? undefined;
}
