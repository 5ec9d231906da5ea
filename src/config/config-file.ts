import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { redactSecrets } from './secret-redaction';

/** YAML syntax errors listed one by one; the rest are counted (one slip often causes dozens). */
const MAX_SYNTAX_ERRORS = 5;

/** The config file to read and why it was chosen. */
export interface ConfigFileLocation {
  path: string;
  /** How the file was chosen: 'the file option', 'CAUSA_CONFIG' or 'the default'. */
  origin: string;
}

/** What a config file held: parsed data (empty on failure) and every problem found. */
export interface ConfigFileContent {
  data: Record<string, unknown>;
  problems: string[];
}

/**
 * The file to read: the explicit `file` option, else `CAUSA_CONFIG`, else `causa.yaml` in `cwd`
 * when present. Relative paths resolve against `cwd`. Undefined when no file applies.
 */
export function locateConfigFile(options: {
  file?: string;
  env: Record<string, string | undefined>;
  cwd: string;
}): ConfigFileLocation | undefined {
  if (options.file) return { path: path.resolve(options.cwd, options.file), origin: 'the file option' };
  const fromEnv = options.env.CAUSA_CONFIG?.trim();
  if (fromEnv) return { path: path.resolve(options.cwd, fromEnv), origin: 'CAUSA_CONFIG' };
  const fallback = path.join(options.cwd, 'causa.yaml');
  return fs.existsSync(fallback) ? { path: fallback, origin: 'the default' } : undefined;
}

/**
 * Reads and parses a YAML config file. Syntax errors name the file, line and column. Relative
 * `telemetry.sources[].dir` paths resolve against the file's folder.
 */
export function readConfigFile(location: ConfigFileLocation): ConfigFileContent {
  const file = location.path;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    const fix =
      location.origin === 'CAUSA_CONFIG'
        ? 'set CAUSA_CONFIG to an existing causa.yaml, or unset it'
        : 'pass the path of an existing causa.yaml';
    return { data: {}, problems: [`config file ${file} (chosen by ${location.origin}) ${reason} — ${fix}`] };
  }

  const document = parseDocument(text);
  if (document.errors.length > 0) {
    // The file did not parse, so its secrets are unknown: never quote its text, only say where.
    const problems = document.errors.slice(0, MAX_SYNTAX_ERRORS).map((error) => {
      const where = error.linePos?.[0];
      const at = where ? `${file}:${where.line}:${where.col}` : file;
      const what = redactSecrets(error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:\s*".*$/s, ''));
      return `${at}: YAML syntax error: ${what} — fix the YAML at that line`;
    });
    const more = document.errors.length - MAX_SYNTAX_ERRORS;
    if (more > 0) problems.push(`${file}: ${more} more YAML syntax error${more === 1 ? '' : 's'} after these — fix the first ones, then read again`);
    return { data: {}, problems };
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = /alias/i.test(reason)
      ? 'its aliases (*name) expand to too much data; write the values out, or use fewer aliases'
      : 'fix the YAML';
    return { data: {}, problems: [`${file}: cannot be read as YAML: ${redactSecrets(reason)} — ${fix}`] };
  }
  if (value === null || value === undefined) return { data: {}, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      data: {},
      problems: [`${file}: the top level must be a mapping — write sections such as 'telemetry:' and 'budget:' at the top level`],
    };
  }
  const data = value as Record<string, unknown>;
  normalizeEmptySections(data);
  resolveBundleDirs(data, path.dirname(file));
  return { data, problems: [] };
}

/**
 * A section written with nothing under it (`slack:`) parses as null: it means "defaults", and for
 * the optional surfaces "enabled with defaults".
 */
function normalizeEmptySections(data: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    if (value !== null) continue;
    if (key === 'slack' || key === 'teams') data[key] = {};
    else delete data[key];
  }
}

function resolveBundleDirs(data: Record<string, unknown>, baseDir: string): void {
  const telemetry = data.telemetry as { sources?: unknown } | undefined;
  if (!telemetry || typeof telemetry !== 'object' || !Array.isArray(telemetry.sources)) return;
  for (const source of telemetry.sources as unknown[]) {
    if (source && typeof source === 'object' && typeof (source as { dir?: unknown }).dir === 'string') {
      const entry = source as { dir: string };
      if (entry.dir.length > 0) entry.dir = path.resolve(baseDir, entry.dir);
    }
  }
}
