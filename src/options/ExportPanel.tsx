/** Export in the options page: the user's bookmarks from the local mirror as a bookmark file. */
import { useState } from 'preact/hooks';
import { formatCount, t, tPlural } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';

type Props = {
  disabled: boolean;
  /** Offers the file for download (a Blob URL and `<a download>` in the real page). */
  save(name: string, html: string): void;
};

type Outcome =
  | { kind: 'none' }
  | { kind: 'done'; count: number }
  | { kind: 'failed'; failure: Failure };

export function ExportPanel({ disabled, save }: Props) {
  const { call } = useEnv();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });

  const exportNow = async () => {
    setBusy(true);
    setOutcome({ kind: 'none' });
    try {
      const file = await call('exportBookmarks', {});
      save(`outloud-bookmarks-${file.handle}.html`, file.html);
      setOutcome({ kind: 'done', count: file.count });
    } catch (error) {
      setOutcome({ kind: 'failed', failure: toFailure(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="export">
      <h3>{t('exportTitle')}</h3>
      <p class="muted">{t('exportHelp')}</p>
      <div class="row">
        <button
          type="button"
          id="export-bookmarks"
          disabled={disabled || busy}
          onClick={() => void exportNow()}
        >
          {t('exportButton')}
        </button>
      </div>
      <div aria-live="polite" data-testid="export-result">
        {outcome.kind === 'done' ? (
          <p class="ok">{tPlural('exportDone', outcome.count, [formatCount(outcome.count)])}</p>
        ) : null}
        {outcome.kind === 'failed' ? (
          <ErrorText lead={t('exportFailed')} failure={outcome.failure} />
        ) : null}
      </div>
    </div>
  );
}
