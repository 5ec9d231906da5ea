import { GLYPH_HEIGHT, textWidth } from './bitmap-font';
import type { ChartSpec } from './chart-spec';
import { Raster, type Rgb } from './raster';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 240;

const MARGIN = { left: 58, right: 12, top: 18, bottom: 22 };
const INK: Rgb = [60, 64, 72];
const GRID: Rgb = [228, 231, 236];
const BASELINE_FILL: Rgb = [120, 170, 120];
const REFERENCE: Rgb = [70, 140, 70];
const SERIES: Rgb[] = [[29, 99, 196], [140, 110, 190], [0, 150, 160], [200, 120, 40]];
const MARKERS: Record<'alert' | 'onset', Rgb> = { alert: [206, 40, 40], onset: [230, 130, 0] };

/**
 * Draws `spec` as a PNG line chart (640×240 by default): the series, the baseline period shaded
 * and labelled "normal" with its median dashed, the onset and the alert as vertical lines, value
 * ticks on the left and UTC clock times below. Pure JavaScript; no fonts or native libraries.
 */
export function renderLineChart(spec: ChartSpec, width = CHART_WIDTH, height = CHART_HEIGHT): Buffer {
  const raster = new Raster(width, height);
  const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const points = spec.series.flatMap((s) => s.timestamps.map((t, i) => [t, s.values[i]] as const)).filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  const times = [...points.map(([t]) => t), ...spec.markers.map((m) => m.at), ...(spec.baseline ? [spec.baseline.start, spec.baseline.end] : [])];
  const values = [...points.map(([, v]) => v), ...(spec.reference !== undefined && Number.isFinite(spec.reference) ? [spec.reference] : [])];
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const [v0, v1, ticks] = valueScale(values.length > 0 ? Math.min(0, ...values) : 0, values.length > 0 ? Math.max(...values) : 1);
  const x = (t: number): number => plot.x + ((t - t0) / (t1 - t0)) * plot.w;
  const y = (v: number): number => plot.y + plot.h - ((v - v0) / (v1 - v0)) * plot.h;

  for (const tick of ticks) {
    raster.line(plot.x, y(tick), plot.x + plot.w, y(tick), GRID);
    const label = valueLabel(tick, spec.unit);
    raster.text(plot.x - 6 - textWidth(label), y(tick) - GLYPH_HEIGHT / 2, label, INK);
  }
  for (const t of timeTicks(t0, t1)) {
    raster.line(x(t), plot.y + plot.h, x(t), plot.y + plot.h + 3, INK);
    const label = new Date(t * 1000).toISOString().slice(11, 16);
    raster.text(Math.min(width - textWidth(label) - 1, x(t) - textWidth(label) / 2), plot.y + plot.h + 7, label, INK);
  }
  if (spec.baseline) {
    const left = x(spec.baseline.start);
    raster.fillRect(left, plot.y, x(spec.baseline.end) - left, plot.h, BASELINE_FILL, 0.14);
    raster.text(left + 4, plot.y + 4, 'normal', REFERENCE);
  }
  if (spec.reference !== undefined && Number.isFinite(spec.reference)) raster.line(plot.x, y(spec.reference), plot.x + plot.w, y(spec.reference), REFERENCE, 1, [6, 4]);
  spec.series.forEach((series, index) => {
    const color = SERIES[index % SERIES.length];
    let previous: [number, number] | undefined;
    series.timestamps.forEach((t, i) => {
      const v = series.values[i];
      if (!Number.isFinite(t) || !Number.isFinite(v)) return void (previous = undefined);
      const point: [number, number] = [x(t), y(v)];
      if (previous) raster.line(previous[0], previous[1], point[0], point[1], color, index === 0 ? 2 : 1);
      else raster.plot(point[0], point[1], color);
      previous = point;
    });
  });
  const labelled: number[] = [];
  for (const marker of [...spec.markers].sort((a, b) => a.at - b.at)) {
    const mx = x(marker.at);
    raster.line(mx, plot.y, mx, plot.y + plot.h, MARKERS[marker.kind], 2, marker.kind === 'onset' ? [5, 3] : undefined);
    // Side by side when two markers are close: the later label goes right of its line.
    const close = labelled.some((other) => Math.abs(other - mx) < 40);
    const lx = close ? mx + 4 : mx - textWidth(marker.kind) - 4;
    raster.text(Math.max(plot.x + 2, Math.min(lx, plot.x + plot.w - textWidth(marker.kind))), MARGIN.top - GLYPH_HEIGHT - 4, marker.kind, MARKERS[marker.kind]);
    labelled.push(mx);
  }
  raster.line(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, INK);
  raster.line(plot.x, plot.y, plot.x, plot.y + plot.h, INK);
  return raster.toPng();
}

/** A value axis from `min` to `max` with 3–6 round ticks. */
export function valueScale(min: number, max: number): [number, number, number[]] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const low = Math.floor(min / step) * step;
  const high = Math.max(low + step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = low; v <= high + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return [low, high, ticks];
}

/** Clock-time ticks every 1, 2, 5, 10, 15, 30 or 60 minutes (or hours), about five of them. */
export function timeTicks(t0: number, t1: number): number[] {
  const steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const step = steps.find((s) => (t1 - t0) / s <= 6) ?? 86400;
  const ticks: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  return ticks;
}

/** A tick value in at most four significant characters and its unit: `0.25 s`, `1.5k`, `600 MB`. */
export function valueLabel(value: number, unit: string): string {
  if (unit === 'bytes') {
    const [scale, name] = ([[1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']] as const).find(([s]) => Math.abs(value) >= s) ?? [1, 'B'];
    return `${short(value / scale)} ${name}`;
  }
  const [scale, suffix] = ([[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const).find(([s]) => Math.abs(value) >= s) ?? [1, ''];
  const number = `${short(value / scale)}${suffix}`;
  if (unit === '%' || unit.startsWith('/')) return `${number}${unit}`;
  return unit && unit !== 'ratio' ? `${number} ${unit}` : number;
}

function short(value: number): string {
  return String(Number(value.toPrecision(3)));
}
