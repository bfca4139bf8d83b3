/**
 * The engagement index kept incrementally (`addToEntry` for objects new to the mirror, a
 * recompute for the rest, orphans for reactions that arrive before their target) equals the
 * index recomputed from scratch from what the mirror holds, after every page of random changes:
 * items created, edited (moved to another page, retitled), deleted and brought back; comments
 * and likes on items and on comments, arriving before or after their targets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToEntry, type PageItem, summarizePage } from '../../../src/core/engagement.ts';
import type { Change, Comment, Like } from '../../../src/core/wire.ts';
import type { OutloudDb } from '../../../src/platform/db.ts';
import { applyChanges } from '../../../src/platform/mirror.ts';
import { freshDb } from '../background/helpers.ts';

const KEYS = ['a', 'b', 'c'].map((c) => c.repeat(64));
const ITEMS = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5'];
const COMMENTS = ['c0', 'c1', 'c2', 'c3'];
const PEOPLE = ['ann', 'bob', 'cy'];
const TYPES = ['bookmark', 'snippet', 'status'] as const;

type Op =
  | { kind: 'item'; id: string; page: number; del: boolean }
  | { kind: 'comment'; id: string; target: string; owner: string; del: boolean }
  | { kind: 'like'; owner: string; target: string; del: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('item' as const),
    id: fc.constantFrom(...ITEMS),
    page: fc.integer({ min: 0, max: KEYS.length - 1 }),
    del: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('comment' as const),
    id: fc.constantFrom(...COMMENTS),
    target: fc.constantFrom(...ITEMS),
    owner: fc.constantFrom(...PEOPLE),
    del: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('like' as const),
    owner: fc.constantFrom(...PEOPLE),
    target: fc.constantFrom(...ITEMS, ...COMMENTS),
    del: fc.boolean(),
  }),
);

/** Changes from ops; every put gets a later time than any before it. */
function changesOf(ops: Op[], clock: { t: number }): Change[] {
  return ops.map((o) => {
    const at = new Date(Date.UTC(2025, 0, 1) + ++clock.t * 1000).toISOString();
    if (o.kind === 'like') {
      const key = `${o.owner}/${o.target}`;
      const value: Like = { type: 'like', owner: o.owner, targetId: o.target, createdAt: at };
      return o.del
        ? { type: 'like', key, deleted: true }
        : { type: 'like', key, deleted: false, value };
    }
    if (o.kind === 'comment') {
      const value: Comment = {
        type: 'comment',
        id: o.id,
        owner: o.owner,
        createdAt: at,
        updatedAt: at,
        targetId: o.target,
        text: 't',
        mentions: [],
      };
      return o.del
        ? { type: 'comment', key: o.id, deleted: true }
        : { type: 'comment', key: o.id, deleted: false, value };
    }
    // An id keeps its type (the server never changes it): i0 a bookmark, i1 a snippet, …
    const type = TYPES[Number(o.id.slice(1)) % TYPES.length]!;
    const base = {
      id: o.id,
      owner: PEOPLE[Number(o.id.slice(1)) % PEOPLE.length]!,
      createdAt: at,
      updatedAt: at,
      url: `https://example.org/${o.page}`,
      urlKey: KEYS[o.page]!,
      title: `${type} ${o.id} at ${clock.t}`,
      visibility: 'public' as const,
    };
    const value: PageItem =
      type === 'bookmark'
        ? { ...base, type: 'bookmark', description: '', tags: [] }
        : type === 'snippet'
          ? { ...base, type: 'snippet', quote: { exact: 'q' }, comment: '', mentions: [] }
          : { ...base, type: 'status', text: 's', mentions: [], question: false };
    return o.del ? { type, key: o.id, deleted: true } : { type, key: o.id, deleted: false, value };
  });
}

/** The index recomputed from everything the mirror holds. */
async function recomputed(db: OutloudDb) {
  const [items, comments, likes] = await Promise.all([
    db.items.toArray(),
    db.comments.toArray(),
    db.likes.toArray(),
  ]);
  return KEYS.map((k) => summarizePage(k, items, comments, likes)).filter((e) => e !== null);
}

describe('the incrementally kept index', () => {
  it('equals the index recomputed from the mirror after every page of changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { maxLength: 8 }),
        async (pages) => {
          const db = await freshDb();
          const clock = { t: 0 };
          try {
            for (const page of pages) {
              await applyChanges(db, changesOf(page, clock));
              expect(await db.pages.toArray()).toEqual(await recomputed(db));
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);

  it('asks for a recompute when it cannot tell which item names the page', () => {
    const item = changesOf([{ kind: 'item', id: 'i0', page: 0, del: false }], {
      t: 0,
    })[0]!.value as PageItem;
    const entry = summarizePage(KEYS[0]!, [item], [], [])!;
    const twin = { ...item, id: 'i1', title: 'same time' };
    expect(addToEntry(entry, { items: [twin], comments: [], likes: [] })).toBeNull();
    const { titledAt: _, ...old } = entry;
    expect(addToEntry(old, { items: [], comments: [], likes: [] })).toBeNull();
    const later = { ...item, id: 'i2', title: 'later', updatedAt: '2026-01-01T00:00:00.000Z' };
    expect(addToEntry(entry, { items: [later], comments: [], likes: [] })).toEqual(
      summarizePage(KEYS[0]!, [item, later], [], []),
    );
  });
});
