/**
 * User actions. Each writes the local change (mirror and engagement index) and its outbox
 * entry in ONE Dexie transaction, so the result shows at once, survives the worker being killed
 * and reaches the server on the next push. Afterwards `afterWrite` asks for a sync.
 */

import type { PageItem } from '../core/engagement.ts';
import { uuidv7 } from '../core/ids.ts';
import {
  type BookmarkPatch,
  bookmarkBody,
  itemAudience,
  newBookmark,
  newComment,
  newSnippet,
  newStatus,
  patchBookmark,
  type ResolvedUrl,
} from '../core/local-items.ts';
import { firstInvisibleTag, INVISIBLE_TAG_MESSAGE } from '../core/tags.ts';
import { sharedUrl, stripSecrets, UrlError, urlKey } from '../core/url.ts';
import { deepWellFormed, toWellFormed } from '../core/well-formed.ts';
import type {
  Bookmark,
  Comment,
  Mutation,
  Snippet,
  SnippetInput,
  Status,
  StatusInput,
  Visibility,
} from '../core/wire.ts';
import { type OutloudDb, transaction } from '../platform/db.ts';
import {
  deleteFollow,
  deleteLike,
  deleteMirrored,
  putFollow,
  putLike,
  putMirrored,
} from '../platform/mirror.ts';
import { commentById, itemById, itemsOfPage } from '../platform/mirror-queries.ts';
import { enqueue } from '../platform/outbox.ts';
import type { SettingsStore } from '../platform/settings.ts';
import { HandlerError, signedOut } from './errors.ts';

export type ActionDeps = {
  db: OutloudDb;
  settings: SettingsStore;
  now?: () => number;
  newId?: () => string;
  /** Called after every committed action (starts a push, refreshes the badge). */
  afterWrite?: () => void;
};

/** A `HandlerError` unless an item's visibility and groups fit together (`itemAudience`). */
function checkAudience(input: { visibility?: Visibility; groups?: readonly string[] }): void {
  if (itemAudience(input) === null) {
    throw new HandlerError(
      'invalid',
      'groups: one to five groups go with visibility "group", and only with it.',
      { detail: 'groups' },
    );
  }
}

/**
 * A URL made ready to leave the browser: `sent` (secrets stripped) goes to the server, `url` is
 * what the server will store and answer for it (`sharedUrl`), so local items and the mirror
 * agree; `urlKey` is the page's identity.
 */
export type PreparedUrl = ResolvedUrl & { sent: string; removed: string[] };

/** Strips secrets from `url` and computes its identity; a `HandlerError` when it cannot be saved. */
export async function prepareUrl(url: string): Promise<PreparedUrl> {
  try {
    const { url: sent, removed } = stripSecrets(url);
    return { sent, removed, url: sharedUrl(sent), urlKey: await urlKey(sent) };
  } catch (err) {
    if (err instanceof UrlError) {
      if (err.code === 'scheme') {
        throw new HandlerError(
          'not-http',
          'Only web pages (http and https) can be saved or shared.',
        );
      }
      const message = `This address cannot be saved: ${err.message}.`;
      throw new HandlerError(err.code === 'too-long' ? 'too-long' : 'invalid-url', message);
    }
    throw err;
  }
}

export class Actions {
  constructor(private readonly deps: ActionDeps) {}

  private stamp(me: string) {
    const ms = this.deps.now?.() ?? Date.now();
    return { id: this.deps.newId?.() ?? uuidv7(ms), owner: me, now: new Date(ms).toISOString() };
  }

  private async me(): Promise<string> {
    const me = await this.deps.settings.me();
    if (!me || !(await this.deps.settings.credentials())) throw signedOut();
    return me.handle;
  }

  /** Runs `fn` in one transaction over the mirror and the outbox, then asks for a sync. */
  private async write<T>(fn: () => Promise<T>): Promise<T> {
    const value = await transaction(this.deps.db, ['outbox', 'mirror'], fn);
    this.deps.afterWrite?.();
    return value;
  }

  private queue(mutation: Mutation, me: string, now: string) {
    return enqueue(this.deps.db, mutation, me, now);
  }

  /** The user's live bookmark of page `key`, if any. */
  async myBookmark(key: string, me?: string): Promise<Bookmark | null> {
    const handle = me ?? (await this.deps.settings.me())?.handle;
    if (!handle) return null;
    const items = await itemsOfPage(this.deps.db, key);
    return (items.find((i) => i.type === 'bookmark' && i.owner === handle) as Bookmark) ?? null;
  }

  /** Bookmarks `url` (public by default) unless the user already has it: never a duplicate. */
  async bookmarkUrl(
    url: string,
    title?: string,
  ): Promise<{ bookmark: Bookmark; created: boolean; removedParams: string[] }> {
    const me = await this.me();
    const page = await prepareUrl(url);
    const s = this.stamp(me);
    const result = await this.write(async () => {
      const existing = await this.myBookmark(page.urlKey, me);
      if (existing) return { bookmark: existing, created: false };
      // A tab title is page-supplied text: cut, then made storable (a cut can split a pair).
      const input = { url: page.sent, title: toWellFormed((title ?? '').slice(0, 500)) };
      const bookmark = newBookmark(s, page, input);
      await putMirrored(this.deps.db, bookmark);
      await this.queue({ id: s.id, op: 'put', type: 'bookmark', data: input }, me, s.now);
      return { bookmark, created: true };
    });
    return { ...result, removedParams: page.removed };
  }

