/**
 * The choice shown when signing out (or signing in as someone else) was refused because changes
 * have not reached the server yet: how many, why the last attempt failed, and two buttons:
 * Try again (deliver, then go on) and "… anyway (discard N)". Focus moves to Try again when the
 * choice appears, so keyboard and screen-reader users land on it.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { SyncStatus } from '../core/messages.ts';
import { formatCount, t, tPlural } from '../i18n/i18n.ts';

/** What was refused, and what waits: `count` outbox entries, of which `refused` were refused. */
export type Pending = {
  action: 'signOut' | 'signIn' | 'orgSignIn';
  count: number;
  refused: number;
  reason: string | null;
};

/** The pending choice for `action` from the status read right after the refusal. */
export function pendingFrom(action: Pending['action'], status: SyncStatus): Pending {
  return {
    action,
    count: status.pending + status.failed.length,
    refused: status.failed.length,
    reason: status.error?.message ?? null,
  };
}

type Props = {
  pending: Pending;
  busy: boolean;
  onRetry(): void;
  onDiscard(): void;
};

export function PendingChoice({ pending, busy, onRetry, onDiscard }: Props) {
  const retry = useRef<HTMLButtonElement>(null);
  // A refusal arrives while the buttons are still disabled: focus once they can take it.
  useEffect(() => {
    if (!busy) retry.current?.focus();
  }, [pending, busy]);
  const n = formatCount(pending.count);
  const id = `pending-${pending.action}`;
  return (
    <div class="notice" data-testid="pending-choice">
      <p id={id} role="alert">
        {pending.action === 'signOut'
          ? tPlural('pendingSignOut', pending.count, [n])
          : tPlural('pendingSwitch', pending.count, [n])}
        {pending.refused > 0 ? ` ${t('pendingRefused', [formatCount(pending.refused)])}` : ''}
      </p>
      {pending.reason ? <p class="muted">{t('pendingReason', [pending.reason])}</p> : null}
      <div class="row">
        <button
          type="button"
          class="primary"
          ref={retry}
          aria-describedby={id}
          disabled={busy}
          onClick={onRetry}
        >
          {t('pendingTryAgain')}
        </button>
        <button type="button" aria-describedby={id} disabled={busy} onClick={onDiscard}>
          {pending.action === 'signOut'
            ? t('pendingSignOutAnyway', [n])
            : t('pendingSignInAnyway', [n])}
        </button>
      </div>
    </div>
  );
}
