import { BundleError } from '../../core/errors';
import { float64Column, type GrowableArray } from './growable-array';
import { splitCsvLine } from './csv-line';
import { checkRecordTime, readIndexLines, type IndexBuildOptions } from './index-build-options';
import { MetricTimeReader } from './metric-time';
import { ReadNotes } from './read-notes';
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
  /** Over-long lines skipped and rows dated far outside the case. */
  notes: ReadNotes;
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
 * `timestamp,service,instance,metric,value`, columns in any order; timestamps in unix seconds,
 * milliseconds, microseconds or nanoseconds, or ISO 8601). Empty and `NaN` values are skipped
 * (blank source values); any other malformed row fails with the file and line.
 */
export async function buildMetricIndex(file: string, options: IndexBuildOptions = {}): Promise<MetricIndex> {
  const notes = new ReadNotes();
  const times = new MetricTimeReader();
  const strings = new StringInterner();
  const byKey = new Map<string, SeriesBuilder>();
  let positions: number[] | undefined;
  let rows = 0;
  let minTs = Infinity;
  let maxTs = -Infinity;
  await readIndexLines(file, options, notes, (text, line) => {
    if (text.trim() === '') return;
    const fields = splitCsvLine(text);
    if (!positions) return void (positions = headerPositions(fields));
    const [tsAt, serviceAt, instanceAt, metricAt, valueAt] = positions;
    const needed = Math.max(...positions) + 1;
    if (fields.length < needed) throw new Error(`expected ${needed} columns, found ${fields.length}`);
    const rawValue = fields[valueAt].trim();
    if (rawValue === '' || rawValue.toLowerCase() === 'nan') return;
    const timestamp = times.read(fields[tsAt], line);
    const value = Number(rawValue);
    if (!Number.isFinite(value)) throw new Error(`value "${rawValue.slice(0, 80)}" is not a number`);
    checkRecordTime(options, notes, line, timestamp * 1000);
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
  });
  if (!positions) throw new BundleError(file, `empty file; expected the header ${COLUMNS.join(',')}`, { line: 1 });
  return { series: [...byKey.values()].map(finishSeries), minTs, maxTs, rows, notes };
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
