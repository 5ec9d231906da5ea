import type { BundleWriter } from './bundle-writer';
import type { ScenarioTimeline } from './scenario-timeline';
import type { SeededRandom } from './seeded-random';

/** What every generator receives: the scenario's random source, time frame and output. */
export interface SimulationContext {
  random: SeededRandom;
  timeline: ScenarioTimeline;
  writer: BundleWriter;
}
