import { z } from 'zod';

/** One line of a chart: unix-second timestamps and values, ascending in time. */
export const ChartSeriesSchema = z.object({
  label: z.string(),
  timestamps: z.array(z.number()),
  values: z.array(z.number()),
});
export type ChartSeries = z.infer<typeof ChartSeriesSchema>;

/** A moment a chart marks with a vertical line: when the alert fired, when the change began. */
export const ChartMarkerSchema = z.object({
  kind: z.enum(['alert', 'onset']),
  /** Unix seconds. */
  at: z.number(),
});
export type ChartMarker = z.infer<typeof ChartMarkerSchema>;

/**
 * What a chart shows: a key series against its reference (the fault-free period shaded and its
 * median as a dashed line), with the alert and the onset of the change marked. Surface-neutral:
 * Slack uploads the PNG, the Markdown report links the file beside it.
 */
export const ChartSpecSchema = z.object({
  /** Words for people (file title, alt text); never drawn into the image. */
  title: z.string(),
  /** Unit of the values (`s`, `%`, `bytes`, `/s`, '' for a count). */
  unit: z.string(),
  series: z.array(ChartSeriesSchema).min(1),
  /** The fault-free period, unix seconds, when known. */
  baseline: z.object({ start: z.number(), end: z.number() }).optional(),
  /** The normal level (median over the baseline), when known. */
  reference: z.number().optional(),
  markers: z.array(ChartMarkerSchema).default([]),
});
export type ChartSpec = z.infer<typeof ChartSpecSchema>;
