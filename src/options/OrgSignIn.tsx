/**
 * "Sign in with <organisation>": the first way in when the server offers it. The background
 * runs the whole flow (auth window, code exchange); this shows the button, that it is waiting,
 * and why it did not end signed in, in words.
 */
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import type { Failure } from '../ui/env.ts';

type Props = {
  organisation: string;
  busy: boolean;
  failure: Failure | null;
  onSignIn(): void;
};

export function OrgSignIn({ organisation, busy, failure, onSignIn }: Props) {
  return (
    <div class="org-sign-in" data-testid="org-sign-in">
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={busy}
          aria-describedby="org-sign-in-help"
          onClick={onSignIn}
        >
          {t('signInWithOrg', [organisation || 'Outloud'])}
        </button>
      </div>
      <p id="org-sign-in-help" class="muted">
        {t('signInWithOrgHelp')}
      </p>
      <div aria-live="polite" data-testid="org-sign-in-result">
        {busy ? <p class="muted">{t('signInWithOrgBusy')}</p> : null}
        {failure ? <ErrorText lead={t('signInWithOrgFailed')} failure={failure} /> : null}
      </div>
    </div>
  );
}
