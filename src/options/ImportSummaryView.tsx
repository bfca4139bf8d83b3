/** What an import did: counts of imported, already there and refused, and each refusal's reason. */
import type { ImportSummary } from '../core/messages.ts';
import { formatCount, t } from '../i18n/i18n.ts';

/** The message key for a refusal code (`not-http` → `importReason_not_http`). */
export function reasonKey(code: string): string {
  return `importReason_${code.replace(/-/g, '_')}`;
}

export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  return (
    <>
      <ul class="import-counts" data-testid="import-summary">
        <li data-count="imported">{t('importImported', formatCount(summary.imported))}</li>
        <li data-count="existing">{t('importExisting', formatCount(summary.existing))}</li>
        <li data-count="refused">{t('importRefused', formatCount(summary.refused.length))}</li>
      </ul>
      {summary.refused.length > 0 ? (
        <ul class="failed" aria-label={t('importRefused', formatCount(summary.refused.length))}>
          {summary.refused.map((r, i) => (
            <li key={`${i}:${r.url}`} data-code={r.code}>
              {t('importRefusedItem', [r.url, t(reasonKey(r.code))])}
            </li>
          ))}
        </ul>
      ) : null}
      {summary.imported > 0 ? <p class="muted">{t('importSyncNote')}</p> : null}
    </>
  );
}
