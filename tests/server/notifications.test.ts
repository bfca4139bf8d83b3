/**
 * `GET /v1/notifications` and `POST /v1/notifications/read`: mentions, comments and likes on
 * the caller's items, never the caller's own actions nor private items of others, one entry
 * for a comment that also mentions, the unread count and the forward-only read mark.
 */
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../src/core/wire-read.ts';
import { call, databases, useServer } from './helpers.ts';
import { bookmark, collectPages, comment, like, status } from './read-helpers.ts';

type Page = { items: Notification[]; cursor: string; hasMore: boolean; unread: number };

describe.each(databases())('notifications on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol'] });

  const list = async (token: string): Promise<Page> => {
    const res = await call(t, 'GET', '/v1/notifications', { token });
    expect(res.statusCode).toBe(200);
    return res.json() as Page;
  };
  const markRead = (token: string, upTo?: string) =>
    call(t, 'POST', '/v1/notifications/read', { token, body: upTo ? { upTo } : {} });

  it('tells the caller about mentions, comments and likes by others, and nothing else', async () => {
    const mine = await bookmark(t, tokens.ada, 'https://example.org/a', { title: 'mine' });
    const mention = await status(t, tokens.bob, 'what do you think, @ada?');
    await status(t, tokens.carol, 'secretly about @ada', { visibility: 'private' });
    const onMine = await comment(t, tokens.carol, mine, 'good find');
    const both = await comment(t, tokens.bob, mine, '@ada agreed');
    await like(t, tokens.bob, mine);
    await comment(t, tokens.ada, mine, 'thanks all, @ada notes');
    await like(t, tokens.ada, mine);
    const bobs = await bookmark(t, tokens.bob, 'https://example.org/b');
    await comment(t, tokens.carol, bobs, 'not about ada');

    const page = await list(tokens.ada);
    const seen = page.items.map((n) => `${n.kind}:${n.actor}:${n.item.id}`).sort();
    expect(seen).toEqual(
      [
        `mention:bob:${mention}`,
        `comment:carol:${onMine}`,
        `comment:bob:${both}`,
        `like:bob:${mine}`,
      ].sort(),
    );
    expect(page.unread).toBe(4);
    expect(page.items.every((n) => n.unread)).toBe(true);
    const onComment = page.items.find((n) => n.item.id === onMine)!;
    expect(onComment.target?.id).toBe(mine);
    expect(JSON.stringify(page)).not.toContain('secretly');
    expect((await list(tokens.carol)).items).toEqual([]);
  });

  it('counts unread against a read mark that only moves forward', async () => {
    const mine = await bookmark(t, tokens.ada, 'https://example.org/a');
    await like(t, tokens.bob, mine);
    await comment(t, tokens.carol, mine, 'hello');
    const first = await list(tokens.ada);
    expect(first.unread).toBe(2);
    const newest = first.items[0]!.at;
    const read = await markRead(tokens.ada, newest);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ unread: 0, readUpTo: newest });
    expect((await list(tokens.ada)).items.every((n) => !n.unread)).toBe(true);

    const back = await markRead(tokens.ada, '2000-01-01T00:00:00.000Z');
    expect(back.json()).toEqual({ unread: 0, readUpTo: newest });

    await new Promise((resolve) => setTimeout(resolve, 3));
    await like(t, tokens.carol, mine);
    const after = await list(tokens.ada);
    expect(after.unread).toBe(1);
    expect(after.items.filter((n) => n.unread).map((n) => n.kind)).toEqual(['like']);
    const all = await markRead(tokens.ada);
    expect(all.json().unread).toBe(0);
    const future = await markRead(tokens.ada, '2999-01-01T00:00:00.000Z');
    expect(Date.parse(future.json().readUpTo)).toBeLessThanOrEqual(Date.now());
  });

  it('stops notifying about items that are deleted or become invisible', async () => {
    const mine = await bookmark(t, tokens.ada, 'https://example.org/a');
    const bobsStatus = await status(t, tokens.bob, 'hey @ada');
    const bobsComment = await comment(t, tokens.bob, mine, 'hm');
    expect((await list(tokens.ada)).items).toHaveLength(2);
    await call(t, 'PUT', `/v1/statuses/${bobsStatus}`, {
      token: tokens.bob,
      body: { text: 'hey @ada', visibility: 'private' },
    });
    await call(t, 'DELETE', `/v1/comments/${bobsComment}`, { token: tokens.bob });
    const page = await list(tokens.ada);
    expect(page.items).toEqual([]);
    expect(page.unread).toBe(0);
  });

  it('paginates completely', async () => {
    const mine = await bookmark(t, tokens.ada, 'https://example.org/a');
    const expected: string[] = [];
    for (let i = 0; i < 7; i++) {
      expected.push(`comment:${await comment(t, tokens.bob, mine, `c${i}`)}`);
      expected.push(`mention:${await status(t, tokens.carol, `@ada number ${i}`)}`);
    }
    await like(t, tokens.bob, mine);
    await like(t, tokens.carol, mine);
    expected.push(`like:bob/${mine}`, `like:carol/${mine}`);
    const all = await collectPages<Notification>(t, tokens.ada, '/v1/notifications', 3);
    expect(all.map((n) => n.key).sort()).toEqual(expected.sort());
    const ordered = [...all].sort((a, b) =>
      a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.key < b.key ? 1 : -1,
    );
    expect(all).toEqual(ordered);
  });

  it('refuses malformed marks and cursors', async () => {
    for (const body of [{ upTo: 'yesterday' }, { upTo: 5 }, { other: true }]) {
      const res = await call(t, 'POST', '/v1/notifications/read', { token: tokens.ada, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const res = await call(t, 'GET', '/v1/notifications?cursor=!!', { token: tokens.ada });
    expect(res.statusCode).toBe(400);
    expect((await call(t, 'GET', '/v1/notifications')).statusCode).toBe(401);
    expect((await call(t, 'POST', '/v1/notifications/read', { body: {} })).statusCode).toBe(401);
  });
});
