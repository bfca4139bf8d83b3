/**
 * The chaos-sync test's model of what each person INTENDED: every bookmark, status, snippet,
 * comment and like they made, edited or deleted, as the background confirmed each action. A
 * seeded generator picks the next action from what the model holds; `compareWithServer` and
 * `compareViews` then say, after the storm, what the server lost or duplicated and where a
 * mirror differs from what the server lets its person see.
 */
import { isDeepStrictEqual } from 'node:util';
import { sharedUrl } from '../../src/core/url.ts';
import type { Change } from '../../src/core/wire.ts';

export type BookmarkIntent = {
  id: string;
  url: string;
  title: string;
  description: string;
  tags: string[];
  visibility: 'public' | 'private';
  deleted: boolean;
  /** Never deleted nor made private: others may like and comment on it. */
  permanent: boolean;
};

export type PersonModel = {
  handle: string;
  bookmarks: Map<string, BookmarkIntent>;
  statuses: Map<string, { text: string; visibility: 'public' | 'private' }>;
  snippets: Map<string, { url: string; exact: string; comment: string }>;
  comments: Map<string, { targetId: string; text: string; deleted: boolean }>;
  likes: Map<string, boolean>;
  /** Items (own or others') this person may like and comment on. */
  targets: Set<string>;
};

export function newPerson(handle: string): PersonModel {
  return {
    handle,
    bookmarks: new Map(),
    statuses: new Map(),
    snippets: new Map(),
    comments: new Map(),
    likes: new Map(),
    targets: new Set(),
  };
}

/** One action to send through the protocol, and how to record it once the background took it. */
export type Step = {
  method:
    | 'importBookmarks'
    | 'updateBookmark'
    | 'deleteBookmark'
    | 'postStatus'
    | 'shareSnippet'
    | 'addComment'
    | 'deleteComment'
    | 'like'
    | 'unlike';
  params: Record<string, unknown>;
  /**
   * A second call made in the same turn, right after the action, whose answer `record` gets too
   * (the id of a bookmark made by importing it, which the import's answer does not name).
   */
  lookup?: { method: 'pageEngagement'; params: Record<string, unknown> };
  /** Records the action in the model from the background's answers. */
  record(value: unknown, looked?: unknown): void;
  /** An action that must follow this one at once (making a new bookmark private). */
  followUp?: () => Step | null;
};

const TAGS = ['chaos', 'sync', 'offline', 'retry', 'idempotent'];

function chance(random: () => number, p: number): boolean {
  return random() < p;
}

function choose<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/** The next action for `me` (the `n`th), drawn from `random`; `origin` makes distinct URLs. */
export function nextStep(me: PersonModel, n: number, random: () => number, origin: string): Step {
  const live = [...me.bookmarks.values()].filter((b) => !b.deleted);
  const deletable = live.filter((b) => !b.permanent);
  const comments = [...me.comments.entries()].filter(([, c]) => !c.deleted);
  const targets = [...me.targets];
  const r = random();
  if (r < 0.2 && live.length > 0) {
    const b = choose(random, live);
    const patch: Record<string, unknown> = {};
    if (chance(random, 0.6)) patch.title = `${b.title.split(' · ')[0]} · edit ${n}`;
    if (chance(random, 0.4)) patch.description = `Why ${me.handle} keeps this (${n})`;
    if (chance(random, 0.4)) patch.tags = TAGS.filter(() => chance(random, 0.4));
    if (!b.permanent && chance(random, 0.35)) {
      patch.visibility = b.visibility === 'public' ? 'private' : 'public';
    }
    if (Object.keys(patch).length === 0) patch.title = `${b.title.split(' · ')[0]} · edit ${n}`;
    return {
      method: 'updateBookmark',
      params: { id: b.id, patch },
      record: () => Object.assign(b, patch),
    };
  }
  if (r < 0.27 && deletable.length > 0) {
    const b = choose(random, deletable);
    return {
      method: 'deleteBookmark',
      params: { id: b.id },
      record: () => {
        b.deleted = true;
      },
    };
  }
  if (r < 0.41 && targets.length > 0) {
    const targetId = choose(random, targets);
    const liked = me.likes.get(targetId) ?? false;
    return {
      method: liked ? 'unlike' : 'like',
      params: { targetId },
      record: () => me.likes.set(targetId, !liked),
    };
  }
  if (r < 0.51 && targets.length > 0) {
    const targetId = choose(random, targets);
    const text = `${me.handle} comment ${n}: <b>not bold</b> & "quoted"`;
    return {
      method: 'addComment',
      params: { targetId, text },
      record: (v) => me.comments.set((v as { id: string }).id, { targetId, text, deleted: false }),
    };
  }
  if (r < 0.55 && comments.length > 0) {
    const [id, c] = choose(random, comments);
    return {
      method: 'deleteComment',
      params: { id },
      record: () => {
        c.deleted = true;
      },
    };
  }
  if (r < 0.67) {
    const visibility = chance(random, 0.15) ? 'private' : 'public';
    const text = `${me.handle} status ${n}${chance(random, 0.2) ? ' — working out loud' : ''}`;
    return {
      method: 'postStatus',
      params: { text, visibility },
      record: (v) => {
        const id = (v as { id: string }).id;
        me.statuses.set(id, { text, visibility });
        if (visibility === 'public') me.targets.add(id);
      },
    };
  }
  if (r < 0.72) {
    const url = `${origin}/chaos/${me.handle}/snippet-${n}.html`;
    const exact = `the words ${me.handle} quoted in step ${n}`;
    const comment = `snippet comment ${n}`;
    return {
      method: 'shareSnippet',
      params: { url, quote: { exact }, comment },
      record: (v) => {
        const id = (v as { id: string }).id;
        me.snippets.set(id, { url: sharedUrl(url), exact, comment });
        me.targets.add(id);
      },
    };
  }
  const url = `${origin}/chaos/${me.handle}/page-${n}.html?utm_source=chaos`;
  const title = `${me.handle} page ${n}`;
  const priv = chance(random, 0.2);
  const permanent = !priv && chance(random, 0.5);
  let id = '';
  return {
    method: 'importBookmarks',
    params: { bookmarks: [{ url, title }], visibility: 'public' },
    lookup: { method: 'pageEngagement', params: { url } },
    followUp: () => (priv ? privacyFollowUp(me, id) : null),
    record: (v, looked) => {
      const { imported } = v as { imported: number };
      const bookmark = (looked as { myBookmark: { id: string } | null }).myBookmark;
      if (imported !== 1 || !bookmark)
        throw new Error(`importing a fresh URL did not create: ${url}`);
      id = bookmark.id;
      me.bookmarks.set(bookmark.id, {
        id: bookmark.id,
        url: sharedUrl(url),
        title,
        description: '',
        tags: [],
        visibility: 'public',
        deleted: false,
        permanent,
      });
      if (permanent) me.targets.add(bookmark.id);
    },
  };
}

