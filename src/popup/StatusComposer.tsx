/**
 * "What are you working on?": a status update with @mention autocomplete, optionally about the
 * current page and optionally marked as a question. Posting goes through the background's
 * outbox, so it works offline; Ctrl/Cmd+Enter posts from the text box.
 */
import { useState } from 'preact/hooks';
import { LIMITS } from '../core/limits.ts';
import type { UiResults } from '../core/messages.ts';
import { formatCount, t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { MentionTextarea } from '../ui/components/MentionTextarea.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';

type Props = { page: UiResults['tabInfo'] };

export function StatusComposer({ page }: Props) {
  const { call } = useEnv();
  const [text, setText] = useState('');
  const [attach, setAttach] = useState(false);
  const [question, setQuestion] = useState(false);
  const [posting, setPosting] = useState(false);
  const [posted, setPosted] = useState<UiResults['postStatus'] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const canAttach = page.bookmarkable && page.url !== null;
  const trimmed = text.trim();

  const post = async () => {
    if (!trimmed || posting) return;
    setPosting(true);
    setFailure(null);
    try {
      const status = await call('postStatus', {
        text: trimmed,
        ...(attach && canAttach && page.url ? { url: page.url, title: page.title } : {}),
        ...(question ? { question: true } : {}),
      });
      setPosted(status);
      setText('');
      setAttach(false);
      setQuestion(false);
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setPosting(false);
    }
  };

  return (
    <section class="status" aria-labelledby="status-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void post();
        }}
      >
        <label id="status-title" for="status-text">
          {t('statusPrompt')}
        </label>
        <MentionTextarea
          id="status-text"
          value={text}
          maxLength={LIMITS.statusText}
          placeholder={t('statusPlaceholder')}
          describedBy="status-help"
          onChange={(value) => {
            setText(value);
            if (posted) setPosted(null);
          }}
          onSubmit={() => void post()}
          search={(q) => call('searchPeople', { q, limit: 8 })}
        />
        <p id="status-help" class="muted counter">
          {t('statusHelp', [formatCount(text.length), formatCount(LIMITS.statusText)])}
        </p>
        <label class="inline">
          <input
            type="checkbox"
            checked={attach}
            disabled={!canAttach}
            onChange={(e) => setAttach(e.currentTarget.checked)}
          />
          {canAttach ? t('statusAttach', page.title || page.url || '') : t('statusAttachNone')}
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={question}
            onChange={(e) => setQuestion(e.currentTarget.checked)}
          />
          {t('statusQuestion')}
        </label>
        <div class="row">
          <button type="submit" class="primary" disabled={!trimmed || posting}>
            {question ? t('statusAsk') : t('statusPost')}
          </button>
        </div>
      </form>
      {posted ? (
        <p class="ok" role="status">
          {posted.mentions.length > 0
            ? t('statusPostedMentions', posted.mentions.map((h) => `@${h}`).join(', '))
            : t('statusPosted')}
        </p>
      ) : null}
      {failure ? <ErrorText lead={t('statusFailed')} failure={failure} /> : null}
    </section>
  );
}
