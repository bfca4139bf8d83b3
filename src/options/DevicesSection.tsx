/**
 * "Your devices": the browsers and scripts signed in as the person (their live tokens on the
 * server), when each signed in and was last used, this browser marked; any other can be revoked
 * (signed out at its next request). This browser leaves through Sign out, which keeps what has
 * not been sent.
 */
import { useState } from 'preact/hooks';
import type { Device } from '../core/sign-in.ts';
import { t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { absoluteTime, relativeTime } from '../ui/time.ts';
import { useAsync } from '../ui/use-async.ts';

type Props = { handle: string };

export function DevicesSection({ handle }: Props) {
  const { call } = useEnv();
  const loaded = useAsync(() => call('listDevices', {}), [handle]);
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const list = devices ?? (loaded.state === 'ok' ? loaded.value : null);

  const revoke = async (device: Device) => {
    setBusy(device.id);
    setFailure(null);
    setRevoked(null);
    try {
      setDevices(await call('revokeDevice', { id: device.id }));
      setRevoked(device.name);
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card" aria-labelledby="devices-title" data-testid="devices">
      <h2 id="devices-title">{t('devicesTitle')}</h2>
      <p class="muted">{t('devicesHelp')}</p>
      {loaded.state === 'error' && !devices ? (
        <ErrorText lead={t('devicesFailed')} failure={loaded.error} />
      ) : null}
      {list === null && loaded.state === 'loading' ? <p class="muted">{t('loading')}</p> : null}
      {list ? (
        <ul class="devices">
          {list.map((d) => (
            <li key={d.id} data-testid="device" data-current={d.current ? 'true' : undefined}>
              <p>
                <strong>
                  <Bdi>{d.name || '—'}</Bdi>
                </strong>
                {d.current ? <span class="device-this">{t('deviceThis')}</span> : null}
              </p>
              <p class="muted device-times">
                <span title={absoluteTime(d.createdAt)}>
                  {t('deviceCreated', [relativeTime(d.createdAt)])}
                </span>
                {d.lastUsedAt ? (
                  <span title={absoluteTime(d.lastUsedAt)}>
                    {t('deviceLastUsed', [relativeTime(d.lastUsedAt)])}
                  </span>
                ) : (
                  <span>{t('deviceNeverUsed')}</span>
                )}
              </p>
              {d.current ? null : (
                <button
                  type="button"
                  disabled={busy !== null}
                  aria-label={t('deviceRevokeLabel', [d.name])}
                  onClick={() => void revoke(d)}
                >
                  {t('deviceRevoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <div aria-live="polite">
        {revoked !== null ? <p class="ok">{t('deviceRevoked', [revoked])}</p> : null}
        {failure ? <ErrorText lead={t('deviceRevokeFailed')} failure={failure} /> : null}
      </div>
    </section>
  );
}
