import { slackReadiness } from '../config';
import type { CliIo } from './cli-io';
import { loadCliConfig } from './cli-config';
import { parseArguments, stringFlag } from './argument-parser';

export const SERVE_USAGE = 'causa serve [--config FILE]';

/**
 * `causa serve`: runs the chat surfaces. Until a surface's credentials are present it explains
 * which variables are missing instead of starting half-configured.
 */
export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArguments(argv, { values: ['config'], switches: [] });
  const config = loadCliConfig(io, stringFlag(args, 'config'));
  const slack = slackReadiness(config);
  if (!slack.mode) {
    io.err(`causa serve: no chat surface is configured.\n${slack.missing.map((m) => `  - ${m}`).join('\n')}\n`);
    return 2;
  }
  io.err(`causa serve: Slack ${slack.mode} mode is configured, but the Slack surface is not part of this build yet.\n`);
  return 2;
}
