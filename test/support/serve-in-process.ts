import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io';
import { allCommand, serveCommand, workerCommand } from '../../src/cli/serve-command';

/** A `causa serve|worker|all` running inside the test process, with its log lines kept. */
export interface InProcessServer {
  /** Every log line and error text the process wrote. */
  logs: string[];
  /** Shuts it down (as SIGTERM does) and resolves with its exit code. */
  stop(): Promise<number>;
}

const COMMANDS = { serve: serveCommand, worker: workerCommand, all: allCommand } as const;

/**
 * Starts a long-running Causa command with `env` in `cwd` and resolves once it is ready (its
 * HTTP server listening, its worker taking jobs); rejects if it ends before that.
 */
export async function startInProcess(role: keyof typeof COMMANDS, env: Record<string, string>, cwd: string): Promise<InProcessServer> {
  const logs: string[] = [];
  const io: CliIo = { out: (text) => logs.push(text), err: (text) => logs.push(text), env, cwd };
  let shutdown = () => undefined as void;
  const shutdownNow = new Promise<void>((resolve) => (shutdown = resolve));
  let ready = () => undefined as void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const logDestination = new Writable({ write: (chunk, _encoding, done) => (logs.push(String(chunk)), done()) });
  const running = COMMANDS[role]([], io, { shutdown: shutdownNow, onReady: () => ready(), logDestination });
  await Promise.race([isReady, running.then((code) => Promise.reject(new Error(`causa ${role} ended with ${code} before it was ready: ${logs.join('')}`)))]);
  return {
    logs,
    stop: () => {
      shutdown();
      return running;
    },
  };
}
