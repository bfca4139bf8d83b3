/**
 * Side panel: the current page's discussion. Bookmarks with descriptions and tags, snippets
 * with comments (a click scrolls the page to the highlight), statuses, comment threads with
 * replies and @mentions, likes; add a comment, like or unlike, share the page with a status.
 * Follows the active tab; everything goes through the background's message protocol.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { PageEngagement } from '../core/messages.ts';
import { isolate } from '../i18n/bidi.ts';
import { failureText, t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { toFailure } from '../ui/env.ts';
import type { SidePanelApi } from './api.ts';
import { ItemCard } from './ItemCard.tsx';
import type { Shared } from './parts.tsx';
import { StatusForm } from './StatusForm.tsx';

type View =
  | { state: 'loading' }
  | { state: 'unavailable'; reason: string }
  | { state: 'ready'; tabId: number; url: string; title: string; engagement: PageEngagement }
  | { state: 'error'; message: string };

function message(error: unknown): string {
  return failureText(toFailure(error));
}

export function SidePanel({ api }: { api: SidePanelApi }) {
  const [view, setView] = useState<View>({ state: 'loading' });
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const tab = await api.activeTab();
      if (!tab) return setView({ state: 'unavailable', reason: t('sidepanelNotPage') });
      const info = await api.call('tabInfo', { tabId: tab.id });
      if (!info.bookmarkable || !info.url) {
        return setView({ state: 'unavailable', reason: t('sidepanelNotPage') });
      }
      const engagement = await api.call('pageEngagement', { url: info.url });
      setView({ state: 'ready', tabId: tab.id, url: info.url, title: info.title, engagement });
    } catch (error) {
      setView({ state: 'error', message: message(error) });
    }
  }, [api]);

  useEffect(() => {
    void load();
    return api.onTabChange(() => void load());
  }, [api, load]);

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
        <p role="alert">{view.message}</p>
        <button type="button" onClick={() => void load()}>
          {t('sidepanelRetry')}
        </button>
      </main>
    );
  }

  const { engagement } = view;
  const names = new Map(engagement.people.map((p) => [p.handle, p.name || p.handle]));
  const shared: Shared = {
    api,
    engagement,
    nameOf: (handle) => names.get(handle) ?? handle,
    changed: () => void load(),
    fail: (error) => setProblem(message(error)),
  };
  const showQuote = (snippetId: string) =>
    void api.sendToTab(view.tabId, { type: 'outloud:scroll-to', snippetId });
  const empty =
    engagement.bookmarks.length + engagement.snippets.length + engagement.statuses.length === 0;

  return (
    <main>
      <h1>{t('sidepanelTitle')}</h1>
      <p class="page-title">
        <Bdi>{view.title}</Bdi>
      </p>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {engagement.people.length > 0 && (
        <p class="people">
          {t(
            'sidepanelPeople',
            engagement.people.map((p) => isolate(p.name || p.handle)).join(', '),
          )}
        </p>
      )}
      <StatusForm
        api={api}
        url={view.url}
        title={view.title}
        onPosted={shared.changed}
        fail={shared.fail}
      />
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
                <ItemCard key={item.id} item={item} shared={shared} onShowQuote={showQuote} />
              ))}
            </section>
          ),
      )}
    </main>
  );
}
