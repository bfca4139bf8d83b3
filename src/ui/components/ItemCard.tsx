/**
 * One item as every extension page shows it (feed entry, notification, an item in the side
 * panel's discussion): who, what they did, when, the item's page as a link that opens it in a
 * new tab (a snippet's at its quote, `itemLink`), and the item's own words: a bookmark's
 * description and tags, a snippet's quote and comment, a status (marked when it is a question),
 * a comment; "Copy link" (the item's web permalink) when the server has a public address.
 * Actions and threads go in `children`. All text is rendered as text.
 */
import type { ComponentChildren } from 'preact';
import type { Actor } from '../../core/messages.ts';
import { t } from '../../i18n/i18n.ts';
import { useEnv } from '../env.ts';
import { type AnyItem, itemLink, itemTitle } from '../items.ts';
import { usePermalinkBase } from '../use-permalink-base.ts';
import { Bdi } from './Bdi.tsx';
import { CopyPermalinkButton } from './CopyLinkButton.tsx';
import { FormerBadge } from './FormerBadge.tsx';
import { GroupLabel } from './GroupLabel.tsx';
import { TimeAgo } from './TimeAgo.tsx';

type Props = {
  actor: Actor;
  /** What the actor did ("bookmarked", "mentioned you"); none where a heading says it. */
  verb?: string;
  item: AnyItem;
  at: string;
  unread?: boolean;
  /** Links the item's page; off where the page shown is that page (the side panel). */
  showPage?: boolean;
  /** For snippets: the quote becomes a button that shows it on the page. */
  onShowQuote?(snippetId: string): void;
  /** Names of groups by id, for the label of an item shared with groups. */
  groupNames?: Readonly<Record<string, string>>;
  children?: ComponentChildren;
};

function Words({ item, onShowQuote }: Pick<Props, 'item' | 'onShowQuote'>) {
  switch (item.type) {
    case 'bookmark':
      return (
        <>
          {item.description ? (
            <p class="item-text">
              <Bdi>{item.description}</Bdi>
            </p>
          ) : null}
          {item.tags.length > 0 ? (
            <ul class="tags">
              {item.tags.map((tag) => (
                <li key={tag}>
                  #<Bdi>{tag}</Bdi>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      );
    case 'snippet': {
      const quote = (
        <>
          “<Bdi>{item.quote.exact}</Bdi>”
        </>
      );
      return (
        <>
          {onShowQuote ? (
            <button
              type="button"
              class="quote"
              data-quote={item.id}
              title={t('sidepanelShowOnPage')}
              onClick={() => onShowQuote(item.id)}
            >
              {quote}
            </button>
          ) : (
            <blockquote class="quote">{quote}</blockquote>
          )}
          {item.comment ? (
            <p class="item-text">
              <Bdi>{item.comment}</Bdi>
            </p>
          ) : null}
        </>
      );
    }
    case 'status':
      return (
        <p class="item-text">
          {item.question ? <span class="badge">{t('sidepanelQuestion')}</span> : null}{' '}
          <Bdi>{item.text}</Bdi>
        </p>
      );
    case 'comment':
      return (
        <p class="item-text">
          <Bdi>{item.text}</Bdi>
        </p>
      );
  }
}

export function ItemCard({
  actor,
  verb,
  item,
  at,
  unread,
  showPage = true,
  onShowQuote,
  groupNames,
  children,
}: Props) {
  const { openTab } = useEnv();
  const base = usePermalinkBase();
  const url = showPage ? itemLink(item) : null;
  return (
    <article class={`item ${item.type}${unread ? ' unread' : ''}`} data-item-id={item.id}>
      <p class="item-head">
        <strong title={`@${actor.handle}`}>
          <Bdi>{actor.name}</Bdi>
        </strong>{' '}
        {actor.former ? <FormerBadge /> : null}
        {verb ? <span>{verb}</span> : null} <TimeAgo iso={at} />
        {item.type !== 'comment' && item.visibility === 'private' ? (
          <span class="badge">{t('sidepanelPrivate')}</span>
        ) : null}
        {item.type !== 'comment' ? <GroupLabel item={item} names={groupNames} /> : null}
      </p>
      {url ? (
        <a
          class="item-link"
          href={url}
          target="_blank"
          rel="noreferrer"
          onClick={(e) => {
            e.preventDefault();
            openTab(url);
          }}
        >
          <Bdi>{itemTitle(item)}</Bdi>
        </a>
      ) : null}
      <Words item={item} onShowQuote={onShowQuote} />
      {base ? (
        <p class="item-actions">
          <CopyPermalinkButton base={base} id={item.id} />
        </p>
      ) : null}
      {children}
    </article>
  );
}
