/**
 * The options page, also shown as the welcome page on install: the server connection, privacy
 * choices, the sync status, and bookmark import and export. Settings and status come from the
 * background, which owns them.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings, SyncStatus } from '../core/messages.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { useEnv } from '../ui/env.ts';
import { useAsync } from '../ui/use-async.ts';
import { useStatusPoll } from '../ui/use-status-poll.ts';
import { ConnectionSection } from './ConnectionSection.tsx';
import { DevicesSection } from './DevicesSection.tsx';
import { PrivacySection } from './PrivacySection.tsx';
import { SyncSection } from './SyncSection.tsx';
import { TransferSection } from './TransferSection.tsx';
import { useAuthConfig } from './use-auth-config.ts';

export function Options() {
  const { call } = useEnv();
  const start = useAsync(() => Promise.all([call('getStatus', {}), call('getSettings', {})]), []);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    if (start.state !== 'ok') return;
    setStatus(start.value[0]);
    setSettings(start.value[1]);
  }, [start]);
  useStatusPoll(call, setStatus);
  // The organisation's first-run page: one "Sign in with <organisation>" button, when its
  // policy asks for it and its server offers that sign-in.
  const managed = settings?.managed;
  const preset = useAuthConfig(managed?.oneClickSignIn ? (settings?.serverUrl ?? '') : '');
  const oneClick = status !== null && !status.signedIn && preset?.oidc === true;

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {status?.signedIn || oneClick ? null : <p>{t('optionsWelcome')}</p>}
      {start.state === 'error' ? <ErrorText failure={start.error} /> : null}
      {status && settings ? (
        <>
          <ConnectionSection
            status={status}
            serverUrl={settings.serverUrl}
            managed={managed}
            oneClick={oneClick}
            onSignedIn={async () => {
              const [s, st] = await Promise.all([call('getStatus', {}), call('getSettings', {})]);
              setStatus(s);
              setSettings(st);
            }}
            onSignedOut={(s) => setStatus(s)}
          />
          {oneClick ? null : (
            <>
              <PrivacySection settings={settings} lookup={status.lookup} onSettings={setSettings} />
              <SyncSection status={status} onStatus={setStatus} />
              {status.signedIn && status.me ? <DevicesSection handle={status.me.handle} /> : null}
              <TransferSection signedIn={status.signedIn} />
            </>
          )}
        </>
      ) : start.state === 'loading' ? (
        <p class="muted">{t('loading')}</p>
      ) : null}
    </main>
  );
}
