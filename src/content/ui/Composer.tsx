/**
 * The snippet composer: the quote, a comment with @mention autocomplete, the audience (Public,
 * my groups, Only me; it starts at the one last chosen on this site) and Share. Escape or
 * Cancel closes it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Audience, PUBLIC } from '../../core/audience.ts';
import { LIMITS } from '../../core/limits.ts';
import type { AudienceChoices, GroupChoice } from '../../core/messages.ts';
import type { Person, Quote } from '../../core/wire.ts';
import { failureText, t } from '../../i18n/i18n.ts';
import { AudiencePicker } from '../../ui/components/AudiencePicker.tsx';
import { Bdi } from '../../ui/components/Bdi.tsx';
import { MentionTextarea } from '../../ui/components/MentionTextarea.tsx';
import { toFailure } from '../../ui/env.ts';
import { clampToViewport } from './SnippetCard.tsx';

export type ComposerProps = {
  quote: Quote;
  x: number;
  y: number;
  onShare(draft: { comment: string; audience: Audience }): Promise<void>;
  onCancel(): void;
  search(q: string): Promise<Person[]>;
  /** The site's remembered audience and the person's groups (public and none until known). */
  choices(): Promise<AudienceChoices>;
};

export function Composer({ quote, x, y, onShare, onCancel, search, choices }: ComposerProps) {
  const [comment, setComment] = useState('');
  const [audience, setAudience] = useState<Audience>(PUBLIC);
  const [groups, setGroups] = useState<readonly GroupChoice[]>([]);
  const picked = useRef(false);
  useEffect(() => {
    let live = true;
    choices().then(
      (c) => {
        if (!live) return;
        setGroups(c.groups);
        // The site's last choice, unless the person already picked one here.
        if (!picked.current) setAudience(c.audience);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [choices]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pos = clampToViewport(x, y, 340, 260);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onShare({ comment: comment.trim(), audience });
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
      <AudiencePicker
        id="outloud-audience"
        value={audience}
        groups={groups}
        onChange={(next) => {
          picked.current = true;
          setAudience(next);
        }}
      />
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
