/**
 * The one-click bookmark: as soon as the popup opens on an http(s) page it asks the background
 * to bookmark the tab (public by default; an existing bookmark of the page is opened instead of
 * a duplicate) and shows the editor. On other pages it says why nothing was saved.
 */
import { useState } from 'preact/hooks';
import type { UiResults } from '../core/messages.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { useEnv } from '../ui/env.ts';
import { t } from '../ui/i18n.ts';
import { useAsync } from '../ui/use-async.ts';
import { BookmarkEditor } from './BookmarkEditor.tsx';
import { cannotBookmarkText } from './cannot-bookmark.ts';

type Props = { tabId?: number; page: UiResults['tabInfo'] };

export function BookmarkPanel({ tabId, page }: Props) {
  const { call } = useEnv();
  const [attempt, setAttempt] = useState(0);
  const [removed, setRemoved] = useState(false);
  const saved = useAsync(
    () =>
      page.bookmarkable
        ? call('bookmarkTab', tabId === undefined ? {} : { tabId })
        : Promise.resolve(null),
    [tabId, page.bookmarkable, attempt],
  );

  if (!page.bookmarkable) {
    return (
      <section class="bookmark" aria-labelledby="bookmark-title">
        <h2 id="bookmark-title">{t('cannotBookmark')}</h2>
        <p>{cannotBookmarkText(page.reason)}</p>
      </section>
    );
  }
  if (removed) {
    return (
      <section class="bookmark" aria-labelledby="bookmark-title">
        <h2 id="bookmark-title" role="status">
          {t('bookmarkRemoved')}
        </h2>
        <div class="row">
          <button
            type="button"
            onClick={() => {
              setRemoved(false);
              setAttempt((n) => n + 1);
            }}
          >
            {t('bookmarkAgain')}
          </button>
        </div>
      </section>
    );
  }
  if (saved.state === 'loading') {
    return (
      <section class="bookmark" aria-busy="true">
        <h2 role="status">{t('bookmarkSaving')}</h2>
      </section>
    );
  }
  if (saved.state === 'error' || !saved.value) {
    return (
      <section class="bookmark">
        {saved.state === 'error' ? (
          <ErrorText lead={t('bookmarkFailed')} failure={saved.error} />
        ) : null}
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('tryAgain')}
        </button>
      </section>
    );
  }
  return (
    <BookmarkEditor
      key={`${saved.value.bookmark.id}:${attempt}`}
      bookmark={saved.value.bookmark}
      created={saved.value.created}
      removedParams={saved.value.removedParams}
      onRemoved={() => setRemoved(true)}
    />
  );
}
