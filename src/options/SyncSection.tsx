/**
 * Sync status: when the last sync finished, how many changes wait to be sent, why the last
 * attempt failed, and each item the server refused with its reason; Retry (all refused items),
 * Discard (one refused item, which goes back to what the server has) and Sync now.
 */
import { useState } from 'preact/hooks';
import type { SyncStatus } from '../core/messages.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { FirstSyncProgress } from '../ui/components/SyncNotices.tsx';
import { TimeAgo } from '../ui/components/TimeAgo.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';

type Props = { status: SyncStatus; onStatus(status: SyncStatus): void };

export function SyncSection({ status, onStatus }: Props) {
  const { call } = useEnv();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  const act = async (work: () => Promise<SyncStatus>) => {
    setBusy(true);
    setFailure(null);
    try {
      onStatus(await work());
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setBusy(false);
    }
  };
  const run = (method: 'syncNow' | 'retryFailed') => act(() => call(method, {}));
  const discard = (id: string) => act(() => call('discardFailed', { id }));

  return (
    <section class="card" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('syncTitle')}</h2>
      <dl class="facts">
        <dt>{t('syncLast')}</dt>
        <dd data-testid="last-sync">
          {status.lastSyncAt ? <TimeAgo iso={status.lastSyncAt} /> : t('syncNever')}
        </dd>
        <dt>{t('syncPending')}</dt>
        <dd data-testid="pending">{String(status.pending)}</dd>
        <dt>{t('syncFailedLabel')}</dt>
        <dd data-testid="failed-count">{String(status.failed.length)}</dd>
      </dl>
      <FirstSyncProgress status={status} />
      {status.error ? <ErrorText lead={t('syncErrorLead')} failure={status.error} /> : null}
      {status.failed.length > 0 ? (
        <ul class="failed" aria-label={t('syncFailedLabel')}>
          {status.failed.map((f) => (
            <li key={`${f.type}:${f.id}:${f.op}`} data-code={f.code}>
              <span>{t('syncFailedItem', [t(`itemType_${f.type}`), f.message])}</span>{' '}
              <button
                type="button"
                disabled={busy}
                aria-label={t('syncDiscardLabel', [
                  t('syncFailedItem', [t(`itemType_${f.type}`), f.message]),
                ])}
                onClick={() => void discard(f.id)}
              >
                {t('syncDiscard')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={busy || !status.signedIn}
          onClick={() => void run('syncNow')}
        >
          {t('syncNow')}
        </button>
        {status.failed.length > 0 ? (
          <button type="button" disabled={busy} onClick={() => void run('retryFailed')}>
            {t('syncRetry')}
          </button>
        ) : null}
      </div>
      {failure ? <ErrorText lead={t('syncErrorLead')} failure={failure} /> : null}
    </section>
  );
}
