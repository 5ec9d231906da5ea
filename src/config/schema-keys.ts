import type { z } from 'zod';

/** The slice of zod's internal definition this walker reads. */
interface Definition {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

function definition(schema: z.ZodType): Definition {
  return (schema as unknown as { _zod: { def: Definition } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: z.ZodType, data: unknown): z.ZodType {
  let current = schema;
  for (;;) {
    const def = definition(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'union' && def.discriminator && def.options) {
      const tag = (data as Record<string, unknown> | undefined)?.[def.discriminator];
      const match = def.options.find((option) => {
        const field = definition(unwrap(option, undefined)).shape?.[def.discriminator as string];
        return field !== undefined && (definition(field).values ?? []).includes(tag);
      });
      if (!match) return current;
      current = match;
    } else return current;
  }
}

/**
 * The keys an object schema accepts at `path`, following discriminated unions by the value found
 * in `data`. Empty when the path does not lead to an object schema.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  let value = data;
  for (const segment of path) {
    if (!current) return [];
    const def = definition(unwrap(current, value));
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
    value = (value as Record<PropertyKey, unknown> | undefined)?.[segment as string];
  }
  if (!current) return [];
  const def = definition(unwrap(current, value));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Edit distance counting a swap of two neighbouring letters as one edit (typical typos). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate to a misspelt word, when one is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase().replace(/[-_]/g, '');
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase().replace(/[-_]/g, ''));
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.candidate : undefined;
}
