/**
 * The one base error of Causa. `code` is stable and machine-readable, `isRetryable` tells callers
 * whether the same call may succeed later. Messages say how to fix the problem.
 */
export class CausaError extends Error {
  readonly code: string;
  readonly isRetryable: boolean;

  constructor(code: string, message: string, options: { cause?: unknown; isRetryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
  }
}

/** Invalid configuration; the message lists every problem. */
export class ConfigError extends CausaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('config_invalid', message, options);
  }
}

/** A recorded incident bundle that cannot be read; names the file (and line). */
export class BundleError extends CausaError {
  readonly file: string;
  readonly line?: number;

  constructor(file: string, message: string, options: { line?: number; cause?: unknown } = {}) {
    super('bundle_invalid', `${file}${options.line === undefined ? '' : `:${options.line}`}: ${message}`, options);
    this.file = file;
    this.line = options.line;
  }
}

/** Input that is not what it claims to be (an alert, a command). */
export class InputError extends CausaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('input_invalid', message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
