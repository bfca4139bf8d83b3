/**
 * Connecting to a server: its address; "Sign in with <organisation>" first when the server
 * offers it (`OrgSignIn`); an API token with a Test connection button that says who the token
 * signs in as (or exactly why it failed) and Sign in, the second choice then (folded away when
 * the organisation prefers its own sign-in); Sign out when signed in. When signing out (or in
 * as someone else) is refused because changes have not reached the server, the choice between
 * trying again and discarding them is shown in place (`PendingChoice`). With `oneClick` (the
 * organisation's first-run page) only the organisation's button shows.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ManagedLocks, SyncStatus } from '../core/messages.ts';
import type { Person } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { SignInAgain } from '../ui/components/SignInAgain.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { OrgSignIn } from './OrgSignIn.tsx';
import { type Pending, PendingChoice, pendingFrom } from './PendingChoice.tsx';
import { cleanAddress, useAuthConfig } from './use-auth-config.ts';

type Props = {
  status: SyncStatus;
  serverUrl: string;
  /** What the organisation presets (the server address, preferring its sign-in). */
  managed?: ManagedLocks;
  /** The organisation's first-run page: its sign-in button alone. */
  oneClick?: boolean;
  onSignedIn(): Promise<void>;
  onSignedOut(status: SyncStatus): void;
};

type OrgState = { kind: 'none' } | { kind: 'busy' } | { kind: 'failed'; failure: Failure };

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

export function ConnectionSection(props: Props) {
  const { status, serverUrl, managed, oneClick, onSignedIn, onSignedOut } = props;
  const { call } = useEnv();
  const [url, setUrl] = useState(serverUrl);
  const [org, setOrg] = useState<OrgState>({ kind: 'none' });
  const config = useAuthConfig(managed?.serverUrl ? serverUrl : url);
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

  const signInWithOrg = async (discardPending = false) => {
    const address = cleanAddress(managed?.serverUrl ? serverUrl : url);
    const problem = addressProblem(address);
    if (problem) {
      return setOrg({ kind: 'failed', failure: { code: 'invalid-url', message: problem } });
    }
    setOutcome({ kind: 'none' });
    setOrg({ kind: 'busy' });
    try {
      await call(
        'signInWithOrganisation',
        discardPending ? { serverUrl: address, discardPending } : { serverUrl: address },
      );
      setPending(null);
      setOrg({ kind: 'none' });
      await onSignedIn();
    } catch (error) {
      const failure = toFailure(error);
      setOrg(failure.code === 'pending' ? { kind: 'none' } : { kind: 'failed', failure });
      if (failure.code === 'pending') await refused('orgSignIn', failure);
      else setPending(null);
    }
  };

  const attempt = async (method: 'testConnection' | 'signIn', discardPending = false) => {
    const address = managed?.serverUrl ? serverUrl : url;
    const credentials = { serverUrl: cleanAddress(address), token: token.trim() };
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

  const again = (action: Pending['action'], discard: boolean) =>
    action === 'signOut'
      ? signOut(discard)
      : action === 'orgSignIn'
        ? signInWithOrg(discard)
        : attempt('signIn', discard);
  const choice = (action: Pending['action']) =>
    pending?.action === action ? (
      <PendingChoice
        pending={pending}
        busy={signingOut || outcome.kind === 'busy' || org.kind === 'busy'}
        onRetry={() => void again(action, false)}
        onDiscard={() => void again(action, true)}
      />
    ) : null;

  const orgButton = config?.oidc ? (
    <>
      <OrgSignIn
        organisation={config.organisation}
        busy={org.kind === 'busy'}
        failure={org.kind === 'failed' ? org.failure : null}
        onSignIn={() => void signInWithOrg()}
      />
      {choice('orgSignIn')}
    </>
  ) : null;

  if (oneClick && orgButton) {
    return (
      <section class="card" aria-labelledby="connection-title">
        <h2 id="connection-title">{t('connectionTitle')}</h2>
        <p>{t('oneClickWelcome')}</p>
        {orgButton}
      </section>
    );
  }

  /** The token sign-in: the second choice below the organisation's, or folded away. */
  const tokenSignIn = (form: ComponentChildren) =>
    !config?.oidc ? (
      form
    ) : managed?.preferOidc ? (
      <details class="token-sign-in">
        <summary>{t('tokenSignInFolded')}</summary>
        {form}
      </details>
    ) : (
      <>
        <h3>{t('tokenSignInTitle')}</h3>
        {form}
      </>
    );

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
      <SignInAgain status={status} />
      <label for="server-url">{t('serverUrl')}</label>
      <input
        id="server-url"
        type="url"
        required
        placeholder="https://outloud.example.org"
        value={managed?.serverUrl ? serverUrl : url}
        readOnly={managed?.serverUrl === true}
        aria-describedby={managed?.serverUrl ? 'server-url-managed' : undefined}
        onInput={(e) => {
          setUrl(e.currentTarget.value);
          if (pending?.action !== 'signOut') setPending(null);
        }}
      />
      {managed?.serverUrl ? (
        <p id="server-url-managed" class="muted" data-testid="managed-server">
          {t('managedSet')}
        </p>
      ) : null}
      {orgButton}
      {tokenSignIn(
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void attempt('signIn');
          }}
        >
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
        </form>,
      )}
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
