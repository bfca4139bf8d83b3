/**
 * Moderation flags (issue 15): anyone flags an item they may see (404 otherwise), the flag goes
 * to the audit log, a group's owners and moderators read the flags on its items (its members
 * do not), organisation admins read those on public items; refusals for bad bodies and ids.
 */
import { describe, expect, it } from 'vitest';
import type { FlagsList } from '../../src/core/wire.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

const flagged = async (t: TestApp, token: string) => {
  const res = await call(t, 'GET', '/v1/flags', { token });
  expect(res.statusCode).toBe(200);
  return (res.json() as FlagsList).items.map((f) => `${f.handle}>${f.itemId}:${f.reason}`).sort();
};

describe.each(databases())('flags on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ann', 'bo', 'cy', 'di'] });

  it('flags what one may see, for the moderators of its groups and admins of public items', async () => {
    const design = newId();
    await call(t, 'PUT', `/v1/groups/${design}`, {
      token: tokens.ann,
      body: { name: 'Design', kind: 'closed' },
    });
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'moderator' },
    });
    await call(t, 'PUT', `/v1/groups/${design}/members/cy`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    const inGroup = newId();
    const pub = newId();
    const priv = newId();
    await call(t, 'PUT', `/v1/statuses/${inGroup}`, {
      token: tokens.ann,
      body: { text: 'group words', visibility: 'group', groups: [design] },
    });
    await call(t, 'PUT', `/v1/statuses/${pub}`, { token: tokens.di, body: { text: 'public' } });
    await call(t, 'PUT', `/v1/statuses/${priv}`, {
      token: tokens.di,
      body: { text: 'mine', visibility: 'private' },
    });
    const flag = (token: string, id: string, reason: string) =>
      call(t, 'PUT', `/v1/flags/${id}`, { token, body: { reason } });
    expect((await flag(tokens.cy, inGroup, 'spam')).statusCode).toBe(201);
    expect((await flag(tokens.cy, inGroup, 'spam')).statusCode).toBe(200);
    expect((await flag(tokens.cy, pub, 'rude')).statusCode).toBe(201);
    // Items one may not see: 404, nothing recorded.
    expect((await flag(tokens.di, inGroup, 'nosy')).statusCode).toBe(404);
    expect((await flag(tokens.cy, priv, 'nosy')).statusCode).toBe(404);
    expect((await flag(tokens.cy, newId(), 'nosy')).statusCode).toBe(404);
    expect(await flagged(t, tokens.ann)).toEqual([`cy>${inGroup}:spam`]);
    expect(await flagged(t, tokens.bo)).toEqual([`cy>${inGroup}:spam`]);
    expect(await flagged(t, tokens.cy)).toEqual([]);
    expect(await flagged(t, tokens.di)).toEqual([]);
    await t.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('handle', '=', 'di')
      .execute();
    expect(await flagged(t, tokens.di)).toEqual([`cy>${pub}:rude`]);
    // The reason updates; the audit log has one row per flag written.
    expect((await flag(tokens.cy, pub, 'very rude')).statusCode).toBe(200);
    expect(await flagged(t, tokens.di)).toEqual([`cy>${pub}:very rude`]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor', 'action', 'target', 'detail'])
      .where('action', '=', 'item.flag')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => [a.actor, a.target, JSON.parse(a.detail).reason])).toEqual([
      ['cy', inGroup, 'spam'],
      ['cy', pub, 'rude'],
      ['cy', pub, 'very rude'],
    ]);
    // Once Bo stops moderating, he no longer reads the group's flags.
    await call(t, 'PUT', `/v1/groups/${design}/members/bo`, {
      token: tokens.ann,
      body: { role: 'member' },
    });
    expect(await flagged(t, tokens.bo)).toEqual([]);
  });

  it('refuses bad reasons, ids and callers', async () => {
    const id = newId();
    await call(t, 'PUT', `/v1/statuses/${id}`, { token: tokens.ann, body: { text: 'x' } });
    for (const body of [
      {},
      { reason: '' },
      { reason: '\u200b' },
      { reason: 'x'.repeat(1001) },
      { reason: 'x', more: 1 },
    ]) {
      const res = await call(t, 'PUT', `/v1/flags/${id}`, { token: tokens.bo, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await call(t, 'PUT', '/v1/flags/not-an-id', { token: tokens.bo, body: { reason: 'x' } }))
        .statusCode,
    ).toBe(400);
    expect((await call(t, 'PUT', `/v1/flags/${id}`, { body: { reason: 'x' } })).statusCode).toBe(
      401,
    );
    expect((await call(t, 'GET', '/v1/flags', { token: 'forged' })).statusCode).toBe(401);
  });
});
