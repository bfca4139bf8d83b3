/**
 * The words of every failure, counted ones included: a `pending` refusal (sign-out or switching
 * person while changes wait) says how many, with the plural form and number format of the UI
 * language. Kept apart from `failureText` because counting needs `Intl`, which the page overlay
 * must not load; only extension pages (`ErrorText`) use this.
 */
import { failureText, formatCount, type I18nApi, messagesLanguage, t, tPlural } from './i18n.ts';

type ShownFailure = { code: string; message: string; params?: Record<string, string | number> };

export function countedFailureText(
  failure: ShownFailure,
  i18n: I18nApi | undefined = globalThis.chrome?.i18n,
): string {
  const { code, params } = failure;
  if (code !== 'pending' || !params || !i18n) return failureText(failure, i18n);
  const total = Number(params.total) || 0;
  const refused = Number(params.refused) || 0;
  const language = messagesLanguage(i18n);
  const key = params.reason === 'switch' ? 'pendingSwitch' : 'pendingSignOut';
  const words = tPlural(key, total, [formatCount(total, language)], i18n);
  if (!words || words === key) return failure.message;
  if (refused === 0) return words;
  return `${words} ${t('pendingRefused', [formatCount(refused, language)], i18n)}`;
}
