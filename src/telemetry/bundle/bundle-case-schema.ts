import { z } from 'zod';

const IsoInstantSchema = z.string().datetime({ offset: true });

/** A closed interval of a bundle's `case.json` (`window`, `baseline`). */
const CaseRangeSchema = z
  .object({ start: IsoInstantSchema, end: IsoInstantSchema })
  .refine((range) => Date.parse(range.start) <= Date.parse(range.end), {
    message: 'start must not be after end',
  });

/**
 * The `case.json` of an incident bundle: the alert as posted, the telemetry window and an optional
 * fault-free baseline. Lenient: unknown extra fields are kept, and `system` is any name (bundles
 * come from several recorders, including the project's own simulator).
 */
export const BundleCaseSchema = z.looseObject({
  id: z.string().min(1),
  system: z.string().min(1),
  alert: z.looseObject({
    source: z.string().min(1),
    title: z.string(),
    text: z.string(),
    firedAt: IsoInstantSchema,
    labels: z.record(z.string(), z.string()).default({}),
  }),
  window: CaseRangeSchema,
  baseline: CaseRangeSchema.nullable().default(null),
});
export type BundleCase = z.infer<typeof BundleCaseSchema>;
