import pino from 'pino';
import { ConfigError } from '../core/errors';
import { redactSecrets } from '../config/secret-redaction';
import { createCompactDestination } from './compact-log-destination';

/** The logger type passed through constructors; make child loggers with `logger.child({...})`. */
export type Logger = pino.Logger;

/** Options of `createLogger`; `level` and `pretty` come from the `log` config section. */
export interface LoggerOptions {
  /** fatal | error | warn | info | debug | trace | silent. */
  level: string;
  /** Compact single-line output for humans instead of JSON lines. */
  pretty?: boolean;
  /** Where lines go; standard output by default. */
  destination?: NodeJS.WritableStream | pino.DestinationStream;
  /**
   * The redaction step every line goes through before it is written (known secret values and
   * credential-shaped text); see `configRedactor`. Token-shaped text is redacted without it too.
   */
  redact?: (text: string) => string;
}

/**
 * One JSON line with each key once: a child logger's bindings and a call's fields may repeat a
 * key (`surface`), which JSON-lines consumers reject or read ambiguously. The last value wins.
 */
function withoutDuplicateKeys(line: string): string {
  try {
    return `${JSON.stringify(JSON.parse(line))}\n`;
  } catch {
    return line;
  }
}

/** Redis commands whose arguments are credentials (ioredis errors carry the failed command). */
const CREDENTIAL_COMMANDS = /^(auth|hello|migrate)$/i;

/**
 * pino's error serializer, without the arguments of a failed AUTH (ioredis attaches the command,
 * password included, to its errors).
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as pino.SerializedError & { command?: { name?: unknown; args?: unknown } };
  const { command } = serialized;
  if (command && typeof command === 'object' && Array.isArray(command.args)) {
    const name = typeof command.name === 'string' ? command.name : '';
    serialized.command = { ...command, args: CREDENTIAL_COMMANDS.test(name) ? command.args.map(() => '[redacted]') : command.args };
  }
  return serialized;
}

/** Fields whose values are secrets wherever they appear in a log object (one level deep too). */
const SECRET_FIELDS = ['token', 'authorization', 'botToken', 'appToken', 'signingSecret', 'apiKey', 'password'];

/** Redaction paths: each secret field at the top level and one level down, plus request headers. */
export const REDACTED_LOG_PATHS: readonly string[] = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

/**
 * Creates the one root logger of the process (the composition root injects it everywhere).
 * Tokens, secrets, passwords and authorization headers are replaced by "[redacted]".
 * Throws a ConfigError for an unknown level.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level.toLowerCase();
  if (level !== 'silent' && !(level in pino.levels.values)) {
    throw new ConfigError(
      `log level '${options.level}' is unknown — set LOG_LEVEL to one of ${[...Object.keys(pino.levels.values), 'silent'].join(', ')}`,
    );
  }
  const target = options.destination ?? process.stdout;
  const destination = options.pretty ? createCompactDestination(target) : target;
  return pino(
    {
      level,
      redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      hooks: { streamWrite: (line) => (options.redact ?? redactSecrets)(withoutDuplicateKeys(line)) },
    },
    destination,
  );
}
