/**
 * The snippet composer: the quote, a comment with @mention autocomplete, public or private,
 * and Share. Escape or Cancel closes it.
 */
import { useState } from 'preact/hooks';
import { LIMITS } from '../../core/limits.ts';
import type { Person, Quote, Visibility } from '../../core/wire.ts';
import { failureText, t } from '../../i18n/i18n.ts';
import { Bdi } from '../../ui/components/Bdi.tsx';
import { MentionTextarea } from '../../ui/components/MentionTextarea.tsx';
import { toFailure } from '../../ui/env.ts';
import { clampToViewport } from './SnippetCard.tsx';

export type ComposerProps = {
  quote: Quote;
  x: number;
  y: number;
  onShare(draft: { comment: string; visibility: Visibility }): Promise<void>;
  onCancel(): void;
  search(q: string): Promise<Person[]>;
};

export function Composer({ quote, x, y, onShare, onCancel, search }: ComposerProps) {
  const [comment, setComment] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pos = clampToViewport(x, y, 340, 260);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onShare({ comment: comment.trim(), visibility });
    } catch (err) {
      setError(failureText(toFailure(err)));
      setBusy(false);
    }
  };

  return (
    <form
      class="composer"
      data-outloud="composer"
      aria-label={t('contentComposerLabel')}
      style={{ left: `${pos.left}px`, top: `${pos.top}px` }}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <blockquote data-outloud="quote">
        <Bdi>{quote.exact}</Bdi>
      </blockquote>
      <MentionTextarea
        id="outloud-comment"
        value={comment}
        label={t('contentCommentLabel')}
        placeholder={t('contentCommentPlaceholder')}
        maxLength={LIMITS.comment}
        autoFocus
        onChange={setComment}
        search={search}
      />
      <label>
        {t('contentAudienceLabel')}
        <select
          value={visibility}
          data-outloud="visibility"
          onChange={(e) => setVisibility(e.currentTarget.value as Visibility)}
        >
          <option value="public">{t('contentAudiencePublic')}</option>
          <option value="private">{t('contentAudiencePrivate')}</option>
        </select>
      </label>
      {error && (
        <p class="notice-inline" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="button" class="secondary" onClick={onCancel}>
          {t('contentCancel')}
        </button>
        <button type="submit" class="primary" data-outloud="share" disabled={busy}>
          {t('contentShare')}
        </button>
      </div>
    </form>
  );
}
