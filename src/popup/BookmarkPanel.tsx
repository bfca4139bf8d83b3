/**
 * The one-click bookmark: as soon as the popup opens on an http(s) page it asks the background
 * to bookmark the tab (public by default; an existing bookmark of the page is opened instead of
 * a duplicate) and shows the editor. On other pages it says why nothing was saved.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { UiResults } from '../core/messages.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { type Call, useEnv } from '../ui/env.ts';
import { useAsync } from '../ui/use-async.ts';
import { BookmarkEditor } from './BookmarkEditor.tsx';
import { cannotBookmarkText } from './cannot-bookmark.ts';

type Props = {
  tabId?: number;
  page: UiResults['tabInfo'];
  /** The save the popup started on opening; used for the first attempt. */
  firstSave: Promise<UiResults['bookmarkTab']>;
};

/** The performance mark set when the background has stored the one-click bookmark. */
export const STORED_MARK = 'outloud:bookmark-stored';

/**
 * Asks the background to bookmark the tab and marks the moment it is stored. The popup calls
 * this as soon as it opens, before it knows whether the user is signed in or the page can be
 * saved: the background refuses both cases before writing anything, and the answer arrives one
 * round trip sooner than if it waited.
 */
export function startSave(
  call: Call,
  tabId: number | undefined,
): Promise<UiResults['bookmarkTab']> {
  const saving = call('bookmarkTab', tabId === undefined ? {} : { tabId }).then((result) => {
    // User Timing mark read by `npm run bench -- popup` (popup open → bookmark stored).
    performance.mark(STORED_MARK);
    return result;
  });
  saving.catch(() => undefined);
  return saving;
}

export function BookmarkPanel({ tabId, page, firstSave }: Props) {
  const { call } = useEnv();
  const [attempt, setAttempt] = useState(0);
  const [removed, setRemoved] = useState(false);
  // Undo removes the focused button with the editor: focus moves to "Save it again".
  const saveAgain = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (removed) saveAgain.current?.focus();
  }, [removed]);
  const saved = useAsync(
    () =>
      page.bookmarkable
        ? attempt === 0
          ? firstSave
          : startSave(call, tabId)
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
            ref={saveAgain}
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
