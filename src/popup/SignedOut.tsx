/** The popup when no server is connected: says so, with the reason if one is known. */

import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import type { Failure } from '../ui/env.ts';
import { useEnv } from '../ui/env.ts';

export function SignedOut({ error }: { error: Failure | null }) {
  const { openOptions } = useEnv();
  return (
    <section aria-labelledby="signed-out-title">
      <h2 id="signed-out-title">{t('popupNotSignedIn')}</h2>
      <p>{t('popupNotSignedInHelp')}</p>
      {error ? <ErrorText lead={t('syncErrorLead')} failure={error} /> : null}
      <div class="row">
        <button type="button" class="primary" onClick={openOptions}>
          {t('openOptions')}
        </button>
      </div>
    </section>
  );
}
