/**
 * The error handlers throw to answer `{ ok: false, error: { code, message } }`: a stable code
 * the pages can branch on and a message a person can read.
 */

export class HandlerError extends Error {
  override readonly name = 'HandlerError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when an action needs a signed-in user. */
export function signedOut(): HandlerError {
  return new HandlerError('signed-out', 'Sign in to Outloud first (in its options page).');
}
