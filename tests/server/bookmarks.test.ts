/**
 * Item routes through `app.inject()`: create, idempotent re-PUT, updates, the one-bookmark-per-
 * page rule, ownership, deletes, URL normalisation and mentions, on every test database.
 */
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import { call, databases, newId, useServer } from './helpers.ts';

describe.each(databases())('items on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });

  it('creates a bookmark (201), answers the same PUT with 200, and updates on change', async () => {
    const id = newId();
    const body = {
      url: 'http://Example.org:8080/a?utm_source=x&b=2&a=1#top:~:text=hi',
      title: 'A',
      tags: ['x'],
    };
    const first = await call(t, 'PUT', `/v1/bookmarks/${id}`, { token: tokens.ada, body });
    expect(first.statusCode).toBe(201);
    const created = first.json();
    expect(created).toMatchObject({
      type: 'bookmark',
      id,
      owner: 'ada',
      // as shared (scheme, port, order and fragment kept), keyed by its normal form
      url: 'http://example.org:8080/a?b=2&a=1#top',
      urlKey: await urlKey('https://example.org:8080/a?a=1&b=2'),
      title: 'A',
      description: '',
      tags: ['x'],
      visibility: 'public',
    });
    const again = await call(t, 'PUT', `/v1/bookmarks/${id}`, { token: tokens.ada, body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(created);
    const changed = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.ada,
      body: { ...body, title: 'B' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ title: 'B', createdAt: created.createdAt });
    const got = await call(t, 'GET', `/v1/bookmarks/${id}`, { token: tokens.bob });
    expect(got.json().title).toBe('B');
  });

  it('answers a second bookmark of the same page with 409 and the existing id', async () => {
    const id = newId();
    await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.ada,
      body: { url: 'http://example.org/p' },
    });
    const res = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/p?utm_medium=mail' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'duplicate', existingId: id });
    // Someone else may bookmark the same page, and the owner may again after deleting.
    const other = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token: tokens.bob,
      body: { url: 'http://example.org/p' },
    });
    expect(other.statusCode).toBe(201);
    expect((await call(t, 'DELETE', `/v1/bookmarks/${id}`, { token: tokens.ada })).statusCode).toBe(
      200,
    );
    const after = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token: tokens.ada,
      body: { url: 'http://example.org/p' },
    });
    expect(after.statusCode).toBe(201);
  });

  it("refuses a PUT on someone else's id (403) and another type's id (409)", async () => {
    const id = newId();
    await call(t, 'PUT', `/v1/statuses/${id}`, { token: tokens.ada, body: { text: 'hello' } });
    const theirs = await call(t, 'PUT', `/v1/statuses/${id}`, {
      token: tokens.bob,
      body: { text: 'mine' },
    });
    expect(theirs.statusCode).toBe(403);
    const otherType = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/' },
    });
    expect(otherType.statusCode).toBe(409);
    expect((await call(t, 'GET', `/v1/statuses/${id}`, { token: tokens.ada })).json().text).toBe(
      'hello',
    );
  });

  it('deletes idempotently: 200, 200 again, 404 unknown, 410 on a PUT after', async () => {
    const id = newId();
    const body = { url: 'https://example.org/x' };
    await call(t, 'PUT', `/v1/bookmarks/${id}`, { token: tokens.ada, body });
    expect((await call(t, 'DELETE', `/v1/bookmarks/${id}`, { token: tokens.bob })).statusCode).toBe(
      403,
    );
    const del = await call(t, 'DELETE', `/v1/bookmarks/${id}`, { token: tokens.ada });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ id, deleted: true });
    expect((await call(t, 'DELETE', `/v1/bookmarks/${id}`, { token: tokens.ada })).statusCode).toBe(
      200,
    );
    expect((await call(t, 'GET', `/v1/bookmarks/${id}`, { token: tokens.ada })).statusCode).toBe(
      404,
    );
    expect(
      (await call(t, 'DELETE', `/v1/bookmarks/${newId()}`, { token: tokens.ada })).statusCode,
    ).toBe(404);
    expect(
      (await call(t, 'PUT', `/v1/bookmarks/${id}`, { token: tokens.ada, body })).statusCode,
    ).toBe(410);
  });

  it('strips secrets from URLs and refuses non-http URLs naming the field', async () => {
    const res = await call(t, 'PUT', `/v1/snippets/${newId()}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/r?token=abc&q=1', quote: { exact: 'quoted' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().url).toBe('https://example.org/r?q=1');
    const bad = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token: tokens.ada,
      body: { url: 'ftp://example.org/' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^body\/url /);
  });

  it('turns @handles of existing people into mentions', async () => {
    const res = await call(t, 'PUT', `/v1/statuses/${newId()}`, {
      token: tokens.ada,
      body: { text: 'Ask @bob or @nobody, cc @Ada', question: true },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mentions: ['ada', 'bob'], question: true, url: null });
  });

  it('comments and likes only on items the caller can see', async () => {
    const priv = newId();
    await call(t, 'PUT', `/v1/bookmarks/${priv}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/private', visibility: 'private' },
    });
    const comment = { targetId: priv, text: 'hi @ada' };
    const c1 = await call(t, 'PUT', `/v1/comments/${newId()}`, {
      token: tokens.bob,
      body: comment,
    });
    expect(c1.statusCode).toBe(404);
    expect((await call(t, 'PUT', `/v1/likes/${priv}`, { token: tokens.bob })).statusCode).toBe(404);
    const own = await call(t, 'PUT', `/v1/comments/${newId()}`, {
      token: tokens.ada,
      body: comment,
    });
    expect(own.statusCode).toBe(201);
    expect((await call(t, 'PUT', `/v1/likes/${priv}`, { token: tokens.ada })).statusCode).toBe(201);
    expect((await call(t, 'PUT', `/v1/likes/${priv}`, { token: tokens.ada })).statusCode).toBe(200);
    expect((await call(t, 'DELETE', `/v1/likes/${priv}`, { token: tokens.ada })).statusCode).toBe(
      200,
    );
    expect((await call(t, 'DELETE', `/v1/likes/${priv}`, { token: tokens.ada })).statusCode).toBe(
      200,
    );
  });

  it('lets a person withdraw their like after its item turned private or was deleted', async () => {
    const likesOf = async (who: string) =>
      (await t.db.kysely.selectFrom('likes').selectAll().where('owner', '=', who).execute()).map(
        (l) => l.target_id,
      );
    const made = [newId(), newId()];
    for (const id of made) {
      const body = { url: `https://example.org/liked/${id}`, visibility: 'public' };
      await call(t, 'PUT', `/v1/bookmarks/${id}`, { token: tokens.ada, body });
      expect((await call(t, 'PUT', `/v1/likes/${id}`, { token: tokens.bob })).statusCode).toBe(201);
    }
    const [hidden, deleted] = made as [string, string];
    const body = { url: `https://example.org/liked/${hidden}`, visibility: 'private' };
    expect(
      (await call(t, 'PUT', `/v1/bookmarks/${hidden}`, { token: tokens.ada, body })).statusCode,
    ).toBe(200);
    expect(
      (await call(t, 'DELETE', `/v1/bookmarks/${deleted}`, { token: tokens.ada })).statusCode,
    ).toBe(200);
    expect(await likesOf('bob')).toEqual(expect.arrayContaining(made));
    for (const id of made) {
      const res = await call(t, 'DELETE', `/v1/likes/${id}`, { token: tokens.bob });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ id, deleted: true });
    }
    expect(await likesOf('bob')).toEqual([]);
    // Without a like of one's own, an item one cannot see is still not found.
    expect((await call(t, 'DELETE', `/v1/likes/${hidden}`, { token: tokens.bob })).statusCode).toBe(
      404,
    );
  });
});
