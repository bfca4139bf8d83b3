/**
 * People administration (issue 14): roles, deactivation, reactivation and handle changes through
 * `/v1/admin/people*`, each with its audit row; the last active admin kept; a renamed person's
 * mentions, profile link, follows, likes, feed and page answers keep working.
 */
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import type { Change, Person } from '../../src/core/wire.ts';
import type { AdminPeoplePage, AdminPerson, AuditPage } from '../../src/core/wire-admin.ts';
import type { FeedPage } from '../../src/core/wire-read.ts';
import { createToken } from '../../src/server/repos/users.ts';
import { findSession, openSession } from '../../src/server/repos/web-sessions.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

async function auditOf(t: TestApp, token: string, target: string): Promise<AuditPage['entries']> {
  const res = await call(t, 'GET', `/v1/admin/audit?target=${target}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as AuditPage).entries;
}

describe.each(databases())('people administration on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['root', 'ada', 'bob'] });
  const promoteRoot = () =>
    t.db.kysely.updateTable('users').set({ role: 'admin' }).where('handle', '=', 'root').execute();

  it('promotes and demotes, shows the role on /v1/me, and keeps the last admin', async () => {
    await promoteRoot();
    const me = await call(t, 'GET', '/v1/me', { token: tokens.ada });
    expect(me.json()).toMatchObject({ handle: 'ada', role: 'member' });
    const up = await call(t, 'PUT', '/v1/admin/people/ada/role', {
      token: tokens.root,
      body: { role: 'admin' },
    });
    expect(up.statusCode, up.body).toBe(200);
    expect((up.json() as AdminPerson).role).toBe('admin');
    expect((await call(t, 'GET', '/v1/me', { token: tokens.ada })).json()).toMatchObject({
      role: 'admin',
    });
    // ada may now administer; root demotes themself (ada remains).
    const self = await call(t, 'PUT', '/v1/admin/people/root/role', {
      token: tokens.root,
      body: { role: 'member' },
    });
    expect(self.statusCode, self.body).toBe(200);
    expect((await call(t, 'GET', '/v1/admin/audit', { token: tokens.root })).statusCode).toBe(403);
    // ada is the last admin: neither demotion nor deactivation of her goes through.
    for (const [method, path, body] of [
      ['PUT', '/v1/admin/people/ada/role', { role: 'member' }],
      ['POST', '/v1/admin/people/ada/deactivate', undefined],
    ] as const) {
      const refused = await call(t, method, path, { token: tokens.ada, body });
      expect(refused.statusCode, path).toBe(409);
      expect(refused.json()).toMatchObject({ error: { code: 'conflict', reason: 'last_admin' } });
    }
    const log = await auditOf(t, tokens.ada, 'ada');
    expect(log.map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['root', 'person.promote', { from: 'member', to: 'admin' }],
    ]);
    expect((await auditOf(t, tokens.ada, 'root')).map((e) => e.action)).toEqual(['person.demote']);
    const bad = await call(t, 'PUT', '/v1/admin/people/ada/role', {
      token: tokens.ada,
      body: { role: 'owner' },
    });
    expect(bad.statusCode).toBe(400);
    const nobody = await call(t, 'PUT', '/v1/admin/people/nobody/role', {
      token: tokens.ada,
      body: { role: 'admin' },
    });
    expect(nobody.statusCode).toBe(404);
  });

  it('deactivates at once (every device), keeps their items as a former colleague, reactivates without old devices', async () => {
    await promoteRoot();
    const second = (await createToken(t.db, 'ada'))!;
    const session = await openSession(t.db, 'ada', null);
    const id = newId();
    const page = 'https://example.org/former';
    expect(
      (
        await call(t, 'PUT', `/v1/statuses/${id}`, {
          token: tokens.ada,
          body: { text: 'still here', url: page },
        })
      ).statusCode,
    ).toBe(201);
    const key = await urlKey(page);
    const engaged = async () =>
      (
        (await call(t, 'GET', `/v1/pages/${key}`, { token: tokens.bob })).json() as {
          people: Array<{ handle: string; former?: true }>;
        }
      ).people;
    // Bob's page answer is cached before the deactivation, and must change with it.
    expect(await engaged()).toEqual([expect.not.objectContaining({ former: true })]);
    const res = await call(t, 'POST', '/v1/admin/people/ada/deactivate', { token: tokens.root });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as AdminPerson).deactivatedAt).not.toBeNull();
    expect((res.json() as AdminPerson).devices).toBe(0);
    for (const token of [tokens.ada, second]) {
      expect((await call(t, 'GET', '/v1/me', { token })).statusCode).toBe(401);
    }
    expect(await findSession(t.db, session.id)).toBeUndefined();
    expect(await engaged()).toEqual([expect.objectContaining({ handle: 'ada', former: true })]);
    // Their item stays, and they show as a former colleague.
    expect((await call(t, 'GET', `/v1/statuses/${id}`, { token: tokens.bob })).statusCode).toBe(
      200,
    );
    const person = (await call(t, 'GET', '/v1/people/ada', { token: tokens.bob })).json() as Person;
    expect(person).toEqual({
      handle: 'ada',
      name: 'Ada',
      createdAt: person.createdAt,
      former: true,
    });
    const list = (await call(t, 'GET', '/v1/people?q=ad', { token: tokens.bob })).json() as {
      items: Person[];
    };
    expect(list.items).toEqual([expect.objectContaining({ handle: 'ada', former: true })]);
    const changes = (await call(t, 'GET', '/v1/changes', { token: tokens.bob })).json() as {
      items: Change[];
    };
    expect(
      changes.items.filter((c) => c.type === 'person' && c.key === 'ada').at(-1),
    ).toMatchObject({
      value: { former: true },
    });
    expect(
      (await call(t, 'GET', '/v1/admin/people?status=deactivated', { token: tokens.root })).json(),
    ).toMatchObject({ people: [{ handle: 'ada' }], hasMore: false });
    // Deactivating again changes nothing and writes no second audit row.
    expect(
      (await call(t, 'POST', '/v1/admin/people/ada/deactivate', { token: tokens.root })).statusCode,
    ).toBe(200);

    const back = await call(t, 'POST', '/v1/admin/people/ada/reactivate', { token: tokens.root });
    expect(back.statusCode, back.body).toBe(200);
    expect((back.json() as AdminPerson).deactivatedAt).toBeNull();
    expect(await engaged()).toEqual([expect.not.objectContaining({ former: true })]);
    for (const token of [tokens.ada, second]) {
      expect((await call(t, 'GET', '/v1/me', { token })).statusCode).toBe(401);
    }
    const fresh = (await createToken(t.db, 'ada'))!;
    expect((await call(t, 'GET', '/v1/me', { token: fresh })).json()).not.toHaveProperty('former');
    const log = await auditOf(t, tokens.root, 'ada');
    expect(log.map((e) => [e.actor, e.action])).toEqual([
      ['root', 'person.reactivate'],
      ['root', 'person.deactivate'],
    ]);
    expect(log[1]!.detail).toEqual({ devicesRevoked: 2 });
    expect(
      (await call(t, 'POST', '/v1/admin/people/nobody/deactivate', { token: tokens.root }))
        .statusCode,
    ).toBe(404);
  });

  it('lists people by handle with last activity, paged and filtered', async () => {
    await promoteRoot();
    await call(t, 'PUT', `/v1/statuses/${newId()}`, { token: tokens.bob, body: { text: 'hi' } });
    const seen: AdminPerson[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const res = await call(t, 'GET', `/v1/admin/people?limit=2&cursor=${cursor}`, {
        token: tokens.root,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as AdminPeoplePage;
      seen.push(...body.people);
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    expect(seen.map((p) => p.handle)).toEqual(['ada', 'bob', 'root']);
    expect(seen.find((p) => p.handle === 'root')).toMatchObject({ role: 'admin', devices: 1 });
    expect(seen.find((p) => p.handle === 'bob')!.lastActiveAt).not.toBeNull();
    expect(seen.find((p) => p.handle === 'ada')!.lastActiveAt).toBeNull();
    const active = (
      await call(t, 'GET', '/v1/admin/people?status=active', { token: tokens.root })
    ).json() as AdminPeoplePage;
    expect(active.people).toHaveLength(3);
    for (const query of [
      'status=gone',
      `cursor=${Buffer.from('hBad Handle').toString('base64url')}`,
      'limit=0',
    ]) {
      expect(
        (await call(t, 'GET', `/v1/admin/people?${query}`, { token: tokens.root })).statusCode,
        query,
      ).toBe(400);
    }
  });

  it('renames: mentions, profile link, follows, likes, feed and page answers follow the person', async () => {
    await promoteRoot();
    const page = 'https://example.org/renamed';
    const key = await urlKey(page);
    const bookmark = newId();
    const mention = newId();
    await call(t, 'PUT', `/v1/bookmarks/${bookmark}`, {
      token: tokens.ada,
      body: { url: page, title: 'A page' },
    });
    await call(t, 'PUT', `/v1/statuses/${mention}`, {
      token: tokens.bob,
      body: { text: 'hello @ada', url: page },
    });
    expect((await call(t, 'PUT', '/v1/follows/ada', { token: tokens.bob })).statusCode).toBe(201);
    expect((await call(t, 'PUT', `/v1/likes/${bookmark}`, { token: tokens.bob })).statusCode).toBe(
      201,
    );
    await call(t, 'PUT', `/v1/likes/${mention}`, { token: tokens.ada });
    const privateId = newId();
    await call(t, 'PUT', `/v1/bookmarks/${privateId}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/p', title: 'quokkalike', visibility: 'private' },
    });
    expect(
      (await call(t, 'GET', '/v1/search?q=quokkalike', { token: tokens.ada })).json(),
    ).toMatchObject({ items: [{ id: privateId }] });
    // The page answer is cached for bob before the rename.
    const before = (await call(t, 'GET', `/v1/pages/${key}`, { token: tokens.bob })).json();
    expect(JSON.stringify(before)).toContain('"ada"');
    const changesBefore = (await call(t, 'GET', '/v1/changes', { token: tokens.bob })).json() as {
      cursor: string;
    };

    const session = await openSession(t.db, 'ada', null);
    // A closed group ada owns, bob a member, and an item shared with it.
    const group = newId();
    const grouped = newId();
    expect(
      (
        await call(t, 'PUT', `/v1/groups/${group}`, {
          token: tokens.ada,
          body: { name: 'Crew', kind: 'closed' },
        })
      ).statusCode,
    ).toBeLessThan(300);
    expect(
      (
        await call(t, 'PUT', `/v1/groups/${group}/members/bob`, {
          token: tokens.ada,
          body: { role: 'member' },
        })
      ).statusCode,
    ).toBeLessThan(300);
    expect(
      (
        await call(t, 'PUT', `/v1/statuses/${grouped}`, {
          token: tokens.ada,
          body: { text: 'crew only', visibility: 'group', groups: [group] },
        })
      ).statusCode,
      'group status',
    ).toBe(201);
    const taken = await call(t, 'PUT', '/v1/admin/people/ada/handle', {
      token: tokens.root,
      body: { handle: 'bob' },
    });
    expect(taken.statusCode).toBe(409);
    const res = await call(t, 'PUT', '/v1/admin/people/ada/handle', {
      token: tokens.root,
      body: { handle: 'ada.l' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as AdminPerson).handle).toBe('ada.l');

    // Her own token and web session still work, under the new handle.
    expect((await findSession(t.db, session.id))?.user.handle).toBe('ada.l');
    expect((await call(t, 'GET', '/v1/me', { token: tokens.ada })).json()).toMatchObject({
      handle: 'ada.l',
    });
    // The old profile link answers the person under the new handle.
    expect((await call(t, 'GET', '/v1/people/ada', { token: tokens.bob })).json()).toMatchObject({
      handle: 'ada.l',
      name: 'Ada',
    });
    // The old mention points at her; a new "@ada" mentions her too.
    expect(
      (await call(t, 'GET', `/v1/statuses/${mention}`, { token: tokens.bob })).json(),
    ).toMatchObject({ mentions: ['ada.l'] });
    const again = await call(t, 'PUT', `/v1/statuses/${newId()}`, {
      token: tokens.bob,
      body: { text: 'again @ada' },
    });
    expect(again.json()).toMatchObject({ mentions: ['ada.l'] });
    // Follows and likes moved.
    expect((await call(t, 'GET', '/v1/follows', { token: tokens.bob })).json()).toMatchObject({
      following: [{ handle: 'ada.l' }],
    });
    expect((await call(t, 'GET', '/v1/follows', { token: tokens.ada })).json()).toMatchObject({
      followers: [{ handle: 'bob' }],
    });
    const feed = (await call(t, 'GET', '/v1/feed', { token: tokens.bob })).json() as FeedPage;
    expect(feed.items.some((a) => a.actor === 'ada.l' && a.item.id === bookmark)).toBe(true);
    expect(feed.items.some((a) => a.actor === 'ada')).toBe(false);
    // Her private items are still found by her alone (the private search index moved too).
    expect(
      (await call(t, 'GET', '/v1/search?q=quokkalike', { token: tokens.ada })).json(),
    ).toMatchObject({ items: [{ id: privateId, owner: 'ada.l' }] });
    expect(
      JSON.stringify(
        (await call(t, 'GET', '/v1/search?q=quokkalike', { token: tokens.bob })).json(),
      ),
    ).not.toContain(privateId);
    // Her group, its membership and its item moved with her.
    const crew = JSON.stringify(
      (await call(t, 'GET', `/v1/groups/${group}/members`, { token: tokens.bob })).json(),
    );
    expect(crew).toContain('"ada.l"');
    expect(crew).not.toContain('"ada"');
    expect(
      (await call(t, 'GET', `/v1/statuses/${grouped}`, { token: tokens.bob })).json(),
    ).toMatchObject({ owner: 'ada.l' });
    // The cached page answer changed.
    const after = JSON.stringify(
      (await call(t, 'GET', `/v1/pages/${key}`, { token: tokens.bob })).json(),
    );
    expect(after).toContain('"ada.l"');
    expect(after).not.toContain('"ada"');
    // The change log tells mirrors: the old person gone, the new one, her items re-sent.
    const changes = (
      await call(t, 'GET', `/v1/changes?cursor=${changesBefore.cursor}`, { token: tokens.bob })
    ).json() as { items: Change[] };
    const find = (type: string, k: string) =>
      changes.items.find((c) => c.type === type && c.key === k);
    expect(find('person', 'ada')).toMatchObject({ deleted: true });
    expect(find('person', 'ada.l')).toMatchObject({ deleted: false, value: { handle: 'ada.l' } });
    expect(find('bookmark', bookmark)).toMatchObject({ value: { owner: 'ada.l' } });
    expect(find('status', mention)).toMatchObject({ value: { mentions: ['ada.l'] } });
    expect(find('follow', 'bob/ada')).toMatchObject({ deleted: true });
    expect(find('follow', 'bob/ada.l')).toMatchObject({ deleted: false });
    expect(find('like', `ada.l/${mention}`)).toMatchObject({ deleted: false });
    // Another person cannot take the old handle; she may take it back.
    const steal = await call(t, 'PUT', '/v1/admin/people/bob/handle', {
      token: tokens.root,
      body: { handle: 'ada' },
    });
    expect(steal.statusCode).toBe(409);
    const log = await auditOf(t, tokens.root, 'ada.l');
    expect(log.map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['root', 'person.rename', { from: 'ada', to: 'ada.l' }],
    ]);
    const back = await call(t, 'PUT', '/v1/admin/people/ada.l/handle', {
      token: tokens.root,
      body: { handle: 'ada' },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await call(t, 'GET', '/v1/people/ada.l', { token: tokens.bob })).json()).toMatchObject({
      handle: 'ada',
    });
    for (const body of [{ handle: 'Bad Handle' }, {}, { handle: 'x', extra: 1 }]) {
      expect(
        (await call(t, 'PUT', '/v1/admin/people/ada/handle', { token: tokens.root, body }))
          .statusCode,
      ).toBe(400);
    }
    expect(
      (
        await call(t, 'PUT', '/v1/admin/people/nobody/handle', {
          token: tokens.root,
          body: { handle: 'somebody' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await call(t, 'GET', '/v1/people/nobody', { token: tokens.bob })).statusCode).toBe(404);
  });
});
