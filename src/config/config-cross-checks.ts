import { ThresholdsSchema } from '../core/investigation/budget-schema';

/** A configuration problem found outside the per-field schema rules. */
export interface ConfigProblemAt {
  path: (string | number)[];
  /** "what is wrong — how to fix it". */
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that span several fields: unique source ids and refuteBelow ≤ supportAt. Accepts raw
 * (unvalidated) input so these problems are listed even when other fields are invalid; values
 * that are not yet of the right type are skipped (the schema reports those).
 */
export function crossFieldProblems(config: unknown): ConfigProblemAt[] {
  if (!isRecord(config)) return [];
  return [...duplicateSourceIds(config.telemetry), ...thresholdOrder(config.thresholds)];
}

function duplicateSourceIds(telemetry: unknown): ConfigProblemAt[] {
  if (!isRecord(telemetry) || !Array.isArray(telemetry.sources)) return [];
  const firstIndex = new Map<string, number>();
  const problems: ConfigProblemAt[] = [];
  telemetry.sources.forEach((source, index) => {
    if (!isRecord(source)) return;
    // A source without an id defaults to its type.
    const id = typeof source.id === 'string' ? source.id : typeof source.type === 'string' ? source.type : undefined;
    if (id === undefined) return;
    const first = firstIndex.get(id);
    if (first === undefined) {
      firstIndex.set(id, index);
      return;
    }
    problems.push({
      path: ['telemetry', 'sources', index, 'id'],
      message:
        `source id '${id}' is already used by telemetry.sources[${first}] — give each source a unique id ` +
        `(sources without an id default to their type, so two sources of one type need explicit ids)`,
    });
  });
  return problems;
}

function thresholdOrder(thresholds: unknown): ConfigProblemAt[] {
  const parsed = ThresholdsSchema.safeParse(thresholds ?? {});
  if (!parsed.success) return [];
  const { refuteBelow, supportAt } = parsed.data;
  if (refuteBelow <= supportAt) return [];
  return [
    {
      path: ['thresholds', 'refuteBelow'],
      message:
        `refuteBelow (${refuteBelow}) is above supportAt (${supportAt}) — set refuteBelow ≤ supportAt ` +
        `(CAUSA_REFUTE_BELOW ≤ CAUSA_SUPPORT_AT), e.g. 0.3 and 0.55`,
    },
  ];
}
