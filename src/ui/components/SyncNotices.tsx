/**
 * What the popup and the options page say about the local copy: the first sync's progress
 * ("n of about N", resumed after an interruption), and, when the extension chose the range
 * mode by itself because the organisation is too large for a copy in the browser, that it did.
 */
import type { SyncStatus } from '../../core/messages.ts';
import { formatCount, t } from '../../i18n/i18n.ts';

/** The first sync's progress, or nothing once it is complete. */
export function FirstSyncProgress({ status }: { status: SyncStatus }) {
  const first = status.firstSync;
  if (!first) return null;
  // "About": the server counts people and items; tombstones and edits make the pull differ.
  const total = first.total === null ? null : Math.max(first.total, first.applied);
  return (
    <div class="notice" role="status" data-testid="first-sync">
      <p>
        {total === null
          ? t('firstSyncProgressUnknown', [formatCount(first.applied)])
          : t('firstSyncProgress', [formatCount(first.applied), formatCount(total)])}
      </p>
      {total === null ? null : (
        <progress aria-label={t('firstSyncLabel')} max={total} value={first.applied} />
      )}
    </div>
  );
}

/** The notice that the range mode was chosen for the person, by the organisation's size. */
export function AutoRangeNotice({ status }: { status: SyncStatus }) {
  const { lookup } = status;
  if (lookup.chosen || lookup.mode !== 'range' || !lookup.auto) return null;
  return (
    <p class="notice" data-testid="auto-range">
      {t('lookupAutoRange', [formatCount(lookup.auto.items), formatCount(lookup.auto.budget)])}
    </p>
  );
}
