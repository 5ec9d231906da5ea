export { PrometheusSource, type PrometheusSourceOptions } from './prometheus-source';
export { exposeMetrics, guessShape, type ExposedMetric } from './metric-shapes';
export { metricRangePromQL } from './promql';
