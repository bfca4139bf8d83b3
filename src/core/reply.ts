/**
 * Reading the background's answer to a call: the value of a `Reply`, or its failure thrown as a
 * `CallError` with the stable code. One reading for the pages (`callUi`) and the content
 * script (`callBackground`), which reach the background by different APIs.
 */
import type { Reply } from './messages.ts';

/** An error answered by the background (or `no-answer`), with its stable code and parameters. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

/** The value `reply` carries; throws its failure, or `no-answer` (`noAnswer`) for no `Reply`. */
export function unwrapReply<T>(reply: unknown, noAnswer: string): T {
  const r = reply as Reply<T> | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') {
    throw new CallError('no-answer', noAnswer);
  }
  if (!r.ok) throw new CallError(r.error.code, r.error.message, r.error.params);
  return r.value;
}
