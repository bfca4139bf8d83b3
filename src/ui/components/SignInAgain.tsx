/**
 * The notice that the server no longer accepts this browser's sign-in (`401`: the token expired,
 * or was revoked from another device), in the popup and the options page. The person is still
 * signed in here, with everything made offline kept in the outbox: it is sent after they sign
 * in again as the same person. A status, not an alert: it stays until the person acts, and the
 * sync failure's own alert (with the server's reason) is still shown beside it.
 */
import type { SyncStatus } from '../../core/messages.ts';
import { formatCount, t } from '../../i18n/i18n.ts';

/** Why the server stopped accepting this browser, or null when it has not. */
export function signInEnded(status: SyncStatus): 'expired' | 'revoked' | null {
  if (!status.signedIn || !status.error) return null;
  if (status.error.code === 'token-expired') return 'expired';
  if (status.error.code === 'unauthorized') return 'revoked';
  return null;
}

type Props = { status: SyncStatus; onSignIn?: () => void };

export function SignInAgain({ status, onSignIn }: Props) {
  const ended = signInEnded(status);
  if (!ended) return null;
  const waiting = status.pending + status.failed.length;
  return (
    <div class="notice" role="status" data-testid="sign-in-again" data-reason={ended}>
      <p>
        <strong>{t('signInAgainTitle')}</strong>{' '}
        {ended === 'expired' ? t('signInAgainExpired') : t('signInAgainRevoked')}
      </p>
      <p>{t('signInAgainKept')}</p>
      {waiting > 0 ? <p>{t('signInAgainWaiting', [formatCount(waiting)])}</p> : null}
      {onSignIn ? (
        <div class="row">
          <button type="button" class="primary" onClick={onSignIn}>
            {t('signInAgainButton')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
