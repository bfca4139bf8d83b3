/** The feed: recent activity of the people you follow (and your own), newest first. */

import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { ItemCard } from '../ui/components/ItemCard.tsx';
import { useEnv } from '../ui/env.ts';
import { feedVerbKey } from '../ui/items.ts';
import { useAsync } from '../ui/use-async.ts';

/** How many entries the popup shows. */
export const FEED_LIMIT = 30;

export function FeedList() {
  const { call } = useEnv();
  const feed = useAsync(() => call('feed', { limit: FEED_LIMIT }), []);
  if (feed.state === 'loading') return <p class="muted">{t('loading')}</p>;
  if (feed.state === 'error') return <ErrorText failure={feed.error} />;
  if (feed.value.length === 0) return <p class="muted">{t('feedEmpty')}</p>;
  return (
    <section class="feed" aria-label={t('tabFeed')}>
      {feed.value.map((entry) => (
        <ItemCard
          key={entry.item.id}
          actor={entry.person}
          verb={t(feedVerbKey(entry.item))}
          item={entry.item}
          at={entry.item.createdAt}
        />
      ))}
    </section>
  );
}
