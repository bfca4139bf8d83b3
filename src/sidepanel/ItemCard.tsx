/** One of the page's items in the side panel: a bookmark, a snippet or a status, with its discussion. */
import type { Bookmark, Snippet, Status } from '../core/wire.ts';
import { t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { CommentForm, LikeButton, type Shared, Thread, when } from './parts.tsx';
import { threadFor } from './thread.ts';

export type ItemCardProps = {
  item: Bookmark | Snippet | Status;
  shared: Shared;
  /** For snippets: scroll the page to the highlight. */
  onShowQuote?(id: string): void;
};

function Body({ item, onShowQuote }: Omit<ItemCardProps, 'shared'>) {
  if (item.type === 'bookmark') {
    return (
      <>
        {item.description && (
          <p class="text">
            <Bdi>{item.description}</Bdi>
          </p>
        )}
        {item.tags.length > 0 && (
          <ul class="tags">
            {item.tags.map((tag) => (
              <li key={tag}>
                #<Bdi>{tag}</Bdi>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  if (item.type === 'snippet') {
    return (
      <>
        <button
          type="button"
          class="quote"
          data-quote={item.id}
          title={t('sidepanelShowOnPage')}
          onClick={() => onShowQuote?.(item.id)}
        >
          “<Bdi>{item.quote.exact}</Bdi>”
        </button>
        {item.comment && (
          <p class="text">
            <Bdi>{item.comment}</Bdi>
          </p>
        )}
      </>
    );
  }
  return (
    <p class="text">
      {item.question && <span class="badge">{t('sidepanelQuestion')}</span>} <Bdi>{item.text}</Bdi>
    </p>
  );
}

export function ItemCard({ item, shared, onShowQuote }: ItemCardProps) {
  const nodes = threadFor(item.id, shared.engagement.comments);
  return (
    <article class={`item ${item.type}`} data-item={item.id}>
      <div class="meta">
        <strong>
          <Bdi>{shared.nameOf(item.owner)}</Bdi>
        </strong>{' '}
        <time dateTime={item.createdAt}>{when(item.createdAt)}</time>
        {item.visibility === 'private' && <span class="badge">{t('sidepanelPrivate')}</span>}
      </div>
      <Body item={item} onShowQuote={onShowQuote} />
      <div class="actions">
        <LikeButton id={item.id} shared={shared} />
      </div>
      <Thread nodes={nodes} shared={shared} />
      <CommentForm targetId={item.id} shared={shared} label={t('sidepanelCommentLabel')} />
    </article>
  );
}
