import { BundleError } from '../../core/errors';
import { float64Column, type GrowableArray } from './growable-array';
import { forEachLine } from './bundle-file-reader';
import { splitCsvLine } from './csv-line';
import { StringInterner } from './string-interner';

const COLUMNS = ['timestamp', 'service', 'instance', 'metric', 'value'] as const;

/** One stored series: interned labels and parallel ascending timestamp (unix s) / value arrays. */
export interface StoredSeries {
  service: string;
  instance: string;
  metric: string;
  timestamps: Float64Array;
  values: Float64Array;
}

/** Every metric series of a bundle in typed arrays, plus the time extent of the data. */
export interface MetricIndex {
  series: StoredSeries[];
  /** Earliest and latest timestamp, unix seconds. */
  minTs: number;
  maxTs: number;
  rows: number;
}

interface SeriesBuilder {
  service: string;
  instance: string;
  metric: string;
  timestamps: GrowableArray<Float64Array>;
  values: GrowableArray<Float64Array>;
  sorted: boolean;
}

/**
 * Builds the metric index in one streaming pass over `metrics.csv` (long format, header
 * `timestamp,service,instance,metric,value`, columns in any order). Empty and `NaN` values are
 * skipped (blank source values); any other malformed row fails with the file and line.
 */
export async function buildMetricIndex(file: string, signal?: AbortSignal): Promise<MetricIndex> {
  const strings = new StringInterner();
  const byKey = new Map<string, SeriesBuilder>();
  let positions: number[] | undefined;
  let rows = 0;
  let minTs = Infinity;
  let maxTs = -Infinity;
  await forEachLine(
    file,
    (text) => {
      if (text.trim() === '') return;
      const fields = splitCsvLine(text);
      if (!positions) return void (positions = headerPositions(fields));
      if (fields.length < COLUMNS.length) throw new Error(`expected ${COLUMNS.length} columns, found ${fields.length}`);
      const [tsAt, serviceAt, instanceAt, metricAt, valueAt] = positions;
      const rawValue = fields[valueAt].trim();
      if (rawValue === '' || rawValue.toLowerCase() === 'nan') return;
      const timestamp = Number(fields[tsAt]);
      const value = Number(rawValue);
      if (!Number.isFinite(timestamp) || fields[tsAt].trim() === '') throw new Error(`timestamp "${fields[tsAt]}" is not unix seconds`);
      if (!Number.isFinite(value)) throw new Error(`value "${rawValue}" is not a number`);
      const service = fields[serviceAt];
      const metric = fields[metricAt];
      if (service === '' || metric === '') throw new Error('service and metric must not be empty');
      const instance = fields[instanceAt];
      const key = `${service}\u0000${instance}\u0000${metric}`;
      let series = byKey.get(key);
      if (!series) {
        series = {
          service: strings.text(strings.intern(service)),
          instance: strings.text(strings.intern(instance)),
          metric: strings.text(strings.intern(metric)),
          timestamps: float64Column(16),
          values: float64Column(16),
          sorted: true,
        };
        byKey.set(key, series);
      }
      const count = series.timestamps.length;
      if (count > 0 && series.timestamps.get(count - 1) > timestamp) series.sorted = false;
      series.timestamps.push(timestamp);
      series.values.push(value);
      rows++;
      if (timestamp < minTs) minTs = timestamp;
      if (timestamp > maxTs) maxTs = timestamp;
    },
    signal,
  );
  if (!positions) throw new BundleError(file, `empty file; expected the header ${COLUMNS.join(',')}`, { line: 1 });
  return { series: [...byKey.values()].map(finishSeries), minTs, maxTs, rows };
}

function headerPositions(fields: string[]): number[] {
  const names = fields.map((field) => field.trim().toLowerCase());
  const positions = COLUMNS.map((column) => names.indexOf(column));
  const missing = COLUMNS.filter((_, i) => positions[i] < 0);
  if (missing.length > 0) {
    throw new Error(`header lacks column(s) ${missing.join(', ')}; expected ${COLUMNS.join(',')}`);
  }
  return positions;
}

function finishSeries(builder: SeriesBuilder): StoredSeries {
  const labels = { service: builder.service, instance: builder.instance, metric: builder.metric };
  const timestamps = builder.timestamps.toArray();
  const values = builder.values.toArray();
  if (builder.sorted) return { ...labels, timestamps, values };
  const order = Array.from(timestamps.keys()).sort((a, b) => timestamps[a] - timestamps[b]);
  return {
    ...labels,
    timestamps: Float64Array.from(order, (i) => timestamps[i]),
    values: Float64Array.from(order, (i) => values[i]),
  };
}
