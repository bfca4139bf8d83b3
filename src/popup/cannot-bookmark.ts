/**
 * Why a tab cannot be bookmarked, in words: the background answers `tabInfo.reason` with a
 * stable code (`not-http`, …) that is shown in the UI language; any other non-empty reason is
 * shown as it came.
 */
import { t } from '../i18n/i18n.ts';

const REASON_KEYS: Record<string, string> = {
  'not-http': 'cannotBookmarkNotHttp',
  'too-long': 'cannotBookmarkTooLong',
  'invalid-url': 'cannotBookmarkInvalid',
  'no-url': 'cannotBookmarkNoUrl',
  'no-tab': 'cannotBookmarkNoTab',
};

/** The sentence to show for `reason` (a code or a sentence from the background). */
export function cannotBookmarkText(reason: string | null): string {
  const key = reason ? REASON_KEYS[reason] : undefined;
  if (key) return t(key);
  return reason?.includes(' ') ? reason : t('cannotBookmarkNotHttp');
}
