/**
 * The error handlers throw to answer `{ ok: false, error: { code, message, params } }`: a stable
 * code the pages branch on and render in the UI language (`failureText`), the parameters those
 * words use, and an English account for logs.
 */
import type { FailureCode, FailureParams } from '../core/failures.ts';

type ParamsArg<C extends FailureCode> =
  FailureParams[C] extends Record<string, never> ? [] : [params: FailureParams[C]];

export class HandlerError<C extends FailureCode = FailureCode> extends Error {
  override readonly name = 'HandlerError';
  readonly params: FailureParams[C] | undefined;
  constructor(
    readonly code: C,
    message: string,
    ...params: ParamsArg<C>
  ) {
    super(message);
    this.params = params[0];
  }
}

/** Thrown when an action needs a signed-in user. */
export function signedOut(): HandlerError {
  return new HandlerError('signed-out', 'Sign in to Outloud first (in its options page).');
}
