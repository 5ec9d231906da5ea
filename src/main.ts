import { configCommand, CONFIG_USAGE } from './cli/config-command';
import { demoCommand, DEMO_USAGE } from './cli/demo-command';
import { evalCommand, EVAL_USAGE } from './cli/eval-command';
import { exportCommand, EXPORT_USAGE } from './cli/export-command';
import { investigateCommand, INVESTIGATE_USAGE } from './cli/investigate-command';
import { allCommand, ALL_USAGE, serveCommand, SERVE_USAGE, workerCommand, WORKER_USAGE } from './cli/serve-command';
import { processIo, redactingIo, type CliIo } from './cli/cli-io';
import { ZodError } from 'zod';
import { CausaError, errorMessage } from './core/errors';

const USAGE = `Causa — an incident investigator for Slack and Microsoft Teams.

Usage:
  ${INVESTIGATE_USAGE}
  ${EVAL_USAGE}
  ${DEMO_USAGE}
  ${ALL_USAGE}
  ${SERVE_USAGE}
  ${WORKER_USAGE}
  ${CONFIG_USAGE}
  ${EXPORT_USAGE}
  causa help
`;

/**
 * The composition root of the `causa` command: picks the command and maps failures to exit codes
 * (2 for bad input or configuration, 1 for anything else) with one clear message, never a stack.
 */
export async function main(argv: readonly string[], rawIo: CliIo = processIo()): Promise<number> {
  const io = redactingIo(rawIo);
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'investigate':
        return await investigateCommand(rest, io);
      case 'eval':
        return await evalCommand(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'config':
        return await configCommand(rest, io);
      case 'worker':
        return await workerCommand(rest, io);
      case 'all':
        return await allCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      default:
        io.err(`causa: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof CausaError) {
      io.err(`causa: ${error.message}\n`);
      return error.isRetryable ? 1 : 2;
    }
    if (error instanceof ZodError) {
      // Input that reached a schema without a friendlier check: say where, not the raw issue list.
      const issues = error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('\n');
      io.err(`causa: the input is not valid:\n${issues}\n`);
      return 2;
    }
    io.err(`causa: unexpected failure: ${errorMessage(error)}\n`);
    return 1;
  }
}
