/**
 * Moderation of items (issue 15): hide and unhide by the people who moderate an item (a group's
 * owners and moderators; organisation admins for public items), delete by admins. Every action
 * is audited; a hidden item is seen afterwards only by its author (marked, without who hid it)
 * and its moderators, on every read route (item GET, pages and their cache, feed, search,
 * notifications, changes, comments and likes on it, the web permalink), while its author still
 * exports it. Refusal tests for every route: not a moderator, moderator of another group, not an
 * admin, an item one may not see, oversized and empty reasons, malformed ids, replays.
 */
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import type { Change, Item } from '../../src/core/wire.ts';
import { openSession, tokenSignIn } from '../../src/server/repos/web-sessions.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

const PAGE = 'https://moderation.example/article';

/** Everything `/v1/changes` sends `token` after `cursor`, and the cursor at the end. */
async function pull(t: TestApp, token: string, cursor = '') {
  const changes: Change[] = [];
  for (;;) {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const res = await call(t, 'GET', `/v1/changes${query}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Change[]; cursor: string; hasMore: boolean };
    changes.push(...page.items);
    cursor = page.cursor || cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

/** The last change for `key` in `changes`: 'value', 'tombstone' or 'none'. */
function lastState(changes: readonly Change[], key: string): 'value' | 'tombstone' | 'none' {
  const last = changes.filter((c) => c.key === key).at(-1);
  return last === undefined ? 'none' : last.deleted ? 'tombstone' : 'value';
}

async function audited(t: TestApp, action: string) {
  const rows = await t.db.kysely
    .selectFrom('audit_log')
    .select(['actor', 'target', 'detail', 'at'])
    .where('action', '=', action)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

describe.each(databases())('moderation on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ann', 'bo', 'cy', 'di', 'ed', 'zed'] });

  /** Design (closed): ann owner, bo moderator, cy and ed members. Café (open): di owner. */
  async function groups() {
    const design = newId();
    const cafe = newId();
    const put = (token: string, url: string, body: unknown) =>
      call(t, 'PUT', url, { token, body }).then((r) => expect(r.statusCode, r.body).toBe(201));
    await put(tokens.ann, `/v1/groups/${design}`, { name: 'Design', kind: 'closed' });
    await put(tokens.ann, `/v1/groups/${design}/members/bo`, { role: 'moderator' });
    await put(tokens.ann, `/v1/groups/${design}/members/cy`, { role: 'member' });
    await put(tokens.ann, `/v1/groups/${design}/members/ed`, { role: 'member' });
    await put(tokens.di, `/v1/groups/${cafe}`, { name: 'Café', kind: 'open' });
    return { design, cafe };
  }

  /** Zed becomes an organisation admin. */
  const zedIsAdmin = () =>
    t.db.kysely.updateTable('users').set({ role: 'admin' }).where('handle', '=', 'zed').execute();

  const hide = (token: string, id: string, reason: unknown = 'off topic') =>
    call(t, 'PUT', `/v1/items/${id}/hidden`, { token, body: { reason } });
  const unhide = (token: string, id: string) =>
    call(t, 'DELETE', `/v1/items/${id}/hidden`, { token });
  const get = (token: string, kind: string, id: string) =>
    call(t, 'GET', `/v1/${kind}/${id}`, { token });

  it('hides a group item from everyone but its author and moderators, on every route', async () => {
    const { design } = await groups();
    const key = await urlKey(PAGE);
    const id = newId();
    const created = await call(t, 'PUT', `/v1/snippets/${id}`, {
      token: tokens.cy,
      body: {
        url: PAGE,
        quote: { exact: 'quokka sentence' },
        comment: 'quokka thoughts @ed',
        visibility: 'group',
        groups: [design],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const comment = newId();
    await call(t, 'PUT', `/v1/comments/${comment}`, {
      token: tokens.ed,
      body: { targetId: id, text: 'quokka reply' },
    });
    await call(t, 'PUT', `/v1/likes/${id}`, { token: tokens.ed });
    await call(t, 'PUT', `/v1/follows/cy`, { token: tokens.ed });
    // Ed's page answer is cached before the hide; the hide must not leave it standing.
    expect((await call(t, 'GET', `/v1/pages/${key}`, { token: tokens.ed })).statusCode).toBe(200);
    const edBefore = await pull(t, tokens.ed);
    expect(lastState(edBefore.changes, id)).toBe('value');

    const res = await hide(tokens.bo, id, 'spoils the ending');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      itemId: id,
      hidden: { reason: 'spoils the ending', by: 'bo' },
    });

    // The author sees it, marked, without who hid it; moderators see who.
    const mine = await get(tokens.cy, 'snippets', id);
    expect(mine.statusCode).toBe(200);
    const marker = (mine.json() as Item).hidden;
    expect(marker?.reason).toBe('spoils the ending');
    expect(marker && 'by' in marker).toBe(false);
    for (const moderator of [tokens.bo, tokens.ann]) {
      const seen = await get(moderator, 'snippets', id);
      expect(seen.statusCode).toBe(200);
      expect((seen.json() as Item).hidden?.by).toBe('bo');
    }
    // Ed, a member, no longer sees it anywhere; his comment and like go with it.
    expect((await get(tokens.ed, 'snippets', id)).statusCode).toBe(404);
    expect((await get(tokens.ed, 'comments', comment)).statusCode).toBe(404);
    expect((await call(t, 'GET', `/v1/pages/${key}`, { token: tokens.ed })).statusCode).toBe(404);
    const prefix = await call(t, 'GET', `/v1/pages?prefix=${key.slice(0, 6)}`, {
      token: tokens.ed,
    });
    expect(prefix.body.includes(id)).toBe(false);
    for (const route of ['/v1/feed', '/v1/search?q=quokka', '/v1/notifications']) {
      const body = (await call(t, 'GET', route, { token: tokens.ed })).body;
      expect(body.includes(id), `${route}: ${body}`).toBe(false);
      expect(body.includes(comment), `${route}: ${body}`).toBe(false);
    }
    const edAfter = await pull(t, tokens.ed, edBefore.cursor);
    expect(lastState(edAfter.changes, id)).toBe('tombstone');
    expect(lastState(edAfter.changes, comment)).toBe('tombstone');
    expect(lastState(edAfter.changes, `ed/${id}`)).toBe('tombstone');
    expect(lastState((await pull(t, tokens.ed)).changes, id)).not.toBe('value');
    // Ed cannot comment on, like or flag it.
    const reply = await call(t, 'PUT', `/v1/comments/${newId()}`, {
      token: tokens.ed,
      body: { targetId: id, text: 'again' },
    });
    expect(reply.statusCode).toBe(404);
    expect((await call(t, 'PUT', `/v1/likes/${id}`, { token: tokens.ed })).statusCode).toBe(404);
    const flag = await call(t, 'PUT', `/v1/flags/${id}`, {
      token: tokens.ed,
      body: { reason: 'x' },
    });
    expect(flag.statusCode).toBe(404);
    // The author's and the moderators' pages, search and changes still hold it.
    for (const token of [tokens.cy, tokens.bo]) {
      const page = await call(t, 'GET', `/v1/pages/${key}`, { token });
      expect(page.statusCode).toBe(200);
      expect(page.body.includes(id)).toBe(true);
      expect((await call(t, 'GET', '/v1/search?q=quokka', { token })).body.includes(id)).toBe(true);
      expect(lastState((await pull(t, token)).changes, id)).toBe('value');
    }
    // The web permalink: 404 for Ed, the item for its author.
    const cookie = async (token: string) => {
      const found = await tokenSignIn(t.db, token);
      const session = await openSession(t.db, found!.handle, found!.tokenId);
      return `outloud_session=${session.id}`;
    };
    const web = (token: string) =>
      cookie(token).then((c) =>
        t.app.inject({ method: 'GET', url: `/items/${id}`, headers: { cookie: c } }),
      );
    expect((await web(tokens.ed)).statusCode).toBe(404);
    const authorPage = await web(tokens.cy);
    expect(authorPage.statusCode).toBe(200);
    expect(authorPage.body).toContain('hidden by a moderator');

    // Unhide: back for everyone, incrementally too.
    expect((await unhide(tokens.cy, id)).statusCode).toBe(403);
    const shown = await unhide(tokens.bo, id);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({ itemId: id, hidden: null });
    expect((await get(tokens.ed, 'snippets', id)).statusCode).toBe(200);
    expect((await get(tokens.ed, 'snippets', id)).json()).not.toHaveProperty('hidden');
    const edBack = await pull(t, tokens.ed, edAfter.cursor);
    expect(lastState(edBack.changes, id)).toBe('value');
    expect(lastState(edBack.changes, comment)).toBe('value');
    expect(lastState(edBack.changes, `ed/${id}`)).toBe('value');
    expect((await call(t, 'GET', `/v1/pages/${key}`, { token: tokens.ed })).statusCode).toBe(200);
    // Replayed unhide: 200, nothing audited.
    expect((await unhide(tokens.bo, id)).statusCode).toBe(200);

    const hides = await audited(t, 'item.hide');
    expect(hides.map((a) => [a.actor, a.target, a.detail.reason])).toEqual([
      ['bo', id, 'spoils the ending'],
    ]);
    const unhides = await audited(t, 'item.unhide');
    expect(unhides.map((a) => [a.actor, a.target, a.detail.reason, a.detail.hiddenBy])).toEqual([
      ['bo', id, 'spoils the ending', 'bo'],
    ]);
  });

  it('refuses whoever does not moderate the item, and bad requests', async () => {
    const { design, cafe } = await groups();
    const inDesign = newId();
    await call(t, 'PUT', `/v1/statuses/${inDesign}`, {
      token: tokens.cy,
      body: { text: 'design only', visibility: 'group', groups: [design] },
    });
    // Di joins Design? No: she moderates Café, another group. Ann shares an item with Café.
    const inCafe = newId();
    await call(t, 'PUT', `/v1/groups/${cafe}/members/ann`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    await call(t, 'PUT', `/v1/statuses/${inCafe}`, {
      token: tokens.ann,
      body: { text: 'in the café', visibility: 'group', groups: [cafe] },
    });
    const pub = newId();
    await call(t, 'PUT', `/v1/statuses/${pub}`, { token: tokens.cy, body: { text: 'public' } });
    const priv = newId();
    await call(t, 'PUT', `/v1/statuses/${priv}`, {
      token: tokens.cy,
      body: { text: 'private', visibility: 'private' },
    });

    // A member who does not moderate (even the author): 403; a non-member of a closed group: 404.
    expect((await hide(tokens.ed, inDesign)).statusCode).toBe(403);
    expect((await hide(tokens.cy, inDesign)).statusCode).toBe(403);
    expect((await hide(tokens.di, inDesign)).statusCode).toBe(404);
    // Bo moderates Design, not Café, which he may read (it is open): 403.
    expect((await hide(tokens.bo, inCafe)).statusCode).toBe(403);
    expect((await hide(tokens.di, inCafe)).statusCode).toBe(201);
    // A public item needs an admin: 403 for everyone else, even a group moderator.
    expect((await hide(tokens.bo, pub)).statusCode).toBe(403);
    // Another person's private item, an unknown id: 404, whoever asks.
    expect((await hide(tokens.bo, priv)).statusCode).toBe(404);
    expect((await hide(tokens.bo, newId())).statusCode).toBe(404);
    expect((await unhide(tokens.bo, newId())).statusCode).toBe(404);
    // Malformed: a reason too long, empty or missing, a body with more, an id not a UUID.
    expect((await hide(tokens.bo, inDesign, 'x'.repeat(1001))).statusCode).toBe(400);
    expect((await hide(tokens.bo, inDesign, '')).statusCode).toBe(400);
    expect((await hide(tokens.bo, inDesign, 42)).statusCode).toBe(400);
    const extra = await call(t, 'PUT', `/v1/items/${inDesign}/hidden`, {
      token: tokens.bo,
      body: { reason: 'a', by: 'ann' },
    });
    expect(extra.statusCode).toBe(400);
    expect((await hide(tokens.bo, 'not-an-id')).statusCode).toBe(400);
    expect((await call(t, 'PUT', `/v1/items/${inDesign}/hidden`, {})).statusCode).toBe(401);
    // None of the refused requests hid anything or wrote the log.
    expect((await get(tokens.ed, 'statuses', inDesign)).statusCode).toBe(200);
    expect((await audited(t, 'item.hide')).map((a) => a.target)).toEqual([inCafe]);

    // Replays: the same reason changes nothing; a new one replaces it and is audited.
    expect((await hide(tokens.bo, inDesign, 'spam')).statusCode).toBe(201);
    expect((await hide(tokens.bo, inDesign, 'spam')).statusCode).toBe(200);
    const again = await hide(tokens.ann, inDesign, 'spam, really');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ hidden: { by: 'ann', reason: 'spam, really' } });
    expect((await audited(t, 'item.hide')).map((a) => [a.actor, a.target])).toEqual([
      ['di', inCafe],
      ['bo', inDesign],
      ['ann', inDesign],
    ]);
    // A hidden item's author still edits it; it stays hidden.
    const edit = await call(t, 'PUT', `/v1/statuses/${inDesign}`, {
      token: tokens.cy,
      body: { text: 'design only, edited', visibility: 'group', groups: [design] },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((edit.json() as Item).hidden?.reason).toBe('spam, really');
    expect((await get(tokens.ed, 'statuses', inDesign)).statusCode).toBe(404);
  });

  it('sends the likes on a comment shown again, liked while it was hidden', async () => {
    await zedIsAdmin();
    const pub = newId();
    const made = await call(t, 'PUT', `/v1/bookmarks/${pub}`, {
      token: tokens.cy,
      body: { url: PAGE, title: 'echidna link' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const comment = newId();
    await call(t, 'PUT', `/v1/comments/${comment}`, {
      token: tokens.ed,
      body: { targetId: pub, text: 'echidna comment' },
    });
    expect((await hide(tokens.zed, comment, 'rude')).statusCode).toBe(201);
    // Its author still sees it, and likes it while it is hidden: no one else hears of that.
    expect((await call(t, 'PUT', `/v1/likes/${comment}`, { token: tokens.ed })).statusCode).toBe(
      201,
    );
    const before = await pull(t, tokens.di);
    expect(lastState(before.changes, `ed/${comment}`)).toBe('none');
    // Shown again: the comment and the like on it reach everyone.
    expect((await unhide(tokens.zed, comment)).statusCode).toBe(200);
    const after = await pull(t, tokens.di, before.cursor);
    expect(lastState(after.changes, comment)).toBe('value');
    expect(lastState(after.changes, `ed/${comment}`)).toBe('value');
  });

  it('pages search past hidden hits: a full page, and hasMore while more are visible', async () => {
    await zedIsAdmin();
    const ids: string[] = [];
    // Five public bookmarks and five comments matching 'numbat', oldest first; the newest two of
    // each hidden by the admin: the newest hits of every index branch are hidden ones.
    for (let i = 0; i < 5; i++) {
      const id = newId();
      ids.push(id);
      const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
        token: tokens.cy,
        body: { url: `${PAGE}/${i}`, title: `numbat ${i}` },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const comments: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = newId();
      comments.push(id);
      const res = await call(t, 'PUT', `/v1/comments/${id}`, {
        token: tokens.ed,
        body: { targetId: ids[0], text: `numbat comment ${i}` },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const hidden = [ids[3]!, ids[4]!, comments[3]!, comments[4]!];
    for (const id of hidden) expect((await hide(tokens.zed, id, 'dup')).statusCode).toBe(201);
    const visible = [...ids.slice(0, 3), ...comments.slice(0, 3)];
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor = '';
      for (let page = 0; page < 10; page++) {
        const query = `q=numbat&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await call(t, 'GET', `/v1/search?${query}`, { token: tokens.di });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { items: Item[]; cursor: string; hasMore: boolean };
        seen.push(...body.items.map((i) => i.id));
        // Every page but the last is full, whatever was hidden among the newest hits.
        if (body.hasMore) expect(body.items.length, `limit ${limit}`).toBe(limit);
        if (!body.hasMore) break;
        cursor = body.cursor;
      }
      expect(seen.sort(), `limit ${limit}`).toEqual([...visible].sort());
    }
  });

  it('lets admins hide public items and moderators follow their role', async () => {
    const { design } = await groups();
    await zedIsAdmin();
    const pub = newId();
    await call(t, 'PUT', `/v1/bookmarks/${pub}`, {
      token: tokens.cy,
      body: { url: PAGE, title: 'wombat link', tags: ['wombat'] },
    });
    const comment = newId();
    await call(t, 'PUT', `/v1/comments/${comment}`, {
      token: tokens.ed,
      body: { targetId: pub, text: 'wombat comment' },
    });
    const diStart = await pull(t, tokens.di);
    // Not yet an admin: 403. Promoted through the admin API: her feed sends it back when hidden.
    expect((await hide(tokens.di, pub)).statusCode).toBe(403);
    expect((await hide(tokens.zed, comment, 'rude')).statusCode).toBe(201);
    expect((await get(tokens.cy, 'comments', comment)).statusCode).toBe(404);
    expect((await get(tokens.ed, 'comments', comment)).statusCode).toBe(200);
    expect((await hide(tokens.zed, pub, 'advert')).statusCode).toBe(201);
    expect((await get(tokens.di, 'bookmarks', pub)).statusCode).toBe(404);
    const diHidden = await pull(t, tokens.di, diStart.cursor);
    expect(lastState(diHidden.changes, pub)).toBe('tombstone');
    const trending = await call(t, 'GET', '/v1/trending?days=7', { token: tokens.zed });
    expect(trending.body.includes('wombat')).toBe(false);
    // What the author adds under her hidden item still reaches the admins who moderate it.
    const zedStart = await pull(t, tokens.zed);
    const own = newId();
    await call(t, 'PUT', `/v1/comments/${own}`, {
      token: tokens.cy,
      body: { targetId: pub, text: 'my own reply' },
    });
    await call(t, 'PUT', `/v1/likes/${pub}`, { token: tokens.cy });
    const zedLater = await pull(t, tokens.zed, zedStart.cursor);
    expect(lastState(zedLater.changes, own)).toBe('value');
    expect(lastState(zedLater.changes, `cy/${pub}`)).toBe('value');
    expect(lastState((await pull(t, tokens.zed)).changes, own)).toBe('value');
    expect(lastState((await pull(t, tokens.ed)).changes, own)).toBe('none');
    const promote = await call(t, 'PUT', '/v1/admin/people/di/role', {
      token: tokens.zed,
      body: { role: 'admin' },
    });
    expect(promote.statusCode, promote.body).toBe(200);
    expect((await get(tokens.di, 'bookmarks', pub)).statusCode).toBe(200);
    const diAdmin = await pull(t, tokens.di, diHidden.cursor);
    expect(lastState(diAdmin.changes, pub)).toBe('value');
    expect(lastState(diAdmin.changes, comment)).toBe('value');
    await call(t, 'PUT', '/v1/admin/people/di/role', {
      token: tokens.zed,
      body: { role: 'member' },
    });
    expect(lastState((await pull(t, tokens.di, diAdmin.cursor)).changes, pub)).toBe('tombstone');
    // The author still exports her hidden bookmark.
    const exported = await call(t, 'GET', '/v1/export/bookmarks.html', { token: tokens.cy });
    expect(exported.body.includes('wombat link')).toBe(true);

    // A group moderator demoted to member stops seeing a hidden group item, and back.
    const inDesign = newId();
    await call(t, 'PUT', `/v1/statuses/${inDesign}`, {
      token: tokens.cy,
      body: { text: 'hidden soon', visibility: 'group', groups: [design] },
    });
    expect((await hide(tokens.ann, inDesign)).statusCode).toBe(201);
    const boStart = await pull(t, tokens.bo);
    expect(lastState(boStart.changes, inDesign)).toBe('value');
    const role = (r: string) =>
      call(t, 'PUT', `/v1/groups/${design}/members/bo`, { token: tokens.ann, body: { role: r } });
    expect((await role('member')).statusCode).toBe(200);
    expect((await get(tokens.bo, 'statuses', inDesign)).statusCode).toBe(404);
    const boMember = await pull(t, tokens.bo, boStart.cursor);
    expect(lastState(boMember.changes, inDesign)).toBe('tombstone');
    expect((await unhide(tokens.bo, inDesign)).statusCode).toBe(404);
    expect((await role('moderator')).statusCode).toBe(200);
    expect(lastState((await pull(t, tokens.bo, boMember.cursor)).changes, inDesign)).toBe('value');
  });

  it('lets admins delete items they may see, with tombstones, and no one else', async () => {
    const { design } = await groups();
    await zedIsAdmin();
    const pub = newId();
    await call(t, 'PUT', `/v1/statuses/${pub}`, { token: tokens.cy, body: { text: 'public' } });
    const inDesign = newId();
    await call(t, 'PUT', `/v1/statuses/${inDesign}`, {
      token: tokens.cy,
      body: { text: 'design', visibility: 'group', groups: [design] },
    });
    const priv = newId();
    await call(t, 'PUT', `/v1/statuses/${priv}`, {
      token: tokens.cy,
      body: { text: 'private', visibility: 'private' },
    });
    const remove = (token: string, id: string, query = '') =>
      call(t, 'DELETE', `/v1/items/${id}${query}`, { token });
    const edStart = await pull(t, tokens.ed);
    // Not an admin: 403 on what one sees (even a group moderator), 404 on what one does not.
    expect((await remove(tokens.bo, pub)).statusCode).toBe(403);
    expect((await remove(tokens.bo, inDesign)).statusCode).toBe(403);
    expect((await remove(tokens.cy, pub)).statusCode).toBe(403);
    expect((await remove(tokens.di, inDesign)).statusCode).toBe(404);
    // An admin: 404 on a closed group's item they are not in, and on another's private item.
    expect((await remove(tokens.zed, inDesign)).statusCode).toBe(404);
    expect((await remove(tokens.zed, priv)).statusCode).toBe(404);
    expect((await remove(tokens.zed, newId())).statusCode).toBe(404);
    expect((await remove(tokens.zed, pub, `?reason=${'x'.repeat(1001)}`)).statusCode).toBe(400);
    expect((await remove(tokens.zed, pub, '?reason=')).statusCode).toBe(400);
    expect((await remove(tokens.zed, 'nope')).statusCode).toBe(400);
    expect((await get(tokens.ed, 'statuses', pub)).statusCode).toBe(200);

    const gone = await remove(tokens.zed, pub, '?reason=leaked%20data');
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toEqual({ id: pub, deleted: true });
    expect((await remove(tokens.zed, pub)).statusCode).toBe(200);
    expect((await get(tokens.cy, 'statuses', pub)).statusCode).toBe(404);
    expect(lastState((await pull(t, tokens.ed, edStart.cursor)).changes, pub)).toBe('tombstone');
    expect(lastState((await pull(t, tokens.cy)).changes, pub)).toBe('tombstone');
    // Its author cannot bring the id back.
    const back = await call(t, 'PUT', `/v1/statuses/${pub}`, {
      token: tokens.cy,
      body: { text: 'public' },
    });
    expect(back.statusCode).toBe(410);
    // An admin who is in the group deletes its item too.
    await call(t, 'PUT', `/v1/groups/${design}/members/zed`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    expect((await remove(tokens.zed, inDesign)).statusCode).toBe(200);
    expect((await get(tokens.ed, 'statuses', inDesign)).statusCode).toBe(404);
    const deletes = await audited(t, 'item.delete');
    expect(
      deletes.map((a) => [a.actor, a.target, a.detail.reason ?? null, a.detail.owner]),
    ).toEqual([
      ['zed', pub, 'leaked data', 'cy'],
      ['zed', inDesign, null, 'cy'],
    ]);
  });
});
