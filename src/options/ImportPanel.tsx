/**
 * Import in the options page: public or private, then either the browser's own bookmarks
 * (asking for the optional `bookmarks` permission on the click, not before) or a Netscape
 * bookmark file; a progress bar while the batches go to the background, then a summary.
 */
import { useState } from 'preact/hooks';
import { fileEntries, fromBookmarkTree } from '../core/import-entry.ts';
import { LIMITS } from '../core/limits.ts';
import type { Visibility } from '../core/wire.ts';
import { formatCount, t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { toFailure, useEnv } from '../ui/env.ts';
import type { BookmarkSource } from './browser-bookmarks.ts';
import { ImportSummaryView } from './ImportSummaryView.tsx';
import { useImport } from './use-import.ts';

type Props = { source: BookmarkSource; disabled: boolean };

export function ImportPanel({ source, disabled }: Props) {
  const { call } = useEnv();
  const [visibility, setVisibility] = useState<Visibility>('public');
  const { run, busy, start, fail } = useImport(call);

  const fromBrowser = () => {
    // Called synchronously in the click handler: the permission prompt needs the user gesture.
    const granted = source.request();
    void granted
      .then(async (ok) => {
        if (!ok) {
          return fail({ code: 'permission-denied', message: t('importPermissionDenied') });
        }
        const entries = fromBookmarkTree(await source.tree());
        await start(entries, visibility, 'importNothingInBrowser');
      })
      .catch((error) => fail(toFailure(error)));
  };

  const fromFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    // Cleared at once, so choosing the same file again imports it again.
    input.value = '';
    if (!file) return;
    try {
      const read = fileEntries(await file.text());
      if ('tooMany' in read) {
        const counts = [formatCount(read.tooMany), formatCount(LIMITS.importBookmarks)];
        return fail({ code: 'too-many', message: t('importTooMany', counts) });
      }
      await start(read.entries, visibility, 'importNothingInFile');
    } catch (error) {
      fail(toFailure(error));
    }
  };

  const off = disabled || busy;
  return (
    <div class="import">
      <h3 id="import-title">{t('importTitle')}</h3>
      <fieldset>
        <legend>{t('importVisibilityLegend')}</legend>
        {(['public', 'private'] as const).map((v) => (
          <label key={v} class="inline">
            <input
              type="radio"
              name="import-visibility"
              value={v}
              checked={visibility === v}
              disabled={off}
              onChange={() => setVisibility(v)}
            />
            {v === 'public' ? t('importPublic') : t('importPrivate')}
          </label>
        ))}
        <p class="muted">{t('importVisibilityHelp')}</p>
      </fieldset>
      <div class="row">
        <button
          type="button"
          id="import-browser"
          aria-describedby="import-browser-help"
          disabled={off}
          onClick={fromBrowser}
        >
          {t('importBrowser')}
        </button>
      </div>
      <p id="import-browser-help" class="muted">
        {t('importBrowserHelp')}
      </p>
      <label for="import-file">{t('importFileLabel')}</label>
      <input
        id="import-file"
        type="file"
        accept=".html,.htm,text/html"
        aria-describedby="import-file-help"
        disabled={off}
        onChange={(e) => void fromFile(e.currentTarget)}
      />
      <p id="import-file-help" class="muted">
        {t('importFileHelp', [formatCount(LIMITS.importBookmarks), String(LIMITS.folderDepth)])}
      </p>
      <div aria-live="polite" data-testid="import-result">
        {run.state === 'running' ? (
          <>
            <progress
              id="import-progress"
              max={run.total}
              value={run.done}
              aria-label={t('importProgressLabel')}
            />
            <p class="muted">
              {t('importProgress', [formatCount(run.done), formatCount(run.total)])}
            </p>
          </>
        ) : null}
        {run.state === 'done' ? (
          <>
            <p class="ok">{t('importDone')}</p>
            <ImportSummaryView summary={run.summary} />
          </>
        ) : null}
        {run.state === 'empty' ? <p class="notice">{t(run.messageKey)}</p> : null}
        {run.state === 'failed' ? (
          <>
            <ErrorText lead={t('importFailed')} failure={run.failure} />
            {run.summary.imported + run.summary.existing + run.summary.refused.length > 0 ? (
              <ImportSummaryView summary={run.summary} />
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
