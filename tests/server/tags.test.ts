/**
 * Tags empty once invisible characters are removed (spaces, zero-width, bidi controls) are
 * refused by the bookmark schema with a 400 that says why, on the single route and in a sync
 * batch, and nothing is written; a tag with a visible character among invisible ones is kept
 * as sent. On every test database.
 */
import { describe, expect, it } from 'vitest';
import { call, databases, newId, useServer } from './helpers.ts';

const INVISIBLE_TAGS = ['\u200b', '\u202e', ' \u2066\u2069 ', '\ufeff\u200d', '\u3164'];
/** A tag's characters as `\uXXXX` escapes, for the test name. */
const escaped = (s: string) =>
  [...s].map((c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`).join('');

describe.each(databases())('tags on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada'] });

  it.each(INVISIBLE_TAGS.map((tag) => [escaped(tag), tag]))(
    'refuses the tag %s with a clear 400 and stores nothing',
    async (_name, tag) => {
      const id = newId();
      const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
        token: tokens.ada,
        body: { url: 'https://example.org/a', tags: ['fine', tag] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual({
        code: 'invalid',
        message: expect.stringMatching(/^body\/tags\/1 a tag needs at least one visible character/),
      });
      expect((await call(t, 'GET', `/v1/bookmarks/${id}`, { token: tokens.ada })).statusCode).toBe(
        404,
      );
    },
  );

  it('refuses it in a sync batch too, and keeps the other mutations', async () => {
    const bad = newId();
    const good = newId();
    const res = await call(t, 'POST', '/v1/sync', {
      token: tokens.ada,
      body: {
        mutations: [
          {
            id: bad,
            op: 'put',
            type: 'bookmark',
            data: { url: 'https://example.org/a', tags: ['\u200b\u202e'] },
          },
          {
            id: good,
            op: 'put',
            type: 'bookmark',
            data: { url: 'https://example.org/b', tags: ['b'] },
          },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const [refused, kept] = res.json().results;
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect(refused.body.error.message).toMatch(
      /tags\/0 a tag needs at least one visible character/,
    );
    expect(kept).toMatchObject({ status: 201 });
    expect((await call(t, 'GET', `/v1/bookmarks/${bad}`, { token: tokens.ada })).statusCode).toBe(
      404,
    );
  });

  it('keeps a tag with a visible character as sent (shown isolated by the clients)', async () => {
    const id = newId();
    const tag = 'invoice \u202egnp.exe';
    const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/c', tags: [tag, '\u200bx'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().tags).toEqual([tag, '\u200bx']);
  });

  it('keeps one of tags that differ only in case or spaces, the first as sent (tags.ts)', async () => {
    const id = newId();
    const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/d', tags: ['Design', 'api', ' design ', 'DESIGN', 'API'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().tags).toEqual(['Design', 'api']);
    const got = await call(t, 'GET', `/v1/bookmarks/${id}`, { token: tokens.ada });
    expect(got.json().tags).toEqual(['Design', 'api']);
  });
});
