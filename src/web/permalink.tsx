/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * The permalink (`GET /items/{id}`) as HTML, and a per-process cache of it.
 *
 * Where a permalink's time went before the cache (SQLite, 20 comments; BENCHMARKS.md): the
 * session lookup 0.08 ms, the discussion's reads 0.38 ms (the item, its groups, the comments,
 * their mentions and groups, the likes), the names 0.01 ms, Preact's render 0.26 ms, Fastify
 * around them ~0.2 ms; on PostgreSQL the reads were 2.9 ms of 5.
 *
 * A kept page is the whole document as one reader sees it, in one language, valid while the
 * discussion's version (`db/discussion-versions.ts`, moved in the transaction of every write
 * that changes what the permalink shows anyone) and the reader's view version (their groups,
 * their handle and name; read with the session) are those it was rendered under, both read
 * BEFORE rendering (a write in between leaves a newer page under older versions, which the next
 * request replaces). Entries are per reader: the visibility rules make the person the class of
 * readers who see the same discussion (their private comments, their closed groups), and the
 * page shows who they are and whether they liked the item, so one reader's page is never another's.
 * The session's CSRF token is not kept: pages are rendered with a random per-process placeholder
 * (no data can contain it) that is replaced by the session's token on the way out, so a second
 * session of the same person gets its own token.
 */
import { randomBytes } from 'node:crypto';
import { render } from 'preact-render-to-string';
import { discussionVersion } from '../server/db/discussion-versions.ts';
import type { Db } from '../server/db/open.ts';
import { type AnswerCache, keepAnswer, stampOf } from '../server/repos/page-cache.ts';
import { discussionOf, namesOf } from '../server/repos/web-reads.ts';
import type { WebSession } from '../server/repos/web-sessions.ts';
import { ItemPage, itemPath } from './views.tsx';
import type { Words } from './words.ts';

/** What a permalink answers: the page, a redirect to a comment's item, or nothing to show. */
export type PermalinkAnswer =
  | { kind: 'page'; html: Buffer }
  | { kind: 'focus'; location: string }
  | { kind: 'missing' };

/** The comment form's error and the draft it keeps (a refused comment). */
export type CommentForm = { error?: string; draft?: string };

/**
 * Item `id`'s permalink for `session` rendered afresh, its forms carrying `csrf`; a comment's id
 * answers `focus` unless `form` is given (a refused comment re-renders its item's page).
 */
export async function renderPermalink(
  db: Db,
  session: WebSession,
  w: Words,
  id: string,
  csrf: string,
  form?: CommentForm,
): Promise<PermalinkAnswer> {
  const me = session.user.handle;
  const found = await discussionOf(db, me, id);
  if (!found) return { kind: 'missing' };
  const { discussion, focus } = found;
  if (focus && !form) {
    return { kind: 'focus', location: `${itemPath(discussion.item.id)}#comment-${focus}` };
  }
  const handles = new Set([discussion.item.owner, me]);
  for (const c of discussion.comments) handles.add(c.owner);
  for (const list of discussion.likes.values()) for (const l of list) handles.add(l.owner);
  const ctx = {
    w,
    me: { handle: me, name: session.user.name },
    csrf,
    names: await namesOf(db, handles),
    path: itemPath(discussion.item.id),
  };
  const page = (
    <ItemPage
      ctx={ctx}
      item={discussion.item}
      comments={discussion.comments}
      likes={discussion.likes}
      error={form?.error}
      draft={form?.draft}
    />
  );
  return { kind: 'page', html: Buffer.from(`<!doctype html>${render(page)}`, 'utf8') };
}

/** Bounds on the permalinks one process keeps. */
export const PERMALINK_CACHE_LIMITS = { entries: 5_000, bytes: 64_000_000 } as const;

/** Stands for the CSRF token in kept pages: random per process, so no data can hold it. */
const PLACEHOLDER = randomBytes(24).toString('base64url');
const PLACEHOLDER_BYTES = Buffer.from(PLACEHOLDER, 'utf8');

const caches = new WeakMap<Db, AnswerCache>();

/** `html` with every placeholder replaced by `csrf`. */
function withCsrf(html: Buffer, csrf: string): Buffer {
  const token = Buffer.from(csrf, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = html.indexOf(PLACEHOLDER_BYTES); at !== -1; ) {
    parts.push(html.subarray(from, at), token);
    from = at + PLACEHOLDER_BYTES.length;
    at = html.indexOf(PLACEHOLDER_BYTES, from);
  }
  parts.push(html.subarray(from));
  return Buffer.concat(parts);
}

/**
 * Item `id`'s permalink for `session` in `w`'s language: from the cache while the discussion
 * and the reader's view are unchanged, else rendered and kept (pages only: a redirect or a
 * missing item is worked out afresh every time).
 */
export async function permalink(
  db: Db,
  session: WebSession,
  w: Words,
  id: string,
): Promise<PermalinkAnswer> {
  const read = discussionVersion(db, id);
  const stamp = stampOf(typeof read === 'number' ? read : await read, session.view);
  const key = `${session.user.handle}\n${w.lang}\n${id}`;
  let cache = caches.get(db);
  const entry = cache?.answers.get(key);
  if (entry?.answer && entry.stamp === stamp) {
    entry.used = true;
    return { kind: 'page', html: withCsrf(entry.answer, session.csrf) };
  }
  const answer = await renderPermalink(db, session, w, id, PLACEHOLDER);
  if (answer.kind !== 'page') return answer;
  if (!cache) {
    cache = { bytes: 0, answers: new Map() };
    caches.set(db, cache);
  }
  // As in the page cache: an entry kept by a concurrent request under the same stamp stays.
  if (cache.answers.get(key)?.stamp !== stamp) {
    keepAnswer(cache, key, answer.html, PERMALINK_CACHE_LIMITS, stamp);
  }
  return { kind: 'page', html: withCsrf(answer.html, session.csrf) };
}
