/**
 * "What are you working on?": a status update with @mention autocomplete, optionally about the
 * current page, optionally marked as a question, for an audience (Public, some of my groups,
 * Only me; it starts at the one last chosen on the tab's site and remembers the one posted
 * with). The popup's Status tab and the side panel use it. Posting goes through the
 * background's outbox, so it works offline; Ctrl/Cmd+Enter posts from the text box.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Audience, audienceFields, PUBLIC } from '../../core/audience.ts';
import { LIMITS } from '../../core/limits.ts';
import type { UiResults } from '../../core/messages.ts';
import { formatCount, t } from '../../i18n/i18n.ts';
import { type Failure, toFailure, useEnv } from '../env.ts';
import { useAsync } from '../use-async.ts';
import { AudiencePicker } from './AudiencePicker.tsx';
import { ErrorText } from './ErrorText.tsx';
import { MentionTextarea } from './MentionTextarea.tsx';

type Props = {
  page: UiResults['tabInfo'];
  /** Whether "attach this page" starts ticked (the side panel is about the page). */
  attachPage?: boolean;
  /** After a status was posted. */
  onPosted?(status: UiResults['postStatus']): void;
};

/** A page title cut to the limit the server accepts, never inside a surrogate pair. */
function titleFor(title: string): string {
  return title.slice(0, LIMITS.title).replace(/[\uD800-\uDBFF]$/, '');
}

/** One of the composer's options: a checkbox inside its label. */
function Check(props: {
  name: string;
  checked: boolean;
  disabled?: boolean;
  label: string;
  onChange(checked: boolean): void;
}) {
  return (
    <label class="inline">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}

export function StatusComposer({ page, attachPage = false, onPosted }: Props) {
  const { call } = useEnv();
  const [text, setText] = useState('');
  const [attach, setAttach] = useState(attachPage);
  const [question, setQuestion] = useState(false);
  const site = page.url ?? undefined;
  const choices = useAsync(() => call('audienceChoices', site ? { url: site } : {}), [site]);
  const [audience, setAudience] = useState<Audience>(PUBLIC);
  const [picked, setPicked] = useState(false);
  // The site's last choice, until the person picks one here.
  useEffect(() => {
    if (choices.state === 'ok' && !picked) setAudience(choices.value.audience);
  }, [choices, picked]);
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
        ...(attach && canAttach && page.url ? { url: page.url, title: titleFor(page.title) } : {}),
        ...(question ? { question: true } : {}),
        ...(audience.kind === 'public' ? {} : audienceFields(audience)),
      });
      void call('rememberAudience', { ...(site ? { url: site } : {}), audience }).catch(
        () => undefined,
      );
      setPosted(status);
      setText('');
      setAttach(attachPage);
      setQuestion(false);
      onPosted?.(status);
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setPosting(false);
    }
  };

  return (
    <section class="status" aria-labelledby="status-title">
      <form
        class="status-form"
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
        <Check
          name="attach"
          checked={attach}
          disabled={!canAttach}
          onChange={setAttach}
          label={
            canAttach ? t('statusAttach', page.title || page.url || '') : t('statusAttachNone')
          }
        />
        <Check
          name="question"
          checked={question}
          onChange={setQuestion}
          label={t('statusQuestion')}
        />
        <AudiencePicker
          id="status"
          value={audience}
          groups={choices.state === 'ok' ? choices.value.groups : []}
          onChange={(next) => {
            setPicked(true);
            setAudience(next);
          }}
        />
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
