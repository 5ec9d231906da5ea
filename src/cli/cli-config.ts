import { loadConfig, type CausaConfig } from '../config';
import type { CliIo } from './cli-io';

/**
 * The configuration for a CLI command. The bundle named on the command line is the telemetry, so
 * CAUSA_BUNDLE_DIR is not required here (and not checked when it is unset). Its secrets are
 * handed to the io's redaction step.
 */
export function loadCliConfig(io: CliIo, file?: string): CausaConfig {
  const config = loadConfig({ env: io.env, file, cwd: io.cwd });
  io.learnSecrets?.(config);
  return config;
}
