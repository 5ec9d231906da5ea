import type { BundleAlert, BundleTopology } from './bundle-case-schema';
import type { ScenarioAnswer } from './scenario-schema';
import type { TimelineOptions } from './scenario-timeline';
import type { SimulationContext } from './simulation-context';

/** What a scenario's generator hands back besides the records it wrote. */
export interface ScenarioOutput {
  alert: BundleAlert;
  /** instance → node, for scenarios where co-location matters. */
  placement?: Record<string, string>;
}

/**
 * One built-in scenario: its story, its time frame, its known answer and the generator that
 * writes its telemetry. `build` adds every record to `ctx.writer` and returns the alert, whose
 * quoted values it reads back from the generated metrics (alerts quote the telemetry).
 */
export interface ScenarioDefinition {
  id: string;
  title: string;
  description: string;
  /** Window start, a whole-second UTC instant; fixed so output is reproducible. */
  startsAt: string;
  timeline?: TimelineOptions;
  answer: Omit<ScenarioAnswer, 'id'>;
  /** Services and calls; the placement of instances on nodes, when any, comes from `build`. */
  topology: Omit<BundleTopology, 'placement'>;
  build: (ctx: SimulationContext) => ScenarioOutput;
}
