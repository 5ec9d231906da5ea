import { loadConfig, type CausaConfig } from '../config';
import type { CliIo } from './cli-io';

/**
 * The configuration for a CLI command; its secrets are handed to the io's redaction step. A command
 * that reads the bundle named on its command line (demo, eval, investigate DIR) passes
 * `usesConfiguredTelemetry: false`: the configured bundle folders are then not checked, so a
 * copied causa.example.yaml does not stop it.
 */
export function loadCliConfig(io: CliIo, file?: string, options: { usesConfiguredTelemetry?: boolean } = {}): CausaConfig {
  const config = loadConfig({ env: io.env, file, cwd: io.cwd, checkBundleDirs: options.usesConfiguredTelemetry ?? true });
  io.learnSecrets?.(config);
  return config;
}
