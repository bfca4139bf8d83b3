/**
 * The excluded-sites list: sites where Outloud shows no overlay and captures nothing. Each site
 * can be removed; a new one is added as a host name (`bank.example`, with its subdomains) or a
 * wildcard suffix (`*.bank`); a pasted URL is reduced to its host (`normalizePattern`). Sites
 * the organisation excluded (`preset`) are marked as set by it and have no Remove.
 */
import { useState } from 'preact/hooks';
import { normalizePattern } from '../core/excluded-sites.ts';
import { t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';

type Props = { sites: string[]; preset?: readonly string[]; onChange(sites: string[]): void };

export function ExcludedSites({ sites, preset = [], onChange }: Props) {
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const add = () => {
    const site = normalizePattern(draft);
    if (!site) {
      setProblem(t('excludedInvalid'));
      return;
    }
    setProblem(null);
    setDraft('');
    if (!sites.includes(site)) onChange([...sites, site]);
  };

  return (
    <div class="excluded">
      <h3 id="excluded-title">{t('excludedTitle')}</h3>
      <p class="muted">{t('excludedHelp')}</p>
      <ul class="sites" aria-labelledby="excluded-title">
        {sites.map((site) => (
          <li key={site}>
            <Bdi>{site}</Bdi>
            {preset.includes(site) ? (
              <span class="muted" data-testid="managed-site">
                {' '}
                {t('managedSet')}
              </span>
            ) : (
              <button
                type="button"
                aria-label={t('excludedRemove', site)}
                onClick={() => onChange(sites.filter((s) => s !== site))}
              >
                {t('remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label class="sr-only" for="excluded-add">
          {t('excludedAddLabel')}
        </label>
        <input
          id="excluded-add"
          type="text"
          placeholder="bank.example.com"
          value={draft}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'excluded-problem' : undefined}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit">{t('excludedAdd')}</button>
      </form>
      {problem ? (
        <p id="excluded-problem" class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
