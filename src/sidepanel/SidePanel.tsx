/**
 * Side panel: the current page's discussion. Bookmarks with descriptions and tags, snippets
 * with comments (a click scrolls the page to the highlight; "Copy link" copies the page opened
 * at the quote), statuses, comment threads with replies and @mentions, likes; add a comment,
 * like or unlike, share the page with a status.
 * Follows the active tab (or `tabId`); everything goes through the page environment.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { PageEngagement, UiResults } from '../core/messages.ts';
import { t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { CopyLinkButton } from '../ui/components/CopyLinkButton.tsx';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { ItemCard } from '../ui/components/ItemCard.tsx';
import { PeopleList } from '../ui/components/PeopleList.tsx';
import { StatusComposer } from '../ui/components/StatusComposer.tsx';
import { type Failure, toFailure, useEnv } from '../ui/env.ts';
import { useRefocus } from '../ui/use-refocus.ts';
import { type Discussion, DiscussionContext } from './discussion.ts';
import { CommentForm, LikeButton, Thread } from './parts.tsx';
import { threadFor } from './thread.ts';

type View =
  | { state: 'loading' }
  | { state: 'unavailable'; reason: string }
  | {
      state: 'ready';
      tabId: number;
      page: UiResults['tabInfo'];
      engagement: PageEngagement;
      me: string | null;
    }
  | { state: 'error'; failure: Failure };

export function SidePanel({ tabId }: { tabId?: number }) {
  const env = useEnv();
  const { call, activeTab, onTabChange, sendToTab } = env;
  const [view, setView] = useState<View>({ state: 'loading' });
  const [problem, setProblem] = useState<Failure | null>(null);
  const focus = useRefocus<HTMLElement>();

  const load = useCallback(async () => {
    try {
      const tab = await activeTab(tabId);
      if (!tab) return setView({ state: 'unavailable', reason: t('sidepanelNotPage') });
      const [page, status] = await Promise.all([
        call('tabInfo', { tabId: tab.id }),
        call('getStatus', {}),
      ]);
      if (!page.bookmarkable || !page.url) {
        return setView({ state: 'unavailable', reason: t('sidepanelNotPage') });
      }
      const engagement = await call('pageEngagement', { url: page.url });
      const me = status.me?.handle ?? null;
      setView({ state: 'ready', tabId: tab.id, page, engagement, me });
    } catch (error) {
      setView({ state: 'error', failure: toFailure(error) });
    }
  }, [call, activeTab, tabId]);

  useEffect(() => {
    void load();
    return onTabChange(() => void load());
  }, [onTabChange, load]);

  if (view.state === 'loading') return <main aria-busy="true">{t('sidepanelLoading')}</main>;
  if (view.state === 'unavailable') {
    return (
      <main>
        <h1>{t('sidepanelTitle')}</h1>
        <p>{view.reason}</p>
      </main>
    );
  }
  if (view.state === 'error') {
    return (
      <main>
        <h1>{t('sidepanelTitle')}</h1>
        <ErrorText failure={view.failure} />
        <button type="button" onClick={() => void load()}>
          {t('sidepanelRetry')}
        </button>
      </main>
    );
  }

  const { engagement, page } = view;
  const names = new Map(engagement.people.map((p) => [p.handle, p.name || p.handle]));
  const formerHandles = new Set(engagement.people.filter((p) => p.former).map((p) => p.handle));
  const discussion: Discussion = {
    engagement,
    me: view.me,
    nameOf: (handle) => names.get(handle) ?? handle,
    changed: () => void load(),
    fail: (error) => setProblem(toFailure(error)),
  };
  const showQuote = (snippetId: string) =>
    void sendToTab(view.tabId, { type: 'outloud:scroll-to', snippetId });
  const empty =
    engagement.bookmarks.length + engagement.snippets.length + engagement.statuses.length === 0;

  return (
    <DiscussionContext.Provider value={discussion}>
      <main class="sidepanel">
        <h1>{t('sidepanelTitle')}</h1>
        <p class="page-title">
          <Bdi>{page.title}</Bdi>
        </p>
        {problem ? <ErrorText failure={problem} /> : null}
        {engagement.people.length > 0 && (
          <section class="page-people" aria-labelledby="page-people-title" ref={focus.ref}>
            <h2 id="page-people-title">{t('sidepanelPeopleTitle')}</h2>
            <PeopleList
              people={engagement.people}
              me={view.me}
              onChanged={(handle) => {
                focus.later(`[data-follow="${CSS.escape(handle)}"]`);
                discussion.changed();
              }}
              onFailed={discussion.fail}
            />
          </section>
        )}
        <StatusComposer page={page} attachPage onPosted={discussion.changed} />
        {empty && <p>{t('sidepanelEmpty')}</p>}
        {(
          [
            ['bookmarks', engagement.bookmarks, 'sidepanelBookmarks'],
            ['snippets', engagement.snippets, 'sidepanelSnippets'],
            ['statuses', engagement.statuses, 'sidepanelStatuses'],
          ] as const
        ).map(
          ([kind, items, heading]) =>
            items.length > 0 && (
              <section key={kind} data-section={kind}>
                <h2>{t(heading)}</h2>
                {items.map((item) => (
                  <ItemCard
                    key={item.id}
                    actor={{
                      handle: item.owner,
                      name: discussion.nameOf(item.owner),
                      former: formerHandles.has(item.owner),
                    }}
                    item={item}
                    at={item.createdAt}
                    showPage={false}
                    onShowQuote={showQuote}
                    groupNames={engagement.groupNames}
                  >
                    <div class="actions">
                      <LikeButton id={item.id} />
                      {item.type === 'snippet' ? <CopyLinkButton snippet={item} /> : null}
                    </div>
                    <Thread nodes={threadFor(item.id, engagement.comments)} />
                    <CommentForm targetId={item.id} label={t('sidepanelCommentLabel')} />
                  </ItemCard>
                ))}
              </section>
            ),
        )}
      </main>
    </DiscussionContext.Provider>
  );
}
