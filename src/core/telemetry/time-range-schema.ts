import { z } from 'zod';

/** A closed time interval, ISO 8601 UTC on the wire. */
export const TimeRangeSchema = z
  .object({
    start: z.string().datetime({ offset: true }),
    end: z.string().datetime({ offset: true }),
  })
  .refine((range) => Date.parse(range.start) <= Date.parse(range.end), {
    message: 'time range start must not be after its end',
  });
export type TimeRange = z.infer<typeof TimeRangeSchema>;

export function timeRange(startMs: number, endMs: number): TimeRange {
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

export function rangeMs(range: TimeRange): { startMs: number; endMs: number } {
  return { startMs: Date.parse(range.start), endMs: Date.parse(range.end) };
}
