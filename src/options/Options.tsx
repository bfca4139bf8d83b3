/** Options page: server and token, privacy, sync status. Also the welcome page. */
import { t } from '../ui/i18n.ts';

export function Options() {
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <p>{t('optionsWelcome')}</p>
    </main>
  );
}
