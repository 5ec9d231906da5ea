import * as path from 'node:path';
import { redactSecrets } from './secret-redaction';
import { DIRECT_ENV_VARIABLES, type EnvVariable } from './env-variables';

type Raw = Record<string, unknown>;

/** File data with the environment applied on top. */
export interface EnvOverlay {
  data: Raw;
  /** Variables whose values cannot be used at all (e.g. not a number). */
  problems: string[];
  /** Config path (as printed, e.g. "telemetry.sources[0]") → the variable that set it. */
  origins: Map<string, string>;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A variable's trimmed value; empty counts as unset (as in most .env files). */
function read(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * A numeric variable that is set but blank is a mistake (a template left unfilled), not a choice
 * of the default: say so rather than fall back silently.
 */
function blankNumber(env: Record<string, string | undefined>, variable: EnvVariable): string | undefined {
  if (variable.kind !== 'integer' && variable.kind !== 'number') return undefined;
  const value = env[variable.name];
  if (value === undefined || value.trim() !== '') return undefined;
  const example = variable.example ? ` such as ${variable.example}` : '';
  return `${variable.name} is set but empty — set it to a ${variable.kind === 'integer' ? 'whole number' : 'number'}${example}, or unset it to use the default`;
}

/** Sets a dotted path, creating missing sections; leaves non-object sections for the schema to report. */
function setPath(data: Raw, dotted: string, value: unknown): boolean {
  const keys = dotted.split('.');
  let node = data;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null) node[key] = {};
    const next = node[key];
    if (!isRecord(next)) return false;
    node = next;
  }
  node[keys[keys.length - 1]] = value;
  return true;
}

function convert(variable: EnvVariable, value: string): { value: unknown } | { problem: string } {
  const shown = `'${redactSecrets(value)}'`;
  const example = variable.example ? ` such as ${variable.example}` : '';
  switch (variable.kind) {
    case 'integer':
      return /^[+-]?\d+$/.test(value)
        ? { value: Number(value) }
        : { problem: `${variable.name}: ${shown} is not a whole number — set ${variable.name} to an integer${example}, or unset it` };
    case 'number':
      return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)
        ? { value: Number(value) }
        : { problem: `${variable.name}: ${shown} is not a number — set ${variable.name} to a decimal number${example}, or unset it` };
    case 'list':
      return { value: value.split(',').map((item) => item.trim()).filter(Boolean) };
    case 'integer-list': {
      const items = value.split(',').map((item) => item.trim()).filter(Boolean);
      return items.every((item) => /^\d+$/.test(item))
        ? { value: items.map(Number) }
        : { problem: `${variable.name}: ${shown} is not a comma-separated list of whole numbers — set ${variable.name} to e.g. ${variable.example ?? '1,2'}, or unset it` };
    }
    case 'lowercase':
      return { value: value.toLowerCase() };
    default:
      return { value };
  }
}

/** Adds the source, or replaces the configured one with its id (or, without ids, its type). */
function upsertSource(data: Raw, origins: Map<string, string>, source: { type: string; id: string } & Record<string, unknown>, name: string): void {
  if (data.telemetry === undefined || data.telemetry === null) data.telemetry = {};
  const telemetry = data.telemetry;
  if (!isRecord(telemetry)) return;
  if (telemetry.sources === undefined || telemetry.sources === null) telemetry.sources = [];
  if (!Array.isArray(telemetry.sources)) return;
  const sources = telemetry.sources as unknown[];
  const existing = sources.findIndex((entry) => isRecord(entry) && (entry.id === source.id || (entry.id === undefined && entry.type === source.type)));
  const index = existing >= 0 ? existing : sources.length;
  sources[index] = existing >= 0 && isRecord(sources[index]) && sources[index].type === source.type ? { ...sources[index], ...source } : source;
  origins.set(`telemetry.sources[${index}]`, name);
}

/**
 * Applies environment variables over the (already parsed) file data; the environment wins.
 * Special rules:
 * - CAUSA_BUNDLE_DIR adds, or replaces, the bundle source with id 'bundle' (relative to `cwd`).
 * - CAUSA_PROMETHEUS_URL adds the Prometheus source with id 'prometheus', or sets the URL of the
 *   configured one (keeping its labels and headers).
 * - CAUSA_REASONER / CAUSA_STORE switch the variant; fields of another explicit variant are dropped,
 *   the fields of a section that names no type are kept.
 * - CAUSA_LLM_BASE_URL / CAUSA_LLM_MODEL apply to an llm reasoner, and select it when no
 *   reasoner is configured; an explicitly offline reasoner ignores them.
 * - REDIS_URL applies only when the store is redis (it never selects redis by itself).
 * - CAUSA_STEERERS (comma-separated user ids) switches steering to allowlist mode.
 * - CAUSA_TEAMS_STEERERS (comma-separated Entra object ids) does the same for Teams.
 * - PORT sets the HTTP server's port.
 */
