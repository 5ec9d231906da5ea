import { CausaError } from '../../core/errors';

/** Why a model call could not be used. */
export type ModelFailure = 'http' | 'timeout' | 'connection' | 'malformed' | 'schema' | 'refusal' | 'truncated' | 'budget';

/**
 * A model call that failed or answered unusably. The message says what happened without quoting
 * the model's output (which may echo untrusted text); the reasoner falls back to the offline one.
 */
export class ModelCallError extends CausaError {
  constructor(
    readonly failure: ModelFailure,
    message: string,
    options: { cause?: unknown; status?: number; attempts?: number } = {},
  ) {
    super('model_call_failed', message, { cause: options.cause, isRetryable: failure === 'http' || failure === 'timeout' || failure === 'connection' });
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
  }

  readonly status?: number;
  readonly attempts: number;
}