  async updateBookmark(id: string, patch: BookmarkPatch): Promise<Bookmark> {
    const bad = firstInvisibleTag(patch.tags ?? []);
    if (bad !== -1)
      throw new HandlerError('invisible-tag', `tags.${bad}: ${INVISIBLE_TAG_MESSAGE}`, {
        field: `tags.${bad}`,
      });
    if (patch.visibility !== undefined || patch.groups !== undefined) {
      checkAudience(patch);
    }
    const me = await this.me();
    const s = this.stamp(me);
    return this.write(async () => {
      const current = await itemById(this.deps.db, id);
      if (current?.type !== 'bookmark' || current.owner !== me) {
        throw new HandlerError('not-found', 'That bookmark is not yours or no longer exists.');
      }
      const next = patchBookmark(current, patch, s.now);
      await putMirrored(this.deps.db, next);
      await this.queue({ id, op: 'put', type: 'bookmark', data: bookmarkBody(next) }, me, s.now);
      return next;
    });
  }

  /** Deletes one of the user's own items (bookmark, snippet, status) or comments. */
  async deleteOwn(type: 'bookmark' | 'snippet' | 'status' | 'comment', id: string): Promise<null> {
    const me = await this.me();
    const s = this.stamp(me);
    return this.write(async () => {
      const { db } = this.deps;
      const current: PageItem | Comment | undefined =
        type === 'comment' ? await commentById(db, id) : await itemById(db, id);
      if (!current || current.type !== type || current.owner !== me) {
        throw new HandlerError('not-found', `That ${type} is not yours or no longer exists.`);
      }
      await deleteMirrored(db, type, id);
      await this.queue({ id, op: 'delete', type }, me, s.now);
      return null;
    });
  }

  async postStatus(input: StatusInput): Promise<Status> {
    checkAudience(input);
    const me = await this.me();
    const page = input.url ? await prepareUrl(input.url) : null;
    const s = this.stamp(me);
    const data: StatusInput = {
      ...input,
      ...(page ? { url: page.sent } : {}),
      ...(input.groups ? { groups: itemAudience(input)?.groups ?? [] } : {}),
    };
    return this.write(async () => {
      const status = newStatus(s, page, data);
      await putMirrored(this.deps.db, status);
      await this.queue({ id: s.id, op: 'put', type: 'status', data }, me, s.now);
      return status;
    });
  }

  async shareSnippet(input: SnippetInput): Promise<Snippet> {
    checkAudience(input);
    const me = await this.me();
    const page = await prepareUrl(input.url);
    const s = this.stamp(me);
    // The context menu passes a cut selection and tab title straight here, not via the router.
    const data: SnippetInput = {
      ...deepWellFormed(input),
      url: page.sent,
      ...(input.groups ? { groups: itemAudience(input)?.groups ?? [] } : {}),
    };
    return this.write(async () => {
      const snippet = newSnippet(s, page, data);
      await putMirrored(this.deps.db, snippet);
      await this.queue({ id: s.id, op: 'put', type: 'snippet', data }, me, s.now);
      return snippet;
    });
  }

  async addComment(targetId: string, text: string): Promise<Comment> {
    const me = await this.me();
    const s = this.stamp(me);
    return this.write(async () => {
      const comment = newComment(s, { targetId, text });
      await putMirrored(this.deps.db, comment);
      await this.queue(
        { id: s.id, op: 'put', type: 'comment', data: { targetId, text } },
        me,
        s.now,
      );
      return comment;
    });
  }

  /** Likes (`on`) or unlikes an item. */
  async setLike(targetId: string, on: boolean): Promise<null> {
    const me = await this.me();
    const s = this.stamp(me);
    return this.write(async () => {
      const { db } = this.deps;
      if (on) await putLike(db, { type: 'like', owner: me, targetId, createdAt: s.now });
      else await deleteLike(db, me, targetId);
      await this.queue({ id: targetId, op: on ? 'put' : 'delete', type: 'like' }, me, s.now);
      return null;
    });
  }

  /** Follows (`on`) or unfollows a person. */
  async setFollow(handle: string, on: boolean): Promise<null> {
    const me = await this.me();
    if (handle === me) throw new HandlerError('follow-self', 'You cannot follow yourself.');
    const s = this.stamp(me);
    return this.write(async () => {
      const { db } = this.deps;
      if (on)
        await putFollow(db, { type: 'follow', follower: me, followee: handle, createdAt: s.now });
      else await deleteFollow(db, me, handle);
      await this.queue({ id: handle, op: on ? 'put' : 'delete', type: 'follow' }, me, s.now);
      return null;
    });
  }
}
