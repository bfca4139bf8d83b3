/**
 * The feed: recent activity of the people you follow (and your own), newest first; or, with a
 * group chosen in the filter, what was shared with that group. Items shared with groups carry
 * the groups' names.
 */

import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import { ErrorText } from '../ui/components/ErrorText.tsx';
import { ItemCard } from '../ui/components/ItemCard.tsx';
import { useEnv } from '../ui/env.ts';
import { feedVerbKey } from '../ui/items.ts';
import { useAsync } from '../ui/use-async.ts';
import { useGroups } from '../ui/use-groups.ts';

/** How many entries the popup shows. */
export const FEED_LIMIT = 30;

export function FeedList() {
  const { call } = useEnv();
  const groups = useGroups();
  const [group, setGroup] = useState('');
  const feed = useAsync(
    () => call('feed', { limit: FEED_LIMIT, ...(group ? { group } : {}) }),
    [group],
  );
  return (
    <section class="feed" aria-label={t('tabFeed')}>
      {groups.mine.length > 0 ? (
        <div class="feed-filter">
          <label for="feed-group">{t('feedGroupFilter')}</label>
          <select id="feed-group" value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
            <option value="">{t('feedGroupAll')}</option>
            {groups.mine.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {feed.state === 'loading' ? <p class="muted">{t('loading')}</p> : null}
      {feed.state === 'error' ? <ErrorText failure={feed.error} /> : null}
      {feed.state === 'ok' && feed.value.length === 0 ? (
        <p class="muted">{group ? t('feedGroupEmpty') : t('feedEmpty')}</p>
      ) : null}
      {feed.state === 'ok'
        ? feed.value.map((entry) => (
            <ItemCard
              key={entry.item.id}
              actor={entry.person}
              verb={t(feedVerbKey(entry.item))}
              item={entry.item}
              at={entry.item.createdAt}
              groupNames={groups.names}
            />
          ))
        : null}
    </section>
  );
}
