/**
 * Connecting to a server: its address and an API token, a Test connection button that says who
 * the token signs in as (or exactly why it failed), Sign in, and Sign out when signed in. When
 * signing out (or in as someone else) is refused because changes have not reached the server,
 * the choice between trying again and discarding them is shown in place (`PendingChoice`).
 */
import { useState } from 'preact/hooks';
import type { SyncStatus } from '../core/messages.ts';
import type { Person } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { type Pending, PendingChoice, pendingFrom } from './PendingChoice.tsx';

type Props = {
  status: SyncStatus;
  serverUrl: string;
  onSignedIn(): Promise<void>;
  onSignedOut(status: SyncStatus): void;
};

type Outcome =
  | { kind: 'none' }
  | { kind: 'busy' }
  | { kind: 'tested'; person: Person }
  | { kind: 'failed'; failure: Failure };

/** Checks the address before asking the background: http(s) and nothing else. */
function addressProblem(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return t('serverUrlInvalid');
  try {
    new URL(url);
    return null;
  } catch {
    return t('serverUrlInvalid');
  }
}

export function ConnectionSection({ status, serverUrl, onSignedIn, onSignedOut }: Props) {
  const { call } = useEnv();
  const [url, setUrl] = useState(serverUrl);
  const [token, setToken] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [pending, setPending] = useState<Pending | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  /** Shows the refusal `failure`: the pending choice when that is what it is about. */
  const refused = async (action: Pending['action'], failure: Failure) => {
    if (failure.code === 'pending') {
      try {
        setPending(pendingFrom(action, await call('getStatus', {})));
        return;
      } catch {
        // Without the count the background's own message says it.
      }
    }
    setPending(null);
    setOutcome({ kind: 'failed', failure });
  };

  const attempt = async (method: 'testConnection' | 'signIn', discardPending = false) => {
    const credentials = { serverUrl: url.trim().replace(/\/+$/, ''), token: token.trim() };
    const problem = addressProblem(credentials.serverUrl);
    if (problem)
      return setOutcome({ kind: 'failed', failure: { code: 'invalid-url', message: problem } });
    if (!credentials.token) {
      return setOutcome({
        kind: 'failed',
        failure: { code: 'no-token', message: t('tokenMissing') },
      });
    }
    setOutcome({ kind: 'busy' });
    try {
      const person =
        method === 'signIn'
          ? await call('signIn', discardPending ? { ...credentials, discardPending } : credentials)
          : await call('testConnection', credentials);
      if (method === 'signIn') {
        setToken('');
        setPending(null);
        await onSignedIn();
      }
      setOutcome({ kind: 'tested', person });
    } catch (error) {
      if (method === 'signIn') {
        setOutcome({ kind: 'none' });
        await refused('signIn', toFailure(error));
      } else setOutcome({ kind: 'failed', failure: toFailure(error) });
    }
  };

  const signOut = async (discardPending = false) => {
    setSigningOut(true);
    setOutcome({ kind: 'none' });
    try {
      await call('signOut', discardPending ? { discardPending } : {});
      setPending(null);
      onSignedOut(await call('getStatus', {}));
    } catch (error) {
      await refused('signOut', toFailure(error));
    } finally {
      setSigningOut(false);
    }
  };

  const choice = (action: Pending['action']) =>
    pending?.action === action ? (
      <PendingChoice
        pending={pending}
        busy={signingOut || outcome.kind === 'busy'}
        onRetry={() => void (action === 'signOut' ? signOut() : attempt('signIn'))}
        onDiscard={() => void (action === 'signOut' ? signOut(true) : attempt('signIn', true))}
      />
    ) : null;

  return (
    <section class="card" aria-labelledby="connection-title">
      <h2 id="connection-title">{t('connectionTitle')}</h2>
      {status.signedIn && status.me ? (
        <div class="row">
          <p class="ok" data-testid="signed-in-as">
            {t('signedInAs', [status.me.name, status.me.handle, serverUrl])}
          </p>
          <button type="button" disabled={signingOut} onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      ) : (
        <p class="muted">{t('connectionHelp')}</p>
      )}
      <div aria-live="polite">{signingOut ? <p class="muted">{t('signOutSending')}</p> : null}</div>
      {choice('signOut')}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void attempt('signIn');
        }}
      >
        <label for="server-url">{t('serverUrl')}</label>
        <input
          id="server-url"
          type="url"
          required
          placeholder="https://outloud.example.org"
          value={url}
          onInput={(e) => {
            setUrl(e.currentTarget.value);
            if (pending?.action === 'signIn') setPending(null);
          }}
        />
        <label for="api-token">{t('apiToken')}</label>
        <input
          id="api-token"
          type="password"
          autocomplete="off"
          aria-describedby="api-token-help"
          value={token}
          onInput={(e) => {
            setToken(e.currentTarget.value);
            if (pending?.action === 'signIn') setPending(null);
          }}
        />
        <p id="api-token-help" class="muted">
          {t('apiTokenHelp')}
        </p>
        <div class="row">
          <button
            type="button"
            onClick={() => void attempt('testConnection')}
            disabled={outcome.kind === 'busy'}
          >
            {t('testConnection')}
          </button>
          <button type="submit" class="primary" disabled={outcome.kind === 'busy'}>
            {status.signedIn ? t('signInAgain') : t('signIn')}
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="connection-result">
        {outcome.kind === 'busy' ? <p class="muted">{t('connectionChecking')}</p> : null}
        {outcome.kind === 'tested' ? (
          <p class="ok">{t('connectionWorks', [outcome.person.name, outcome.person.handle])}</p>
        ) : null}
        {outcome.kind === 'failed' ? (
          <ErrorText lead={t('connectionFailed')} failure={outcome.failure} />
        ) : null}
      </div>
      {choice('signIn')}
    </section>
  );
}
