import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { crossFieldProblems } from './config-cross-checks';
import { locateConfigFile, readConfigFile } from './config-file';
import { formatIssues, formatPath } from './config-problems';
import { ConfigSchema, type CausaConfig } from './config-schema';
import { bundleDirProblems } from './bundle-dir-checks';
import { applyEnvironment } from './env-overlay';
import { SECRET_ENV_VARIABLES } from './env-variables';
import { collectSecretValues, redactSecrets } from './secret-redaction';
import { moveUrlCredentials } from './url-credentials';

/** Where `loadConfig` reads from. */
export interface LoadConfigOptions {
  /** The environment to read (pass `process.env` from the composition root). */
  env: Record<string, string | undefined>;
  /** Explicit config file; else CAUSA_CONFIG; else ./causa.yaml when present. */
  file?: string;
  /** Folder relative paths resolve against; the process's working directory by default. */
  cwd?: string;
  /**
   * Whether bundle sources' folders are checked on disk (default true). Commands that read the
   * bundle named on their command line, not the configured telemetry, pass false.
   */
  checkBundleDirs?: boolean;
}

/**
 * Reads `causa.yaml` (if any) and the environment (which wins), validates the result and checks
 * bundle folders on disk. Throws one `ConfigError` whose message lists every problem, each as
 * "path: what is wrong — how to fix it"; secret values never appear in it.
 */
export function loadConfig(options: LoadConfigOptions): CausaConfig {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const location = locateConfigFile({ file: options.file, env: options.env, cwd });
  const file = location ? readConfigFile(location) : { data: {}, problems: [] };
  const overlay = applyEnvironment(file.data, options.env, cwd);

  const problems = [...file.problems, ...overlay.problems];
  const parsed = ConfigSchema.safeParse(overlay.data);
  if (!parsed.success) {
    problems.push(
      ...formatIssues(parsed.error.issues, {
        schema: ConfigSchema,
        data: overlay.data,
        origins: overlay.origins,
        file: location?.path,
      }),
    );
  }
  // Listed even when the schema failed elsewhere (zod skips refinements then).
  problems.push(...crossFieldProblems(overlay.data).map((problem) => `${formatPath(problem.path)}: ${problem.message}`));
  if (options.checkBundleDirs !== false) problems.push(...bundleDirProblems(overlay.data, overlay.origins, location?.path));

  const unique = [...new Set(problems)];
  if (unique.length > 0 || !parsed.success) {
    const secrets = collectSecretValues(overlay.data);
    const keyVariable = (overlay.data.reasoner as { apiKeyEnv?: unknown } | undefined)?.apiKeyEnv;
    for (const name of [...SECRET_ENV_VARIABLES, ...(typeof keyVariable === 'string' ? [keyVariable] : [])]) {
      const value = options.env[name]?.trim();
      if (value) secrets.add(value);
    }
    const lines = unique.map((problem) => `  - ${redactSecrets(problem, secrets)}`);
    const header = `Causa configuration is invalid (${unique.length} problem${unique.length === 1 ? '' : 's'}):`;
    throw new ConfigError([header, ...lines].join('\n'));
  }
  return moveUrlCredentials(parsed.data);
}
