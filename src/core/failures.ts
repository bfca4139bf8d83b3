/**
 * What the background answers when it refuses: a stable code and, where the words need them,
 * typed parameters. The words themselves live in `_locales` (see `failureText` in
 * `src/i18n/i18n.ts`), so every surface shows a refusal in the UI language; the background's
 * `message` is an English account for logs and for callers outside the extension's pages.
 */

/** A detail that has no words of its own (a server's reason, a schema error): shown as given. */
type Detail = { detail: string };

/** Each code the background can answer, with the parameters its words use. */
export type FailureParams = {
  'signed-out': Record<string, never>;
  excluded: Record<string, never>;
  'no-tab': Record<string, never>;
  'no-url': Record<string, never>;
  'not-http': Record<string, never>;
  'not-found': Record<string, never>;
  'page-mismatch': Record<string, never>;
  'invisible-tag': { field: string };
  'too-long': Record<string, never>;
  'invalid-url': Record<string, never>;
  'follow-self': Record<string, never>;
  pending:
    | { total: number; refused: number; reason: 'sign-out' }
    | { total: number; refused: number; reason: 'switch'; from: string; to: string };
  unauthorized: Detail;
  unreachable: Detail;
  server: Detail & { status?: number };
  invalid: Detail;
  internal: Detail;
  forbidden: Record<string, never>;
  'unknown-method': { method: string };
  'sign-in-cancelled': Record<string, never>;
  'sign-in-denied': Record<string, never>;
  'domain-not-allowed': Record<string, never>;
  deactivated: Record<string, never>;
  'invalid-grant': Record<string, never>;
  'sign-in-failed': Detail;
  'no-oidc': Record<string, never>;
  managed: Record<string, never>;
  'token-expired': Record<string, never>;
  /** Groups (`core/groups.ts`, `groupRefusal`): the server's refusals with words of their own. */
  'last-owner': Record<string, never>;
  'not-allowed': Record<string, never>;
  'group-gone': Record<string, never>;
  'group-changed': Record<string, never>;
};

export type FailureCode = keyof FailureParams;

/** Every code, for the test that each has words in every locale. */
export const FAILURE_CODES: readonly FailureCode[] = Object.keys({
  'signed-out': 1,
  excluded: 1,
  'no-tab': 1,
  'no-url': 1,
  'not-http': 1,
  'not-found': 1,
  'page-mismatch': 1,
  'invisible-tag': 1,
  'too-long': 1,
  'invalid-url': 1,
  'follow-self': 1,
  pending: 1,
  unauthorized: 1,
  unreachable: 1,
  server: 1,
  invalid: 1,
  internal: 1,
  forbidden: 1,
  'unknown-method': 1,
  'sign-in-cancelled': 1,
  'sign-in-denied': 1,
  'domain-not-allowed': 1,
  deactivated: 1,
  'invalid-grant': 1,
  'sign-in-failed': 1,
  'no-oidc': 1,
  managed: 1,
  'token-expired': 1,
  'last-owner': 1,
  'not-allowed': 1,
  'group-gone': 1,
  'group-changed': 1,
} satisfies Record<FailureCode, 1>) as FailureCode[];

/** A refusal as it travels in a `Reply`: the code, an English account and the parameters. */
export type WireFailure = {
  code: string;
  message: string;
  params?: Record<string, string | number>;
};
