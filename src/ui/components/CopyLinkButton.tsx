/**
 * "Copy link" for a snippet on an extension page (the side panel): writes the snippet's address
 * (its page opened at the quote, `snippetLink`) to the clipboard and says whether it worked, in
 * a live region beside the button.
 */
import { useState } from 'preact/hooks';
import { type LinkedSnippet, snippetLink } from '../../core/text-fragment.ts';
import { t } from '../../i18n/i18n.ts';
import { useEnv } from '../env.ts';

export function CopyLinkButton({ snippet }: { snippet: LinkedSnippet & { id: string } }) {
  const { copyText } = useEnv();
  const [said, setSaid] = useState<'linkCopied' | 'copyLinkFailed' | null>(null);
  const copy = async () => {
    setSaid(null);
    try {
      await copyText(snippetLink(snippet));
      setSaid('linkCopied');
    } catch {
      setSaid('copyLinkFailed');
    }
  };
  return (
    <>
      <button type="button" class="link" data-copy-link={snippet.id} onClick={() => void copy()}>
        {t('copyLink')}
      </button>
      <span role="status" class="muted">
        {said ? t(said) : ''}
      </span>
    </>
  );
}
