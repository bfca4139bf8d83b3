/**
 * Sync trouble, visible in the popup: the last sync error with its reason, and each item the
 * server refused with its reason, with Retry and a way to the settings. When the server no
 * longer accepts this browser's sign-in (expired, revoked), that is said in words with a way to
 * sign in again (`SignInAgain`) below the server's reason.
 */
import type { SyncStatus } from '../core/messages.ts';
import { formatCount, t, tPlural } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { SignInAgain, signInEnded } from '../ui/components/SignInAgain.tsx';
import { useEnv } from '../ui/env.ts';

type Props = { status: SyncStatus; onRetry(): void };

export function SyncBanner({ status, onRetry }: Props) {
  const { openOptions } = useEnv();
  if (!status.error && status.failed.length === 0) return null;
  const ended = signInEnded(status) !== null;
  return (
    <section class="sync-banner" aria-label={t('syncProblems')}>
      {status.error ? <ErrorText lead={t('syncErrorLead')} failure={status.error} /> : null}
      {ended ? <SignInAgain status={status} onSignIn={openOptions} /> : null}
      {status.failed.length > 0 ? (
        <div class="notice">
          <p>
            {tPlural('syncFailedCount', status.failed.length, [formatCount(status.failed.length)])}
          </p>
          <ul class="failed">
            {status.failed.map((f) => (
              <li key={`${f.type}:${f.id}:${f.op}`} data-code={f.code}>
                {t('syncFailedItem', [t(`itemType_${f.type}`), f.message])}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="row">
        {status.failed.length > 0 ? (
          <button type="button" onClick={onRetry}>
            {t('syncRetry')}
          </button>
        ) : null}
        {ended ? null : (
          <button type="button" onClick={openOptions}>
            {t('openOptions')}
          </button>
        )}
      </div>
    </section>
  );
}
