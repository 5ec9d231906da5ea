import type { CausaConfig } from '../config';
import { configRedactor } from '../config/config-redactor';

/** Where a command writes; injected so tests can capture output. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The redaction step for text a command writes elsewhere (report files); identity when absent. */
  redact?: (text: string) => string;
  /** Tells the redaction step the secrets of the loaded configuration. */
  learnSecrets?: (config: CausaConfig) => void;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * The same io with every byte written passed through one redaction step: secrets of the
 * environment from the start, and of the configuration once a command has loaded it.
 */
export function redactingIo(io: CliIo): CliIo {
  let redact = configRedactor(undefined, io.env);
  return {
    ...io,
    out: (text) => io.out(redact(text)),
    err: (text) => io.err(redact(text)),
    redact: (text) => redact(text),
    learnSecrets: (config) => {
      redact = configRedactor(config, io.env);
    },
  };
}
