/**
 * The building blocks of Causa's scenario simulator, in one import: a seeded random source, the
 * bundle writer, metric / log / trace / alert generators and the scenario time frame.
 */
export { SeededRandom, seedFromString } from './seeded-random';
export { BundleWriter, type MetricRow, type SimulatedLog, type SimulatedSpan } from './bundle-writer';
export { createTimeline, isoMillis, isoNanos, isoSeconds, type ScenarioTimeline, type TimelineOptions } from './scenario-timeline';
export { addMetricSeries, addServiceMetrics, ramp, spike, step, type MetricEffect, type MetricSeriesSpec, type ServiceProfile } from './metric-series';
export { emitLogs, fixed, formatLogLine, writeLog, type LogFormat, type LogSource, type LogTemplate } from './log-lines';
export { generateTraces, type CallFault, type CallNode, type TraceFamily } from './trace-generator';
export { alertmanagerAlert, datadogAlert, grafanaAlert } from './alert-formats';
export { deploymentPods, statefulPods } from './pod-names';
export type { SimulationContext } from './simulation-context';
export type { ScenarioDefinition, ScenarioOutput } from './scenario-definition';
export { BundleCaseSchema, SCENARIO_SYSTEM, type BundleAlert, type BundleCase, type BundleEvent, type BundleTopology } from './bundle-case-schema';
