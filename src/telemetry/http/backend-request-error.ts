/** Why a request to a telemetry backend failed; the message says what is wrong and how to fix it. */
export type BackendFailure = 'timeout' | 'cancelled' | 'unreachable' | 'unauthorized' | 'not-json' | 'too-large' | 'http';

/** A request a backend refused or could not answer; `message` is safe to show (no credentials). */
export class BackendRequestError extends Error {
  constructor(
    message: string,
    readonly failure: BackendFailure,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BackendRequestError';
  }
}
