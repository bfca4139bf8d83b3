/**
 * Small building blocks of the side panel: like button, comment form, comment thread (with
 * Reply on every comment and Delete on your own).
 */
import { useRef, useState } from 'preact/hooks';
import { LIMITS } from '../core/limits.ts';
import { formatCount, t } from '../i18n/i18n.ts';
import { Bdi } from '../ui/components/Bdi.tsx';
import { MentionTextarea } from '../ui/components/MentionTextarea.tsx';
import { TimeAgo } from '../ui/components/TimeAgo.tsx';
import { useEnv } from '../ui/env.ts';
import { useAction } from '../ui/use-action.ts';
import { useDiscussion } from './discussion.ts';
import type { ThreadNode } from './thread.ts';

export function LikeButton({ id }: { id: string }) {
  const { call } = useEnv();
  const { engagement, changed, fail } = useDiscussion();
  const liked = engagement.likedByMe.includes(id);
  const count = engagement.likeCounts[id] ?? 0;
  const [busy, run] = useAction(fail);
  const toggle = () =>
    run(async () => {
      await call(liked ? 'unlike' : 'like', { targetId: id });
      changed();
    });
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
  label,
  autoFocus,
  onDone,
}: {
  targetId: string;
  label: string;
  /** Puts the caret in the text box at once (a reply form just opened). */
  autoFocus?: boolean;
  /** After sending, and on Escape: the form is done (a reply form closes). */
  onDone?(): void;
}) {
  const { call } = useEnv();
  const { changed, fail } = useDiscussion();
  const [text, setText] = useState('');
  const [busy, run] = useAction(fail);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    await run(async () => {
      await call('addComment', { targetId, text: text.trim() });
      setText('');
      onDone?.();
      changed();
    });
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
        maxLength={LIMITS.comment}
        autoFocus={autoFocus}
        onChange={setText}
        search={(q) => call('searchPeople', { q, limit: 6 })}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        {t('sidepanelSend')}
      </button>
    </form>
  );
}

export function Thread({ nodes }: { nodes: readonly ThreadNode[] }) {
  if (nodes.length === 0) return null;
  return (
    <ul class="thread">
      {nodes.map((node) => (
        <CommentView key={node.comment.id} node={node} />
      ))}
    </ul>
  );
}

/** Deletes your own comment; the thread reloads without it. */
function DeleteComment({ id }: { id: string }) {
  const { call } = useEnv();
  const { changed, fail } = useDiscussion();
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await call('deleteComment', { id });
      changed();
    } catch (error) {
      fail(error);
      setBusy(false);
    }
  };
  return (
    <button type="button" class="link" disabled={busy} data-delete={id} onClick={remove}>
      {t('commentDelete')}
    </button>
  );
}

function CommentView({ node }: { node: ThreadNode }) {
  const { nameOf, me } = useDiscussion();
  const [replying, setReplying] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const c = node.comment;
  const closeReply = () => {
    setReplying(false);
    replyButton.current?.focus();
  };
  return (
    <li class="comment" data-comment={c.id}>
      <p class="item-head">
        <strong title={`@${c.owner}`}>
          <Bdi>{nameOf(c.owner)}</Bdi>
        </strong>{' '}
        <TimeAgo iso={c.createdAt} />
      </p>
      <p class="item-text">
        <Bdi>{c.text}</Bdi>
      </p>
      <div class="actions">
        <LikeButton id={c.id} />
        <button
          ref={replyButton}
          type="button"
          class="link"
          aria-expanded={replying}
          onClick={() => setReplying(!replying)}
        >
          {t('sidepanelReply')}
        </button>
        {c.owner === me ? <DeleteComment id={c.id} /> : null}
      </div>
      {replying && (
        <CommentForm
          targetId={c.id}
          label={t('sidepanelReplyLabel', nameOf(c.owner))}
          autoFocus
          onDone={closeReply}
        />
      )}
      <Thread nodes={node.replies} />
    </li>
  );
}
