/**
 * Looks up user-visible strings in `_locales/<lang>/messages.json` through the browser's i18n,
 * and formats numbers and plural forms with `Intl` in the same language the messages come in
 * (the browser's UI language), so "1 bookmark" / "3 bokmärken" agree with the words around them.
 * What is substituted into a message is shown isolated (see `bidi.ts`).
 */
import type { FailureCode } from '../core/failures.ts';
import { isolateValue } from './bidi.ts';

export type I18nApi = {
  getMessage(key: string, substitutions?: string | string[]): string;
  getUILanguage?(): string;
};

const browserI18n = (): I18nApi | undefined => globalThis.chrome?.i18n;

/**
 * Substitutions as messages put them in a sentence: each isolated (FSI … PDI, `isolateValue`),
 * so a name or title with bidirectional controls or right-to-left script cannot reorder the
 * translated words around it. Counts and other numbers are left as they are.
 */
function isolated(substitutions: string | string[] | undefined): string | string[] | undefined {
  if (substitutions === undefined) return undefined;
  return typeof substitutions === 'string'
    ? isolateValue(substitutions)
    : substitutions.map(isolateValue);
}

/** Returns the localised message for `key`, or the key itself when it is missing. */
export function t(
  key: string,
  substitutions?: string | string[],
  i18n: I18nApi | undefined = browserI18n(),
): string {
  const message = i18n?.getMessage(key, isolated(substitutions));
  return message || key;
}

/**
 * The browser's UI language as a BCP 47 tag (`sv`, `en-GB`): the language `getMessage` picks
 * its locale by. Falls back to `navigator.language`, then `en`.
 */
export function uiLocale(i18n: I18nApi | undefined = browserI18n()): string {
  const fromI18n = i18n?.getUILanguage?.();
  const tag = fromI18n || globalThis.navigator?.language || 'en';
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** `n` written the way the UI language writes numbers (`1,234` / `1 234`). */
export function formatCount(n: number, locale: string = uiLocale()): string {
  return new Intl.NumberFormat(locale).format(n);
}

/**
 * A message whose wording depends on a count: `key_one`, `key_two`, `key_few`, … chosen by
 * `Intl.PluralRules` for `count` in the language the messages are in (their plural forms are
 * that language's), else `key` (the general form). The caller puts the formatted count among
 * `substitutions`.
 */
export function tPlural(
  key: string,
  count: number,
  substitutions: string[],
  i18n: I18nApi | undefined = browserI18n(),
  locale: string = messagesLanguage(i18n),
): string {
  const form = new Intl.PluralRules(locale).select(count);
  if (form !== 'other') {
    const specific = i18n?.getMessage(`${key}_${form}`, isolated(substitutions));
    if (specific) return specific;
  }
  return t(key, substitutions, i18n);
}

/** The language the messages are in (`localeTag`: the browser's, or English as the fallback). */
export function messagesLanguage(i18n: I18nApi | undefined = browserI18n()): string {
  return i18n?.getMessage('localeTag') || 'en';
}

/** The words of each code the background answers (`src/core/failures.ts`). */
const FAILURE_KEYS: Readonly<Record<FailureCode, string>> = {
  'signed-out': 'failureSignedOut',
  excluded: 'failureExcluded',
  'no-tab': 'failureNoTab',
  'no-url': 'failureNoUrl',
  'not-http': 'failureNotHttp',
  'not-found': 'failureNotFound',
  'page-mismatch': 'failurePageMismatch',
  'invisible-tag': 'failureInvisibleTag',
  'too-long': 'failureTooLong',
  'invalid-url': 'failureInvalidUrl',
  'follow-self': 'failureFollowSelf',
  pending: 'pendingSignOut',
  unauthorized: 'failureUnauthorized',
  unreachable: 'failureUnreachable',
  server: 'failureServer',
  invalid: 'failureInvalid',
  internal: 'failureInternal',
  forbidden: 'failureForbidden',
  'unknown-method': 'failureUnknownMethod',
  'sign-in-cancelled': 'failureSignInCancelled',
  'sign-in-denied': 'failureSignInDenied',
  'domain-not-allowed': 'failureDomainNotAllowed',
  deactivated: 'failureDeactivated',
  'invalid-grant': 'failureInvalidGrant',
  'sign-in-failed': 'failureSignInFailed',
  'no-oidc': 'failureNoOidc',
  managed: 'failureManaged',
  'token-expired': 'failureTokenExpired',
  'last-owner': 'failureLastOwner',
  'not-allowed': 'failureNotAllowed',
  'group-gone': 'failureGroupGone',
  'group-changed': 'failureGroupChanged',
};

/** The message keys a failure code is written with (the plural forms aside). */
export function failureKeys(code: FailureCode): string[] {
  return code === 'pending'
    ? ['pendingSignOut', 'pendingSwitch', 'pendingRefused']
    : [FAILURE_KEYS[code]];
}

const isFailureCode = (code: string): code is FailureCode => Object.hasOwn(FAILURE_KEYS, code);

const text = (value: string | number | undefined): string =>
  typeof value === 'number' ? String(value) : (value ?? '');

/**
 * A failure in the UI language: the words of its code with its parameters. A code the
 * background does not answer (a page's own error), or words missing, shows the message as given.
 */
export function failureText(
  failure: { code: string; message: string; params?: Record<string, string | number> },
  i18n: I18nApi | undefined = browserI18n(),
): string {
  const { code, params } = failure;
  // A page's own failure with a background code (a check before asking, a sync reason) comes
  // without parameters and in words already chosen: shown as given, unless the code's words
  // never vary.
  if (!i18n || !isFailureCode(code) || (!params && !FIXED_WORDS.has(code))) return failure.message;
  return backgroundFailureText(code, params ?? {}, failure.message, i18n);
}

/** Codes whose words are the same every time, shown in the UI language whoever reports them. */
const FIXED_WORDS: ReadonlySet<FailureCode> = new Set([
  'signed-out',
  'excluded',
  'no-tab',
  'no-url',
  'not-http',
  'not-found',
  'page-mismatch',
  'invisible-tag',
  'sign-in-cancelled',
  'sign-in-denied',
  'domain-not-allowed',
  'deactivated',
  'invalid-grant',
  'no-oidc',
  'managed',
  'token-expired',
  'last-owner',
  'not-allowed',
  'group-gone',
  'group-changed',
]);

function backgroundFailureText(
  code: FailureCode,
  params: Record<string, string | number>,
  message: string,
  i18n: I18nApi,
): string {
  // `pending` is counted (plural rules, number formats: `Intl`), so its words live in
  // `counted-failure.ts`, which only the extension pages that can be answered it load; the
  // overlay's bundle stays free of `Intl` (ICU set-up costs a page 20–30 ms).
  if (code === 'pending') return message;
  const key = FAILURE_KEYS[code];
  const substitutions =
    code === 'unknown-method'
      ? [text(params.method)]
      : DETAIL_CODES.has(code)
        ? [text(params.detail) || message]
        : undefined;
  const words = t(key, substitutions, i18n);
  return words === key || !words ? message : words;
}

/** Codes whose words carry a detail that has none of its own (a server's reason). */
const DETAIL_CODES: ReadonlySet<FailureCode> = new Set([
  'unauthorized',
  'unreachable',
  'server',
  'invalid',
  'internal',
  'sign-in-failed',
]);
