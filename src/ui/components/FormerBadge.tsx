/** The mark beside the name of someone an admin deactivated: "former colleague". */
import { t } from '../../i18n/i18n.ts';

export function FormerBadge() {
  return <span class="badge former">{t('personFormer')}</span>;
}
