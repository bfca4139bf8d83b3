/**
 * The toolbar popup. Signed out, it says so and points to the settings. Signed in, it bookmarks
 * the page at once (the save goes out with the very first messages, see `startSave`) and shows
 * it in the "This page" tab with who in your network engaged with the page; other tabs hold a
 * status update, the feed of your network, your notifications and your groups.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatCount, t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { StatusComposer } from '../ui/components/StatusComposer.tsx';
import { AutoRangeNotice, FirstSyncProgress } from '../ui/components/SyncNotices.tsx';
import { panelId, Tabs, tabId as tabElementId } from '../ui/components/Tabs.tsx';
import { useEnv } from '../ui/env.ts';
import { useAsync } from '../ui/use-async.ts';
import { useStatusPoll } from '../ui/use-status-poll.ts';
import { BookmarkPanel, startSave } from './BookmarkPanel.tsx';
import { FeedList } from './FeedList.tsx';
import { GroupsView } from './GroupsView.tsx';
import { NotificationList } from './NotificationList.tsx';
import { SignedOut } from './SignedOut.tsx';
import { SyncBanner } from './SyncBanner.tsx';
import { ThisPage } from './ThisPage.tsx';

type View = 'page' | 'status' | 'feed' | 'notifications' | 'groups';

export function Popup({ tabId }: { tabId?: number }) {
  const { call } = useEnv();
  const start = useAsync(
    () =>
      Promise.all([call('getStatus', {}), call('tabInfo', tabId === undefined ? {} : { tabId })]),
    [tabId],
  );
  const [firstSave] = useState(() => startSave(call, tabId));
  const [view, setView] = useState<View>('page');
  const [status, setStatus] = useState(start.state === 'ok' ? start.value[0] : null);
  const signedIn = status?.signedIn === true;
  const notes = useAsync(
    () => (signedIn ? call('notifications', {}) : Promise.resolve(null)),
    [signedIn],
  );

  useEffect(() => {
    if (start.state === 'ok') setStatus(start.value[0]);
  }, [start]);
  useStatusPoll(call, setStatus);

  const shell = (body: ComponentChildren) => (
    <main class="popup">
      <h1>{t('popupTitle')}</h1>
      {body}
    </main>
  );

  if (start.state === 'loading' || (start.state === 'ok' && !status)) {
    return shell(<p class="muted">{t('loading')}</p>);
  }
  if (start.state === 'error') return shell(<ErrorText failure={start.error} />);
  if (!status?.signedIn) return shell(<SignedOut error={status?.error ?? null} />);

  const page = start.value[1];
  const unread = notes.state === 'ok' && notes.value ? notes.value.unread : 0;
  const retry = () => {
    call('retryFailed', {}).then(setStatus, () => {});
  };

  return shell(
    <>
      <SyncBanner status={status} onRetry={retry} />
      <FirstSyncProgress status={status} />
      <AutoRangeNotice status={status} />
      <Tabs<View>
        idPrefix="popup"
        label={t('popupSections')}
        selected={view}
        onSelect={setView}
        tabs={[
          { key: 'page', label: t('tabThisPage') },
          { key: 'status', label: t('tabStatus') },
          { key: 'feed', label: t('tabFeed') },
          {
            key: 'notifications',
            label: t('tabNotifications'),
            badge: { count: unread, spoken: t('unreadCount', formatCount(unread)) },
          },
          { key: 'groups', label: t('tabGroups') },
        ]}
      />
      <div
        role="tabpanel"
        id={panelId('popup', view)}
        aria-labelledby={tabElementId('popup', view)}
        class="panel"
      >
        {/* The page panel stays mounted so switching tabs never re-runs the one-click save. */}
        <div hidden={view !== 'page'}>
          <BookmarkPanel tabId={tabId} page={page} firstSave={firstSave} />
          {page.bookmarkable && page.url ? (
            <ThisPage url={page.url} me={status.me?.handle ?? null} />
          ) : null}
        </div>
        {view === 'status' ? <StatusComposer page={page} /> : null}
        {view === 'feed' ? <FeedList /> : null}
        {view === 'notifications' ? (
          <NotificationList
            loaded={notes.state === 'ok' ? notes.value : null}
            failure={notes.state === 'error' ? notes.error : null}
            onRead={() => void notes.reload()}
          />
        ) : null}
        {view === 'groups' && status.me ? <GroupsView me={status.me.handle} /> : null}
      </div>
    </>,
  );
}
