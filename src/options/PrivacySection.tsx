/**
 * Privacy choices: how the overlay looks pages up (and what each mode sends), the sites where
 * Outloud stays silent, and whether the overlay and link marks show at all. Each change is
 * saved through `setSettings` at once. A lookup mode the organisation preset shows locked,
 * "Set by your organisation"; so do the sites it excluded.
 */
import { useState } from 'preact/hooks';
import { LOCAL_COPY_BUDGET } from '../core/lookup-choice.ts';
import type { LookupChoice, LookupMode, Settings } from '../core/messages.ts';
import { formatCount, t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { Switch } from '../ui/components/Switch.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { ExcludedSites } from './ExcludedSites.tsx';

type Props = {
  settings: Settings;
  /** The mode in use and the automatic choice behind it (from the sync status). */
  lookup: LookupChoice;
  onSettings(settings: Settings): void;
};

const MODES: LookupMode[] = ['local', 'range', 'exact'];

export function PrivacySection({ settings, lookup, onSettings }: Props) {
  const { call } = useEnv();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);

  const change = async (patch: Parameters<typeof call<'setSettings'>>[1]) => {
    setFailure(null);
    setSaved(false);
    try {
      onSettings(await call('setSettings', patch));
      setSaved(true);
    } catch (error) {
      setFailure(toFailure(error));
    }
  };

  const locked = settings.managed?.lookupMode === true;
  return (
    <section class="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t('privacyTitle')}</h2>
      <fieldset disabled={locked} aria-describedby={locked ? 'lookup-managed' : undefined}>
        <legend>{t('lookupModeTitle')}</legend>
        {locked ? (
          <p id="lookup-managed" class="muted" data-testid="managed-lookup">
            {t('managedSet')}
          </p>
        ) : null}
        <div>
          <label class="inline">
            <input
              type="radio"
              name="lookup-mode"
              value="auto"
              checked={!settings.lookupModeChosen}
              aria-describedby="lookup-auto-help lookup-auto-now"
              onChange={() => void change({ lookupModeChosen: false })}
            />
            {t('lookupMode_auto')}
          </label>
          <p id="lookup-auto-help" class="muted">
            {t('lookupModeHelp_auto', [formatCount(lookup.auto?.budget ?? LOCAL_COPY_BUDGET)])}
          </p>
          <p id="lookup-auto-now" class="muted" data-testid="lookup-auto-now">
            {lookup.auto
              ? t('lookupAutoNow', [
                  t(`lookupMode_${lookup.auto.mode}`),
                  formatCount(lookup.auto.items),
                ])
              : t('lookupAutoUnknown', [t('lookupMode_local')])}
          </p>
        </div>
        {MODES.map((mode) => (
          <div key={mode}>
            <label class="inline">
              <input
                type="radio"
                name="lookup-mode"
                value={mode}
                checked={settings.lookupModeChosen && settings.lookupMode === mode}
                aria-describedby={`lookup-${mode}-help`}
                onChange={() => void change({ lookupMode: mode })}
              />
              {t(`lookupMode_${mode}`)}
            </label>
            <p id={`lookup-${mode}-help`} class="muted">
              {t(`lookupModeHelp_${mode}`)}
            </p>
          </div>
        ))}
      </fieldset>
      <h3>{t('displayTitle')}</h3>
      <div>
        <Switch
          id="overlay-switch"
          checked={settings.overlay}
          label={t('overlaySwitch')}
          onChange={(overlay) => void change({ overlay })}
        />
      </div>
      <div>
        <Switch
          id="linkmarks-switch"
          checked={settings.linkMarks}
          label={t('linkMarksSwitch')}
          onChange={(linkMarks) => void change({ linkMarks })}
        />
      </div>
      <ExcludedSites
        sites={settings.excludedSites}
        preset={settings.managed?.excludedSites ?? []}
        onChange={(excludedSites) => void change({ excludedSites })}
      />
      <p aria-live="polite" class="muted">
        {saved ? t('settingsSaved') : null}
      </p>
      {failure ? <ErrorText lead={t('settingsFailed')} failure={failure} /> : null}
    </section>
  );
}
