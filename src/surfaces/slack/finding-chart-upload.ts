import type { FindingChartMaker } from '../../app/finding-charts';
import { findingChartRequest } from '../thread-view/finding-chart-request';
import type { HypothesisView, ThreadView } from '../thread-view/thread-view-schema';
import type { ChartRef } from './finding-blocks';
import type { ThreadPoster } from './thread-poster';

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
  const request = maker ? findingChartRequest(view, head) : undefined;
  if (!maker || !request) return undefined;
  const cached = cache.get(head.id);
  if (cached !== undefined) return cached ?? undefined;
  const draw = async () => {
    const chart = await maker(request);
    return chart ? { content: chart.png, filename: chart.fileName, title: chart.title, altText: chart.title } : undefined;
  };
  // A chart Slack refuses, or one skipped in a storm, leaves the finding without it.
  const file = await poster.uploadImage(draw, `chart:${head.id}`).catch(() => undefined);
  const ref = file ? { fileId: file.id, title: file.title ?? `${head.id} chart` } : null;
  cache.set(head.id, ref);
  return ref ?? undefined;
}
