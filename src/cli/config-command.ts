import { describeConfig } from '../config';
import { parseArguments, stringFlag } from './argument-parser';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';

export const CONFIG_USAGE = 'causa config [--config FILE]   (the effective configuration, secrets redacted)';

/**
 * `causa config`: validates the configuration (causa.yaml and the environment) and prints it as
 * Causa will use it, defaults filled in and every secret replaced by "[redacted]"; a bad
 * configuration exits 2 listing every problem.
 */
export async function configCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['config'], switches: [] });
  const config = loadCliConfig(io, stringFlag(args, 'config'));
  io.out(`${JSON.stringify(describeConfig(config), null, 2)}\n`);
  return 0;
}
