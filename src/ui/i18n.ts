/**
 * Looks up user-visible strings in `_locales/<lang>/messages.json` through the browser's i18n,
 * and formats numbers and plural forms with `Intl` in the same language the messages come in
 * (the browser's UI language), so "1 bookmark" / "3 bokmärken" agree with the words around them.
 * What is substituted into a message is shown isolated (see `bidi.ts`).
 */
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

/**
 * Failures whose reason is the same words every time, by code: shown in the UI language. Others
 * (a server's own reason, a count, an address) are shown as given.
 */
const FIXED_FAILURES: ReadonlyMap<string, string> = new Map([
  ['signed-out', 'failureSignedOut'],
  ['excluded', 'failureExcluded'],
  ['no-tab', 'failureNoTab'],
  ['no-url', 'failureNoUrl'],
  ['not-http', 'failureNotHttp'],
  ['not-found', 'failureNotFound'],
  ['page-mismatch', 'failurePageMismatch'],
  ['invisible-tag', 'failureInvisibleTag'],
]);

/** A failure's reason in the UI language where its code has fixed words, else as given. */
export function failureText(
  failure: { code: string; message: string },
  i18n: I18nApi | undefined = browserI18n(),
): string {
  const key = FIXED_FAILURES.get(failure.code);
  return (key && i18n?.getMessage(key)) || failure.message;
}
