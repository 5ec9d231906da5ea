import type { CliIo } from './cli-io';
import { runProcess, type ProcessOptions } from './process-runner';

export const SERVE_USAGE = 'causa serve [--config FILE]      chat surfaces: Slack and/or Teams (with the memory store: and the investigations)';
export const WORKER_USAGE = 'causa worker [--config FILE]     investigations from the Redis queue (no chat surface)';
export const ALL_USAGE = 'causa all [--config FILE]        chat surfaces and investigations in one process';

/** Options of the long-running commands beyond the command line (tests pass them; the CLI does not). */
export type ServeOptions = ProcessOptions;

/**
 * `causa serve`: runs Causa's chat surfaces (Slack) until interrupted: Socket Mode with
 * SLACK_BOT_TOKEN + SLACK_APP_TOKEN, else the HTTP Events API (`/slack/events`) with
 * SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET; without either it exits 2 naming the missing variables.
 * With the Redis store it enqueues investigations for `causa worker` processes and renders their
 * threads; with the memory store no other process could take them, so it runs them itself.
 */
export function serveCommand(argv: readonly string[], io: CliIo, options: ServeOptions = {}): Promise<number> {
  return runProcess('serve', argv, io, options);
}

/** `causa worker`: takes investigations from the Redis queue and runs them; drains on SIGTERM. */
export function workerCommand(argv: readonly string[], io: CliIo, options: ServeOptions = {}): Promise<number> {
  return runProcess('worker', argv, io, options);
}

/** `causa all`: chat surfaces and a worker in one process (the default deployment). */
export function allCommand(argv: readonly string[], io: CliIo, options: ServeOptions = {}): Promise<number> {
  return runProcess('all', argv, io, options);
}
