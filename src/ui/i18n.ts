/** Looks up user-visible strings in `_locales/<lang>/messages.json` through the browser's i18n. */

export type I18nApi = { getMessage(key: string, substitutions?: string | string[]): string };

/** Returns the localised message for `key`, or the key itself when it is missing. */
export function t(
  key: string,
  substitutions?: string | string[],
  i18n: I18nApi | undefined = globalThis.chrome?.i18n,
): string {
  const message = i18n?.getMessage(key, substitutions);
  return message || key;
}
