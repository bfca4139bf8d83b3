/**
 * "Import and export" in the options page: bookmarks in (from this browser or a bookmark file)
 * and out (a bookmark file). Both need a signed-in user: imports go through the outbox to their
 * account, exports come from their local mirror.
 */
import { t } from '../i18n/i18n.ts';
import { type BookmarkSource, browserBookmarks } from './browser-bookmarks.ts';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { saveFile } from './save-file.ts';

type Props = {
  signedIn: boolean;
  /** The browser's bookmarks (a fake in tests). */
  source?: BookmarkSource;
  /** Offers a file for download (a recorder in tests). */
  save?(name: string, html: string): void;
};

export function TransferSection({ signedIn, source = browserBookmarks(), save = saveFile }: Props) {
  return (
    <section class="card" aria-labelledby="transfer-title">
      <h2 id="transfer-title">{t('transferTitle')}</h2>
      <p class="muted">{signedIn ? t('transferHelp') : t('transferSignedOut')}</p>
      <ImportPanel source={source} disabled={!signedIn} />
      <ExportPanel disabled={!signedIn} save={save} />
    </section>
  );
}