/** The follow-up that makes a freshly made bookmark private. */
function privacyFollowUp(me: PersonModel, id: string): Step | null {
  const b = me.bookmarks.get(id);
  if (!b || b.permanent || b.visibility === 'private') return null;
  return {
    method: 'updateBookmark',
    params: { id, patch: { visibility: 'private' } },
    record: () => {
      b.visibility = 'private';
    },
  };
}

/** The latest change per `type:key`; live ones keep their value, tombstones map to null. */
export function latest(changes: Change[]): Map<string, unknown | null> {
  const map = new Map<string, unknown | null>();
  for (const c of changes) map.set(`${c.type}:${c.key}`, c.deleted ? null : (c.value ?? null));
  return map;
}

export type Tally = { intended: number; lost: string[]; duplicated: string[] };

/**
 * Compares what `me` intended with what the server holds as `me` sees it (`view`, from
 * `/v1/changes` with their own token): an intended live object missing or with other fields is
 * LOST (so is a deleted one still live); a live object of theirs the model does not know, or two
 * with the same content, is DUPLICATED.
 */
export function compareWithServer(me: PersonModel, view: Map<string, unknown | null>): Tally {
  const lost: string[] = [];
  const duplicated: string[] = [];
  const known = new Set<string>();
  let intended = 0;
  const check = (key: string, want: Record<string, unknown> | null) => {
    known.add(key);
    intended++;
    const got = view.get(key) as Record<string, unknown> | null | undefined;
    if (want === null) {
      if (got) lost.push(`${key}: deleted, but live on the server`);
      return;
    }
    if (!got) {
      lost.push(`${key}: missing on the server`);
      return;
    }
    for (const [field, value] of Object.entries(want)) {
      const have = field === 'tags' ? [...(got.tags as string[])].sort() : got[field];
      if (!isDeepStrictEqual(have, value)) {
        lost.push(`${key}.${field}: ${JSON.stringify(got[field])} ≠ ${JSON.stringify(value)}`);
      }
    }
  };
  for (const b of me.bookmarks.values()) {
    const { id, url, title, description, tags, visibility } = b;
    check(
      `bookmark:${id}`,
      b.deleted ? null : { url, title, description, tags: [...tags].sort(), visibility },
    );
  }
  for (const [id, s] of me.statuses) check(`status:${id}`, s);
  for (const [id, s] of me.snippets) {
    check(`snippet:${id}`, { url: s.url, comment: s.comment, quote: { exact: s.exact } });
  }
  for (const [id, c] of me.comments) {
    check(`comment:${id}`, c.deleted ? null : { targetId: c.targetId, text: c.text });
  }
  for (const [targetId, on] of me.likes) {
    check(`like:${me.handle}/${targetId}`, on ? { targetId, owner: me.handle } : null);
  }
  const contents = new Map<string, string>();
  for (const [key, value] of view) {
    const v = value as Record<string, unknown> | null;
    if (!v || v.owner !== me.handle) continue;
    if (!known.has(key)) duplicated.push(`${key}: on the server, never intended`);
    const content = JSON.stringify([v.type, v.url, v.text, v.quote, v.targetId, v.title]);
    if (v.type !== 'like' && contents.has(content)) {
      duplicated.push(`${key}: same content as ${contents.get(content)}`);
    }
    contents.set(content, key);
  }
  return { intended, lost, duplicated };
}

/** Tags sorted, so a bookmark compares whatever order the server keeps them in. */
function canonical(value: unknown): unknown {
  const v = value as { type?: string; tags?: string[] } | null;
  return v && v.type === 'bookmark' && v.tags ? { ...v, tags: [...v.tags].sort() } : value;
}

/** Where a mirror differs from the server's live objects for the same person. */
export function compareViews(
  mirror: Map<string, unknown>,
  view: Map<string, unknown | null>,
): string[] {
  const diffs: string[] = [];
  for (const [key, value] of view) {
    if (value === null) {
      if (mirror.has(key)) diffs.push(`${key}: deleted on the server, still in the mirror`);
    } else if (!mirror.has(key)) {
      diffs.push(`${key}: on the server, missing in the mirror`);
    } else if (!isDeepStrictEqual(canonical(mirror.get(key)), canonical(value))) {
      diffs.push(
        `${key}: mirror ${JSON.stringify(mirror.get(key))} ≠ server ${JSON.stringify(value)}`,
      );
    }
  }
  for (const key of mirror.keys()) {
    if (!view.has(key)) diffs.push(`${key}: in the mirror, never visible on the server`);
  }
  return diffs;
}
