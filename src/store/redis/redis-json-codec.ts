import type { z } from 'zod';
import { CausaError, InputError } from '../../core/errors';

/** "path: message" for each zod issue, to say exactly what is wrong with a value. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** Validates a value before it is written; an InputError names the bad fields. */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InputError(`invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * Parses and re-validates a JSON value read from Redis. A value that is not JSON or does not match
 * the schema (written by another version, or edited by hand) gives a CausaError naming the key.
 */
export function decodeStored<S extends z.ZodType>(schema: S, raw: string, key: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw corrupt(key, 'it is not valid JSON', error);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw corrupt(key, `it does not match the expected shape (${describeIssues(parsed.error)})`);
  return parsed.data;
}

function corrupt(key: string, reason: string, cause?: unknown): CausaError {
  return new CausaError(
    'store_value_corrupt',
    `Redis key ${key} holds a corrupt value: ${reason} — inspect it with redis-cli GET/LRANGE and delete or repair it`,
    { cause },
  );
}
