/**
 * Notifications: mentions of you, comments and likes on your items. Showing the list marks them
 * read; the ones that were unread when the list opened stay highlighted while it is shown.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { UiResults } from '../core/messages.ts';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { ItemCard } from '../ui/components/ItemCard.tsx';
import { type Failure, useEnv } from '../ui/env.ts';
import { useGroups } from '../ui/use-groups.ts';

type Props = {
  loaded: UiResults['notifications'] | null;
  failure: Failure | null;
  /** Called after the notifications were marked read, so the unread count can refresh. */
  onRead(): void;
};

export function NotificationList({ loaded, failure, onRead }: Props) {
  const { call } = useEnv();
  const groups = useGroups();
  const unreadSeen = useRef(new Set<string>());
  for (const n of loaded?.items ?? []) if (!n.read) unreadSeen.current.add(n.id);
  const marking = useRef(false);
  const hasUnread = (loaded?.unread ?? 0) > 0;

  useEffect(() => {
    if (!hasUnread || marking.current) return;
    marking.current = true;
    call('markNotificationsRead', {}).then(onRead, () => {
      marking.current = false;
    });
  }, [hasUnread, call, onRead]);

  if (failure) return <ErrorText failure={failure} />;
  if (!loaded) return <p class="muted">{t('loading')}</p>;
  if (loaded.items.length === 0) return <p class="muted">{t('notificationsEmpty')}</p>;
  return (
    <section class="notifications" aria-label={t('tabNotifications')}>
      {loaded.items.map((n) => (
        <ItemCard
          key={n.id}
          actor={n.actor}
          verb={t(`notificationVerb_${n.kind}`)}
          item={n.item}
          at={n.at}
          unread={unreadSeen.current.has(n.id)}
          groupNames={groups.names}
        />
      ))}
    </section>
  );
}
