/**
 * One activity line (feed entry or notification): who, what they did, when, and the item. The
 * page title is a link that opens the page in a new tab (a snippet's at its quote, `itemLink`);
 * all text is rendered as text.
 */
import type { ComponentChildren } from 'preact';
import { useEnv } from '../env.ts';
import { type AnyItem, itemLink, itemText, itemTitle } from '../items.ts';
import { Bdi } from './Bdi.tsx';
import { TimeAgo } from './TimeAgo.tsx';

type Props = {
  actor: { handle: string; name: string };
  verb: string;
  item: AnyItem;
  at: string;
  unread?: boolean;
  children?: ComponentChildren;
};

export function ItemCard({ actor, verb, item, at, unread, children }: Props) {
  const { openTab } = useEnv();
  const url = itemLink(item);
  const title = itemTitle(item);
  const text = itemText(item);
  return (
    <article class={unread ? 'item unread' : 'item'} data-item-id={item.id}>
      <p class="item-head">
        <strong title={`@${actor.handle}`}>
          <Bdi>{actor.name}</Bdi>
        </strong>{' '}
        <span>{verb}</span> <TimeAgo iso={at} />
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
          <Bdi>{title}</Bdi>
        </a>
      ) : null}
      {text ? (
        <p class="item-text">
          <Bdi>{text}</Bdi>
        </p>
      ) : null}
      {children}
    </article>
  );
}
