/** Side panel: the current page's discussion. */
import { t } from '../ui/i18n.ts';

export function SidePanel() {
  return (
    <main>
      <h1>{t('sidepanelTitle')}</h1>
      <p>{t('sidepanelEmpty')}</p>
    </main>
  );
}
