import type { z } from 'zod';
import { ENV_VARIABLE_FOR_PATH } from './env-variables';
import { closestMatch, knownKeysAt } from './schema-keys';
import { redactSecrets } from './secret-redaction';

/** Where the values being validated came from, to say how to fix a problem. */
export interface ProblemContext {
  schema: z.ZodType;
  /** The merged raw input that was validated. */
  data: unknown;
  /** Printed config path → the environment variable that set it. */
  origins: ReadonlyMap<string, string>;
  /** The config file, when one was read. */
  file?: string;
}

/** Fixes that say more than "change the value", by path with indices written "[]". */
const HINTS: Record<string, string> = {
  'telemetry.sources[].dir': 'set CAUSA_BUNDLE_DIR to an incident bundle folder (one containing case.json)',
  'telemetry.sources[].url': 'give the base URL of the backend, e.g. http://prometheus:9090',
  'reasoner.type': 'set CAUSA_REASONER (or reasoner.type) to offline or llm',
  'store.type': 'set CAUSA_STORE (or store.type) to memory or redis',
};

/** "telemetry.sources[0].dir" from ['telemetry', 'sources', 0, 'dir']. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    data,
  );
}

function show(value: unknown): string {
  if (typeof value === 'string') {
    const text = redactSecrets(value);
    return `'${text.length > 80 ? `${text.slice(0, 77)}...` : text}'`;
  }
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

function originOf(printed: string, origins: ReadonlyMap<string, string>): string | undefined {
  let best: { key: string; name: string } | undefined;
  for (const [key, name] of origins) {
    const covers = printed === key || printed.startsWith(`${key}.`) || printed.startsWith(`${key}[`);
    if (covers && (!best || key.length > best.key.length)) best = { key, name };
  }
  return best?.name;
}

/** Turns zod issues into "path: what is wrong — how to fix it" lines, one per problem. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], context: ProblemContext): string[] {
  return issues.flatMap((issue) => formatIssue(issue, context));
}

function formatIssue(issue: z.core.$ZodIssue, context: ProblemContext): string[] {
  const printed = formatPath(issue.path);
  const origin = originOf(printed, context.origins);
  const label = `${printed || '(top level)'}${origin ? ` (from ${origin})` : ''}`;
  const normalized = printed.replace(/\[\d+\]/g, '[]');
  const value = valueAt(context.data, issue.path);
  const fileName = context.file ?? 'causa.yaml';
  const variable = ENV_VARIABLE_FOR_PATH[normalized];
  const change = origin ? `change ${origin}` : `fix ${printed} in ${fileName}${variable ? ` or set ${variable}` : ''}`;
  const fix = (suggestion?: string) =>
    [suggestion ? `did you mean '${suggestion}'?` : undefined, HINTS[normalized] ?? change].filter(Boolean).join(' ');

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(context.schema, issue.path, context.data);
      return issue.keys.map((key) => {
        const suggestion = closestMatch(key, known);
        const where = formatPath([...issue.path, key]);
        const remedy = suggestion ? `did you mean '${suggestion}'?` : `remove it (allowed here: ${known.join(', ')})`;
        return `${where}: unknown key in ${origin ?? fileName} — ${remedy}`;
      });
    }
    case 'invalid_type':
      return value === undefined
        ? [`${label}: is required — ${HINTS[normalized] ?? `add ${printed} to ${fileName}${variable ? ` or set ${variable}` : ''}`}`]
        : [`${label}: must be ${issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, got ${show(value)} — ${fix()}`];
    case 'too_big':
      return [`${label}: must be ${issue.inclusive === false ? 'below' : 'at most'} ${String(issue.maximum)}, got ${show(value)} — ${fix()}`];
    case 'too_small': {
      const what =
        issue.origin === 'string' && Number(issue.minimum) === 1
          ? 'must not be empty'
          : `must be ${issue.inclusive === false ? 'above' : 'at least'} ${String(issue.minimum)}, got ${show(value)}`;
      return [`${label}: ${what} — ${fix()}`];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const suggestion = typeof value === 'string' ? closestMatch(value, allowed) : undefined;
      return [`${label}: must be one of ${allowed.join(', ')}, got ${show(value)} — ${fix(suggestion)}`];
    }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
      if (discriminator && options.length > 0) {
        const suggestion = typeof value === 'string' ? closestMatch(value, options) : undefined;
        const what = value === undefined ? `${discriminator} is required` : `unknown ${discriminator} ${show(value)}`;
        return [`${label}: ${what}, expected one of ${options.join(', ')} — ${fix(suggestion)}`];
      }
      return [`${label}: ${redactSecrets(issue.message)} — ${fix()}`];
    }
    case 'invalid_format':
      return [`${label}: ${redactSecrets(issue.message)}, got ${show(value)} — ${fix()}`];
    case 'custom':
      return [`${label}: ${redactSecrets(issue.message)}`];
    default:
      return [`${label}: ${redactSecrets(issue.message)} — ${fix()}`];
  }
}
