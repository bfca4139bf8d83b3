/** Small building blocks of the side panel: like button, comment form, comment thread. */
import { useRef, useState } from 'preact/hooks';
import type { PageEngagement } from '../core/messages.ts';
import { formatCount, t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { MentionTextarea } from '../ui/components/MentionTextarea.tsx';
import { absoluteTime } from '../ui/time.ts';
import type { SidePanelApi } from './api.ts';
import type { ThreadNode } from './thread.ts';

export type Shared = {
  api: SidePanelApi;
  engagement: PageEngagement;
  nameOf(handle: string): string;
  /** Reloads the page's engagement after a change. */
  changed(): void;
  fail(error: unknown): void;
};

/** A short date and time in the browser's UI language ('' for an unreadable time). */
export function when(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? '' : absoluteTime(iso);
}

export function LikeButton({ id, shared }: { id: string; shared: Shared }) {
  const liked = shared.engagement.likedByMe.includes(id);
  const count = shared.engagement.likeCounts[id] ?? 0;
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await shared.api.call(liked ? 'unlike' : 'like', { targetId: id });
      shared.changed();
    } catch (error) {
      shared.fail(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      class={`like${liked ? ' liked' : ''}`}
      aria-pressed={liked}
      disabled={busy}
      data-like={id}
      onClick={toggle}
    >
      {liked ? t('sidepanelUnlike') : t('sidepanelLike')}
      {count > 0 && <span class="count"> · {formatCount(count)}</span>}
    </button>
  );
}

export function CommentForm({
  targetId,
  shared,
  label,
  autoFocus,
  onDone,
}: {
  targetId: string;
  shared: Shared;
  label: string;
  /** Puts the caret in the text box at once (a reply form just opened). */
  autoFocus?: boolean;
  /** After sending, and on Escape: the form is done (a reply form closes). */
  onDone?(): void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await shared.api.call('addComment', { targetId, text: text.trim() });
      setText('');
      onDone?.();
      shared.changed();
    } catch (error) {
      shared.fail(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="comment-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onDone) {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <MentionTextarea
        id={`comment-${targetId}`}
        value={text}
        label={label}
        placeholder={label}
        maxLength={5000}
        autoFocus={autoFocus}
        onChange={setText}
        search={(q) => shared.api.call('searchPeople', { q, limit: 6 })}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        {t('sidepanelSend')}
      </button>
    </form>
  );
}

export function Thread({ nodes, shared }: { nodes: readonly ThreadNode[]; shared: Shared }) {
  if (nodes.length === 0) return null;
  return (
    <ul class="thread">
      {nodes.map((node) => (
        <CommentView key={node.comment.id} node={node} shared={shared} />
      ))}
    </ul>
  );
}

function CommentView({ node, shared }: { node: ThreadNode; shared: Shared }) {
  const [replying, setReplying] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const c = node.comment;
  const closeReply = () => {
    setReplying(false);
    replyButton.current?.focus();
  };
  return (
    <li class="comment" data-comment={c.id}>
      <div class="meta">
        <strong>
          <Bdi>{shared.nameOf(c.owner)}</Bdi>
        </strong>{' '}
        <time dateTime={c.createdAt}>{when(c.createdAt)}</time>
      </div>
      <p class="text">
        <Bdi>{c.text}</Bdi>
      </p>
      <div class="actions">
        <LikeButton id={c.id} shared={shared} />
        <button
          ref={replyButton}
          type="button"
          class="link"
          aria-expanded={replying}
          onClick={() => setReplying(!replying)}
        >
          {t('sidepanelReply')}
        </button>
      </div>
      {replying && (
        <CommentForm
          targetId={c.id}
          shared={shared}
          label={t('sidepanelReplyLabel', shared.nameOf(c.owner))}
          autoFocus
          onDone={closeReply}
        />
      )}
      <Thread nodes={node.replies} shared={shared} />
    </li>
  );
}
