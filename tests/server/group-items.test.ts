/**
 * Items shared with groups (issue 15): who may read them by id, comment and like them, find
 * them in the feed and notifications, and receive them through `/v1/changes` as they join and
 * leave; the refusals (a group not mine 403, more than five groups 400, groups without
 * visibility "group" 400); deleting a group makes its items private to their authors.
 */
import { describe, expect, it } from 'vitest';
import type { Change, ChangesPage } from '../../src/core/wire.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

async function pullAll(t: TestApp, token: string, cursor = '') {
  const changes: Change[] = [];
  for (;;) {
    const res = await call(t, 'GET', `/v1/changes?cursor=${cursor}&limit=500`, { token });
    expect(res.statusCode).toBe(200);
    const page = res.json() as ChangesPage;
    changes.push(...page.items);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

/** The last change per key of the item types, as the local copy would end up. */
function latest(changes: Change[]): Map<string, Change> {
  const map = new Map<string, Change>();
  for (const c of changes) if (c.type !== 'person' && c.type !== 'follow') map.set(c.key, c);
  return map;
}

async function group(t: TestApp, token: string, kind: 'open' | 'closed'): Promise<string> {
  const id = newId();
  const res = await call(t, 'PUT', `/v1/groups/${id}`, { token, body: { name: 'Design', kind } });
  expect(res.statusCode).toBe(201);
  return id;
}

describe.each(databases())('group items on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ann', 'bo', 'cy'] });

  it('shows a closed-group snippet to its members only, with comments and likes following', async () => {
    const design = await group(t, tokens.ann, 'closed');
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    const snippet = newId();
    const put = await call(t, 'PUT', `/v1/snippets/${snippet}`, {
      token: tokens.ann,
      body: {
        url: 'https://design.example/a',
        quote: { exact: 'secret words' },
        comment: 'look @bo and @cy',
        visibility: 'group',
        groups: [design],
      },
    });
    expect(put.statusCode).toBe(201);
    expect(put.json()).toMatchObject({ visibility: 'group', groups: [design] });
    const forBo = await call(t, 'GET', `/v1/snippets/${snippet}`, { token: tokens.bo });
    expect(forBo.statusCode).toBe(200);
    expect(forBo.json()).toMatchObject({ groups: [design] });
    expect((await call(t, 'GET', `/v1/snippets/${snippet}`, { token: tokens.cy })).statusCode).toBe(
      404,
    );
    // Bo comments and likes; Cy can do neither.
    const comment = newId();
    expect(
      (
        await call(t, 'PUT', `/v1/comments/${comment}`, {
          token: tokens.bo,
          body: { targetId: snippet, text: 'nice' },
        })
      ).statusCode,
    ).toBe(201);
    expect((await call(t, 'PUT', `/v1/likes/${snippet}`, { token: tokens.bo })).statusCode).toBe(
      201,
    );
    expect((await call(t, 'GET', `/v1/comments/${comment}`, { token: tokens.cy })).statusCode).toBe(
      404,
    );
    expect(
      (
        await call(t, 'PUT', `/v1/comments/${newId()}`, {
          token: tokens.cy,
          body: { targetId: snippet, text: 'me too' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await call(t, 'PUT', `/v1/likes/${snippet}`, { token: tokens.cy })).statusCode).toBe(
      404,
    );
    // Notifications: Bo is mentioned and told; Cy is mentioned but not a member: not told.
    const notes = async (token: string) =>
      JSON.stringify((await call(t, 'GET', '/v1/notifications', { token })).json());
    expect(await notes(tokens.bo)).toContain(snippet);
    expect(await notes(tokens.cy)).not.toContain(snippet);
    // The change feed: Bo gets the snippet, comment and like; Cy nothing of them.
    const bo = latest((await pullAll(t, tokens.bo)).changes);
    expect(bo.get(snippet)?.deleted).toBe(false);
    expect(bo.get(comment)?.deleted).toBe(false);
    expect(bo.get(`bo/${snippet}`)?.deleted).toBe(false);
    const cy = await pullAll(t, tokens.cy);
    expect(JSON.stringify(cy.changes)).not.toContain('secret');
    expect(JSON.stringify(cy.changes)).not.toContain(design);
    for (const key of [snippet, comment, `bo/${snippet}`]) {
      expect(latest(cy.changes).get(key)?.deleted ?? true).toBe(true);
    }
  });

  it('sends a group’s items when someone joins and tombstones when they leave or are removed', async () => {
    const design = await group(t, tokens.ann, 'closed');
    const bookmark = newId();
    await call(t, 'PUT', `/v1/bookmarks/${bookmark}`, {
      token: tokens.ann,
      body: { url: 'https://design.example/b', visibility: 'group', groups: [design] },
    });
    const before = await pullAll(t, tokens.bo);
    expect(latest(before.changes).has(bookmark)).toBe(false);
    await call(t, 'POST', `/v1/groups/${design}/requests`, { token: tokens.bo });
    await call(t, 'PUT', `/v1/groups/${design}/requests/bo`, {
      token: tokens.ann,
      body: { approve: true },
    });
    const joined = await pullAll(t, tokens.bo, before.cursor);
    expect(latest(joined.changes).get(bookmark)).toMatchObject({ deleted: false });
    expect(latest(joined.changes).get(bookmark)?.value).toMatchObject({ groups: [design] });
    await call(t, 'DELETE', `/v1/groups/${design}/members/bo`, { token: tokens.bo });
    const left = await pullAll(t, tokens.bo, joined.cursor);
    expect(latest(left.changes).get(bookmark)).toEqual({
      type: 'bookmark',
      key: bookmark,
      deleted: true,
    });
    // Added again by the owner, then removed by them.
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    const added = await pullAll(t, tokens.bo, left.cursor);
    expect(latest(added.changes).get(bookmark)?.deleted).toBe(false);
    await call(t, 'DELETE', `/v1/groups/${design}/members/bo`, { token: tokens.ann });
    const removed = await pullAll(t, tokens.bo, added.cursor);
    expect(latest(removed.changes).get(bookmark)?.deleted).toBe(true);
    expect(
      (await call(t, 'GET', `/v1/bookmarks/${bookmark}`, { token: tokens.bo })).statusCode,
    ).toBe(404);
  });

  it('pages the changes logged for one reader among everyone’s, in order, at any page size', async () => {
    // A join logs the group's items for the new member alone (personal rows) between public
    // changes of others: each page is the first `limit` of both kinds together, in seq order.
    const design = await group(t, tokens.ann, 'closed');
    const put = (token: string, body: object) =>
      call(t, 'PUT', `/v1/bookmarks/${newId()}`, { token, body });
    for (let i = 0; i < 3; i++) {
      await put(tokens.ann, {
        url: `https://design.example/p${i}`,
        visibility: 'group',
        groups: [design],
      });
    }
    const start = (await pullAll(t, tokens.bo)).cursor;
    for (let i = 0; i < 3; i++) await put(tokens.cy, { url: `https://cy.example/before${i}` });
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    for (let i = 0; i < 3; i++) await put(tokens.cy, { url: `https://cy.example/after${i}` });
    const keysWith = async (limit: number) => {
      const keys: string[] = [];
      let cursor = start;
      for (;;) {
        const res = await call(t, 'GET', `/v1/changes?cursor=${cursor}&limit=${limit}`, {
          token: tokens.bo,
        });
        const page = res.json() as ChangesPage;
        expect(page.items.length).toBeLessThanOrEqual(limit);
        keys.push(...page.items.map((c) => `${c.type}:${c.key}`));
        cursor = page.cursor;
        if (!page.hasMore) return keys;
      }
    };
    const all = await keysWith(500);
    // cy's six bookmarks and the three of the group (a key may come twice: the rows logged
    // for bo alone, and the group's own rows), and the membership's own changes.
    expect(new Set(all.filter((k) => k.startsWith('bookmark:'))).size).toBe(9);
    for (const limit of [1, 2, 3, 4]) expect(await keysWith(limit)).toEqual(all);
  });

  it('moves items between audiences as edits, with values and tombstones to match', async () => {
    const design = await group(t, tokens.ann, 'closed');
    const open = await group(t, tokens.ann, 'open');
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    const status = newId();
    const put = (body: object) =>
      call(t, 'PUT', `/v1/statuses/${status}`, {
        token: tokens.ann,
        body: { text: 'hi', ...body },
      });
    expect((await put({ visibility: 'private' })).statusCode).toBe(201);
    const bo0 = await pullAll(t, tokens.bo);
    const cy0 = await pullAll(t, tokens.cy);
    expect((await put({ visibility: 'group', groups: [design] })).statusCode).toBe(200);
    const bo1 = await pullAll(t, tokens.bo, bo0.cursor);
    expect(latest(bo1.changes).get(status)?.deleted).toBe(false);
    const cy1 = await pullAll(t, tokens.cy, cy0.cursor);
    expect(latest(cy1.changes).get(status)?.deleted ?? true).toBe(true);
    // Into an open group as well: everyone sees it; Cy sees only the open group's id.
    expect((await put({ visibility: 'group', groups: [design, open] })).statusCode).toBe(200);
    const cy2 = await pullAll(t, tokens.cy, cy1.cursor);
    expect(latest(cy2.changes).get(status)?.value).toMatchObject({ groups: [open] });
    expect((await call(t, 'GET', `/v1/statuses/${status}`, { token: tokens.cy })).statusCode).toBe(
      200,
    );
    // Out of both, private again: both get the tombstone.
    expect((await put({ visibility: 'private' })).statusCode).toBe(200);
    const bo3 = await pullAll(t, tokens.bo, bo1.cursor);
    expect(latest(bo3.changes).get(status)?.deleted).toBe(true);
    const cy3 = await pullAll(t, tokens.cy, cy2.cursor);
    expect(latest(cy3.changes).get(status)?.deleted).toBe(true);
  });

  it('refuses groups not mine (403), more than five (400), and groups without visibility group (400)', async () => {
    const mine = await group(t, tokens.ann, 'open');
    const notMine = await group(t, tokens.bo, 'open');
    const closed = await group(t, tokens.bo, 'closed');
    const body = (extra: object) => ({ url: 'https://x.example/', ...extra });
    const put = (extra: object) =>
      call(t, 'PUT', `/v1/bookmarks/${newId()}`, { token: tokens.ann, body: body(extra) });
    expect((await put({ visibility: 'group', groups: [notMine] })).statusCode).toBe(403);
    expect((await put({ visibility: 'group', groups: [closed] })).statusCode).toBe(403);
    expect((await put({ visibility: 'group', groups: [newId()] })).statusCode).toBe(403);
    expect((await put({ visibility: 'group', groups: [mine, notMine] })).statusCode).toBe(403);
    const six = Array.from({ length: 6 }, () => newId());
    expect((await put({ visibility: 'group', groups: six })).statusCode).toBe(400);
    expect((await put({ visibility: 'group', groups: [] })).statusCode).toBe(400);
    expect((await put({ visibility: 'group', groups: [mine, mine] })).statusCode).toBe(400);
    expect((await put({ visibility: 'group' })).statusCode).toBe(400);
    expect((await put({ visibility: 'public', groups: [mine] })).statusCode).toBe(400);
    expect((await put({ groups: [mine] })).statusCode).toBe(400);
    expect((await put({ visibility: 'group', groups: [mine] })).statusCode).toBe(201);
  });

  it('makes items private to their authors when their group is deleted, and says how many', async () => {
    const design = await group(t, tokens.ann, 'closed');
    const other = await group(t, tokens.ann, 'closed');
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    await call(t, 'PUT', `/v1/groups/${other}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    const alone = newId();
    const both = newId();
    await call(t, 'PUT', `/v1/bookmarks/${alone}`, {
      token: tokens.bo,
      body: { url: 'https://a.example/', visibility: 'group', groups: [design] },
    });
    await call(t, 'PUT', `/v1/bookmarks/${both}`, {
      token: tokens.bo,
      body: { url: 'https://b.example/', visibility: 'group', groups: [design, other] },
    });
    const ann0 = await pullAll(t, tokens.ann);
    expect(latest(ann0.changes).get(alone)?.deleted).toBe(false);
    const res = await call(t, 'DELETE', `/v1/groups/${design}`, { token: tokens.ann });
    expect(res.json()).toEqual({ id: design, deleted: true, itemsMadePrivate: 1 });
    const mine = await call(t, 'GET', `/v1/bookmarks/${alone}`, { token: tokens.bo });
    expect(mine.json()).toMatchObject({ visibility: 'private' });
    expect((await call(t, 'GET', `/v1/bookmarks/${alone}`, { token: tokens.ann })).statusCode).toBe(
      404,
    );
    expect(
      (await call(t, 'GET', `/v1/bookmarks/${both}`, { token: tokens.ann })).json(),
    ).toMatchObject({ visibility: 'group', groups: [other] });
    const ann1 = await pullAll(t, tokens.ann, ann0.cursor);
    expect(latest(ann1.changes).get(alone)?.deleted).toBe(true);
    expect(latest(ann1.changes).get(both)?.deleted).toBe(false);
  });

  it('shows group items on pages (by key and prefix) to members only, until they leave', async () => {
    const design = await group(t, tokens.ann, 'closed');
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    const put = await call(t, 'PUT', `/v1/snippets/${newId()}`, {
      token: tokens.ann,
      body: {
        url: 'https://design.example/page',
        quote: { exact: 'only for design' },
        visibility: 'group',
        groups: [design],
      },
    });
    const urlKey = (put.json() as { urlKey: string }).urlKey;
    const page = (token: string) => call(t, 'GET', `/v1/pages/${urlKey}`, { token });
    const bucket = async (token: string) =>
      JSON.stringify(
        (await call(t, 'GET', `/v1/pages?prefix=${urlKey.slice(0, 4)}`, { token })).json(),
      );
    const forBo = await page(tokens.bo);
    expect(forBo.statusCode).toBe(200);
    expect(forBo.json()).toMatchObject({ snippets: [{ groups: [design] }] });
    expect(await bucket(tokens.bo)).toContain('only for design');
    expect((await page(tokens.cy)).body).not.toContain('only for design');
    expect(await bucket(tokens.cy)).not.toContain('only for design');
    // Cached for Bo; leaving moves his view, so the next answer no longer has it.
    expect((await page(tokens.bo)).body).toContain('only for design');
    await call(t, 'DELETE', `/v1/groups/${design}/members/bo`, { token: tokens.bo });
    expect((await page(tokens.bo)).body).not.toContain('only for design');
    expect(await bucket(tokens.bo)).not.toContain('only for design');
    // Cy joins once the group opens: the kind change moves the page for everyone.
    await call(t, 'PUT', `/v1/groups/${design}`, {
      token: tokens.ann,
      body: { name: 'Design', kind: 'open' },
    });
    expect((await page(tokens.cy)).body).toContain('only for design');
  });

  it('exports a group bookmark as not public', async () => {
    const design = await group(t, tokens.ann, 'open');
    await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token: tokens.ann,
      body: { url: 'https://design.example/export', visibility: 'group', groups: [design] },
    });
    const res = await call(t, 'GET', '/v1/export/bookmarks.html', { token: tokens.ann });
    expect(res.body).toMatch(/HREF="https:\/\/design\.example\/export"[^>]*PRIVATE="1"/);
  });

  it('finds group items in search for those who may see them, never for others', async () => {
    const design = await group(t, tokens.ann, 'closed');
    const open = await group(t, tokens.ann, 'open');
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    const closedItem = newId();
    const openItem = newId();
    await call(t, 'PUT', `/v1/snippets/${closedItem}`, {
      token: tokens.ann,
      body: {
        url: 'https://design.example/s',
        quote: { exact: 'zebracorn closed' },
        visibility: 'group',
        groups: [design],
      },
    });
    await call(t, 'PUT', `/v1/statuses/${openItem}`, {
      token: tokens.ann,
      body: { text: 'zebracorn open', visibility: 'group', groups: [open] },
    });
    const found = async (token: string, q: string, type = '') => {
      const res = await call(t, 'GET', `/v1/search?q=${q}${type ? `&type=${type}` : ''}`, {
        token,
      });
      expect(res.statusCode).toBe(200);
      return (res.json() as { items: Array<{ id: string }> }).items.map((i) => i.id).sort();
    };
    const both = [closedItem, openItem].sort();
    expect(await found(tokens.ann, 'zebracorn')).toEqual(both);
    expect(await found(tokens.bo, 'zebracorn')).toEqual(both);
    expect(await found(tokens.bo, 'zebrac')).toEqual(both);
    expect(await found(tokens.bo, 'zebracorn', 'snippet')).toEqual([closedItem]);
    expect(await found(tokens.bo, 'closed zebracorn')).toEqual([closedItem]);
    expect(await found(tokens.cy, 'zebracorn')).toEqual([openItem]);
    expect(await found(tokens.cy, 'closed')).toEqual([]);
    // Comments on a group item: found by whoever sees the item, the commenter included.
    const note = newId();
    await call(t, 'PUT', `/v1/comments/${note}`, {
      token: tokens.bo,
      body: { targetId: closedItem, text: 'quagganote here' },
    });
    for (const token of [tokens.ann, tokens.bo]) {
      expect(await found(token, 'quagganote')).toEqual([note]);
      expect(await found(token, 'quagganote', 'comment')).toEqual([note]);
    }
    expect(await found(tokens.cy, 'quagganote')).toEqual([]);
    await call(t, 'DELETE', `/v1/groups/${design}/members/bo`, { token: tokens.bo });
    expect(await found(tokens.bo, 'zebracorn')).toEqual([openItem]);
    expect(await found(tokens.bo, 'quagganote')).toEqual([]);
  });
});
