/** The toolbar popup: one-click bookmark, status update, this page, feed and notifications. */
import { t } from '../ui/i18n.ts';

export function Popup() {
  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      <p>{t('popupNotSignedIn')}</p>
      <button type="button" onClick={() => chrome.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </main>
  );
}
