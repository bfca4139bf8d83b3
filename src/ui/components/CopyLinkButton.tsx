/**
 * "Copy link" buttons on extension pages: an item's web permalink (`<public URL>/items/{id}`,
 * on every item card when the server has a public address), and "Copy link to the quote" for a
 * snippet (its page opened at the quote, `snippetLink`). Each writes its link to the clipboard
 * and says whether it worked, in a live region beside the button.
 */
import { useState } from 'preact/hooks';
import { permalinkOf } from '../../core/permalink.ts';
import { type LinkedSnippet, snippetLink } from '../../core/text-fragment.ts';
import { t } from '../../i18n/i18n.ts';
import { useEnv } from '../env.ts';

function CopyButton(props: {
  text: string;
  label: string;
  copied: string;
  data: Record<string, string>;
}) {
  const { copyText } = useEnv();
  const [said, setSaid] = useState<string | null>(null);
  const copy = async () => {
    setSaid(null);
    try {
      await copyText(props.text);
      setSaid(props.copied);
    } catch {
      setSaid(t('copyLinkFailed'));
    }
  };
  return (
    <>
      <button type="button" class="link" {...props.data} onClick={() => void copy()}>
        {props.label}
      </button>
      <span role="status" class="muted">
        {said ?? ''}
      </span>
    </>
  );
}

/** "Copy link to the quote": the snippet's page opened at its quote. */
export function CopyLinkButton({ snippet }: { snippet: LinkedSnippet & { id: string } }) {
  return (
    <CopyButton
      text={snippetLink(snippet)}
      label={t('copyQuoteLink')}
      copied={t('linkCopied')}
      data={{ 'data-copy-link': snippet.id }}
    />
  );
}

/** "Copy link": item `id`'s web permalink under `base` (`usePermalinkBase`). */
export function CopyPermalinkButton({ base, id }: { base: string; id: string }) {
  return (
    <CopyButton
      text={permalinkOf(base, id)}
      label={t('copyLink')}
      copied={t('permalinkCopied')}
      data={{ 'data-copy-permalink': id }}
    />
  );
}
