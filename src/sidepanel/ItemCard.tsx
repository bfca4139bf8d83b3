/** One of the page's items in the side panel: a bookmark, a snippet or a status, with its discussion. */
import type { Bookmark, Snippet, Status } from '../core/wire.ts';
import { t } from '../ui/i18n.ts';
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
        {item.description && <p class="text">{item.description}</p>}
        {item.tags.length > 0 && (
          <ul class="tags">
            {item.tags.map((tag) => (
              <li key={tag}>#{tag}</li>
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
          “{item.quote.exact}”
        </button>
        {item.comment && <p class="text">{item.comment}</p>}
      </>
    );
  }
  return (
    <p class="text">
      {item.question && <span class="badge">{t('sidepanelQuestion')}</span>} {item.text}
    </p>
  );
}

export function ItemCard({ item, shared, onShowQuote }: ItemCardProps) {
  const nodes = threadFor(item.id, shared.engagement.comments);
  return (
    <article class={`item ${item.type}`} data-item={item.id}>
      <div class="meta">
        <strong>{shared.nameOf(item.owner)}</strong>{' '}
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