export function applyEnvironment(fileData: Raw, env: Record<string, string | undefined>, cwd: string): EnvOverlay {
  const data = structuredClone(fileData);
  const problems: string[] = [];
  const origins = new Map<string, string>();
  const set = (dotted: string, value: unknown, name: string) => {
    if (setPath(data, dotted, value)) origins.set(dotted, name);
  };

  for (const variable of DIRECT_ENV_VARIABLES) {
    const value = read(env, variable.name);
    const blank = blankNumber(env, variable);
    if (blank) problems.push(blank);
    if (value === undefined) continue;
    const converted = convert(variable, value);
    if ('problem' in converted) problems.push(converted.problem);
    else set(variable.path, converted.value, variable.name);
  }

  const bundleDir = read(env, 'CAUSA_BUNDLE_DIR');
  if (bundleDir !== undefined) upsertSource(data, origins, { type: 'bundle', id: 'bundle', dir: path.resolve(cwd, bundleDir) }, 'CAUSA_BUNDLE_DIR');
  const prometheusUrl = read(env, 'CAUSA_PROMETHEUS_URL');
  if (prometheusUrl !== undefined) upsertSource(data, origins, { type: 'prometheus', id: 'prometheus', url: prometheusUrl }, 'CAUSA_PROMETHEUS_URL');

  applyVariant(data, origins, 'reasoner', read(env, 'CAUSA_REASONER'), 'CAUSA_REASONER');
  const baseUrl = read(env, 'CAUSA_LLM_BASE_URL');
  const model = read(env, 'CAUSA_LLM_MODEL');
  if (baseUrl !== undefined || model !== undefined) {
    if (data.reasoner === undefined || data.reasoner === null) data.reasoner = { type: 'llm' };
    if (isRecord(data.reasoner) && data.reasoner.type === 'llm') {
      if (baseUrl !== undefined) set('reasoner.baseUrl', baseUrl, 'CAUSA_LLM_BASE_URL');
      if (model !== undefined) set('reasoner.model', model, 'CAUSA_LLM_MODEL');
    }
  }

  applyVariant(data, origins, 'store', read(env, 'CAUSA_STORE'), 'CAUSA_STORE');
  const redisUrl = read(env, 'REDIS_URL');
  if (redisUrl !== undefined && isRecord(data.store) && data.store.type === 'redis') {
    set('store.url', redisUrl, 'REDIS_URL');
  }

  const steerers = read(env, 'CAUSA_STEERERS');
  if (steerers !== undefined) {
    const users = steerers.split(',').map((user) => user.trim()).filter(Boolean);
    set('slack.steerers.mode', 'allowlist', 'CAUSA_STEERERS');
    set('slack.steerers.users', users, 'CAUSA_STEERERS');
  }

  const teamsSteerers = read(env, 'CAUSA_TEAMS_STEERERS');
  if (teamsSteerers !== undefined) {
    const users = teamsSteerers.split(',').map((user) => user.trim()).filter(Boolean);
    set('teams.steerers.mode', 'allowlist', 'CAUSA_TEAMS_STEERERS');
    set('teams.steerers.users', users, 'CAUSA_TEAMS_STEERERS');
  }

  const portVariable: EnvVariable = { name: 'PORT', path: 'server.port', kind: 'integer', example: '3000' };
  const blankPort = blankNumber(env, portVariable);
  if (blankPort) problems.push(blankPort);
  const port = read(env, 'PORT');
  if (port !== undefined) {
    const converted = convert(portVariable, port);
    if ('problem' in converted) problems.push(converted.problem);
    else set('server.port', converted.value, 'PORT');
  }

  return { data, problems, origins };
}

/** Sets a discriminated section's `type`, dropping the other variant's fields when it changes. */
function applyVariant(data: Raw, origins: Map<string, string>, section: string, value: string | undefined, name: string): void {
  if (value === undefined) return;
  const type = value.toLowerCase();
  const current = data[section];
  if (isRecord(current) && current.type === type) return;
  // A section the file leaves without a type (e.g. only `store.keyPrefix`) keeps its fields; one
  // of another explicit type is replaced, since its fields belong to that variant.
  data[section] = isRecord(current) && current.type === undefined ? { ...current, type } : { type };
  origins.set(`${section}.type`, name);
}
