/**
 * Groups (issue 15): every route and its refusals — a closed group is 404 to outsiders (except
 * to people who asked to join), members of an open group cannot remove others, the last owner
 * cannot leave or step down, only owners delete, moderators never touch owners, requests.
 */
import { describe, expect, it } from 'vitest';
import type { Group, Member, MembersList } from '../../src/core/wire.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

type Tokens = Record<'ann' | 'bo' | 'cy' | 'di', string>;

/** Creates a group as `token`'s person; returns its id. */
async function makeGroup(
  t: TestApp,
  token: string,
  kind: 'open' | 'closed',
  name = 'Design',
): Promise<string> {
  const id = newId();
  const res = await call(t, 'PUT', `/v1/groups/${id}`, { token, body: { name, kind } });
  expect(res.statusCode).toBe(201);
  return id;
}

const setRole = (t: TestApp, token: string, id: string, handle: string, role: string) =>
  call(t, 'PUT', `/v1/groups/${id}/members/${handle}`, { token, body: { role } });

const remove = (t: TestApp, token: string, id: string, handle: string) =>
  call(t, 'DELETE', `/v1/groups/${id}/members/${handle}`, { token });

async function members(t: TestApp, token: string, id: string): Promise<MembersList> {
  const res = await call(t, 'GET', `/v1/groups/${id}/members`, { token });
  expect(res.statusCode).toBe(200);
  return res.json() as MembersList;
}

const roles = (list: MembersList) => Object.fromEntries(list.items.map((m) => [m.handle, m.role]));

describe.each(databases())('groups on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ann', 'bo', 'cy', 'di'] }) as {
    t: TestApp;
    tokens: Tokens;
  };

  it('creates a group with its creator as owner, edits it, and lists it with the role', async () => {
    const id = newId();
    const created = await call(t, 'PUT', `/v1/groups/${id}`, {
      token: tokens.ann,
      body: { name: 'Design', description: 'pixels', kind: 'open' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id,
      name: 'Design',
      description: 'pixels',
      kind: 'open',
      members: 1,
      role: 'owner',
      requested: false,
    });
    const again = await call(t, 'PUT', `/v1/groups/${id}`, {
      token: tokens.ann,
      body: { name: 'Design', description: 'pixels', kind: 'open' },
    });
    expect(again.statusCode).toBe(200);
    expect((again.json() as Group).updatedAt).toBe((created.json() as Group).updatedAt);
    const edited = await call(t, 'PUT', `/v1/groups/${id}`, {
      token: tokens.ann,
      body: { name: 'Design team', kind: 'open' },
    });
    expect(edited.json()).toMatchObject({ name: 'Design team', description: '' });
    const forBo = (await call(t, 'GET', '/v1/groups', { token: tokens.bo })).json();
    expect(forBo).toEqual({ items: [{ ...(edited.json() as Group), role: null }] });
    expect(roles(await members(t, tokens.bo, id))).toEqual({ ann: 'owner' });
  });

  it('refuses bad bodies and ids with 400', async () => {
    const cases: Array<[string, unknown]> = [
      [`/v1/groups/${newId()}`, { name: '', kind: 'open' }],
      [`/v1/groups/${newId()}`, { name: '\u200b', kind: 'open' }],
      [`/v1/groups/${newId()}`, { name: 'x', kind: 'secret' }],
      [`/v1/groups/${newId()}`, { name: 'x', kind: 'open', extra: 1 }],
      [`/v1/groups/${newId()}`, { name: 'x'.repeat(201), kind: 'open' }],
      ['/v1/groups/not-a-uuid', { name: 'x', kind: 'open' }],
    ];
    for (const [url, body] of cases) {
      const res = await call(t, 'PUT', url, { token: tokens.ann, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const id = await makeGroup(t, tokens.ann, 'open');
    expect((await setRole(t, tokens.ann, id, 'bo', 'admin')).statusCode).toBe(400);
    expect((await setRole(t, tokens.ann, id, 'Bad Handle!', 'member')).statusCode).toBe(400);
    const decision = await call(t, 'PUT', `/v1/groups/${id}/requests/bo`, {
      token: tokens.ann,
      body: { approve: 'yes' },
    });
    expect(decision.statusCode).toBe(400);
    expect((await call(t, 'GET', '/v1/groups')).statusCode).toBe(401);
    expect(
      (await call(t, 'GET', `/v1/groups/${id}`, { token: 'forged-token-000' })).statusCode,
    ).toBe(401);
  });

  it('hides a closed group from outsiders (404 everywhere) and shows it to members', async () => {
    const id = await makeGroup(t, tokens.ann, 'closed', 'Secret');
    expect((await setRole(t, tokens.ann, id, 'bo', 'member')).statusCode).toBe(201);
    for (const token of [tokens.cy]) {
      expect((await call(t, 'GET', `/v1/groups/${id}`, { token })).statusCode).toBe(404);
      expect((await call(t, 'GET', `/v1/groups/${id}/members`, { token })).statusCode).toBe(404);
      expect((await setRole(t, token, id, 'cy', 'member')).statusCode).toBe(404);
      expect((await remove(t, token, id, 'bo')).statusCode).toBe(404);
      const edit = await call(t, 'PUT', `/v1/groups/${id}`, {
        token,
        body: { name: 'Mine now', kind: 'open' },
      });
      expect(edit.statusCode).toBe(404);
      expect((await call(t, 'DELETE', `/v1/groups/${id}`, { token })).statusCode).toBe(404);
      const decide = await call(t, 'PUT', `/v1/groups/${id}/requests/bo`, {
        token,
        body: { approve: true },
      });
      expect(decide.statusCode).toBe(404);
      const list = (await call(t, 'GET', '/v1/groups', { token })).json() as { items: Group[] };
      expect(list.items).toEqual([]);
      const res = await call(t, 'GET', `/v1/groups/${id}`, { token });
      expect(res.body).not.toContain('Secret');
    }
    expect((await call(t, 'GET', `/v1/groups/${id}`, { token: tokens.bo })).json()).toMatchObject({
      name: 'Secret',
      role: 'member',
      members: 2,
    });
    expect(roles(await members(t, tokens.bo, id))).toEqual({ ann: 'owner', bo: 'member' });
  });

  it('lets people join an open group themselves, only as members', async () => {
    const id = await makeGroup(t, tokens.ann, 'open');
    expect((await setRole(t, tokens.bo, id, 'bo', 'moderator')).statusCode).toBe(403);
    expect((await setRole(t, tokens.bo, id, 'bo', 'owner')).statusCode).toBe(403);
    const joined = await setRole(t, tokens.bo, id, 'bo', 'member');
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({ handle: 'bo', name: 'Bo', role: 'member' });
    expect((await setRole(t, tokens.bo, id, 'bo', 'member')).statusCode).toBe(200);
    expect((await setRole(t, tokens.bo, id, 'bo', 'moderator')).statusCode).toBe(403);
    // A member adds nobody else and removes nobody else.
    expect((await setRole(t, tokens.bo, id, 'cy', 'member')).statusCode).toBe(403);
    await setRole(t, tokens.cy, id, 'cy', 'member');
    expect((await remove(t, tokens.bo, id, 'cy')).statusCode).toBe(403);
    expect((await remove(t, tokens.bo, id, 'ann')).statusCode).toBe(403);
    // Nor edits or deletes the group.
    const edit = await call(t, 'PUT', `/v1/groups/${id}`, {
      token: tokens.bo,
      body: { name: 'Bo’s', kind: 'open' },
    });
    expect(edit.statusCode).toBe(403);
    expect((await call(t, 'DELETE', `/v1/groups/${id}`, { token: tokens.bo })).statusCode).toBe(
      403,
    );
    // An outsider of an open group adds nobody else either.
    expect((await setRole(t, tokens.di, id, 'cy', 'moderator')).statusCode).toBe(403);
    // Leaving is always allowed, and again is no error.
    expect((await remove(t, tokens.bo, id, 'bo')).statusCode).toBe(200);
    expect((await remove(t, tokens.bo, id, 'bo')).statusCode).toBe(200);
    expect(roles(await members(t, tokens.ann, id))).toEqual({ ann: 'owner', cy: 'member' });
    // Adding an unknown person: 404.
    expect((await setRole(t, tokens.ann, id, 'nobody', 'member')).statusCode).toBe(404);
  });

  it('keeps at least one owner', async () => {
    const id = await makeGroup(t, tokens.ann, 'closed');
    expect((await remove(t, tokens.ann, id, 'ann')).statusCode).toBe(409);
    expect((await setRole(t, tokens.ann, id, 'ann', 'member')).statusCode).toBe(409);
    expect((await setRole(t, tokens.ann, id, 'bo', 'owner')).statusCode).toBe(201);
    expect((await setRole(t, tokens.ann, id, 'ann', 'member')).statusCode).toBe(200);
    expect((await remove(t, tokens.bo, id, 'bo')).statusCode).toBe(409);
    expect(roles(await members(t, tokens.ann, id))).toEqual({ ann: 'member', bo: 'owner' });
  });

  it('lets moderators manage members but never owners', async () => {
    const id = await makeGroup(t, tokens.ann, 'closed');
    expect((await setRole(t, tokens.ann, id, 'bo', 'moderator')).statusCode).toBe(201);
    expect((await setRole(t, tokens.bo, id, 'cy', 'member')).statusCode).toBe(201);
    expect((await setRole(t, tokens.bo, id, 'cy', 'moderator')).statusCode).toBe(200);
    expect((await setRole(t, tokens.bo, id, 'cy', 'owner')).statusCode).toBe(403);
    expect((await setRole(t, tokens.bo, id, 'ann', 'member')).statusCode).toBe(403);
    expect((await remove(t, tokens.bo, id, 'ann')).statusCode).toBe(403);
    expect((await remove(t, tokens.bo, id, 'cy')).statusCode).toBe(200);
    const edit = await call(t, 'PUT', `/v1/groups/${id}`, {
      token: tokens.bo,
      body: { name: 'Renamed', kind: 'closed' },
    });
    expect(edit.statusCode).toBe(200);
    expect((await call(t, 'DELETE', `/v1/groups/${id}`, { token: tokens.bo })).statusCode).toBe(
      403,
    );
    expect(roles(await members(t, tokens.ann, id))).toEqual({ ann: 'owner', bo: 'moderator' });
  });

  it('takes requests to join a closed group, shows them to moderators, approves and declines', async () => {
    const id = await makeGroup(t, tokens.ann, 'closed', 'Design');
    // Joining a closed group directly is refused; asking is the way.
    expect((await setRole(t, tokens.cy, id, 'cy', 'member')).statusCode).toBe(404);
    const asked = await call(t, 'POST', `/v1/groups/${id}/requests`, { token: tokens.cy });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ name: 'Design', role: null, requested: true });
    expect(
      (await call(t, 'POST', `/v1/groups/${id}/requests`, { token: tokens.cy })).statusCode,
    ).toBe(200);
    await call(t, 'POST', `/v1/groups/${id}/requests`, { token: tokens.di });
    // The asker sees the group but not its members, and cannot join by themself.
    expect((await call(t, 'GET', `/v1/groups/${id}`, { token: tokens.cy })).statusCode).toBe(200);
    const listed = (await call(t, 'GET', '/v1/groups', { token: tokens.cy })).json() as {
      items: Group[];
    };
    expect(listed.items.map((g) => g.id)).toEqual([id]);
    expect(
      (await call(t, 'GET', `/v1/groups/${id}/members`, { token: tokens.cy })).statusCode,
    ).toBe(403);
    expect((await setRole(t, tokens.cy, id, 'cy', 'member')).statusCode).toBe(403);
    expect(
      (
        await call(t, 'PUT', `/v1/groups/${id}/requests/cy`, {
          token: tokens.cy,
          body: { approve: true },
        })
      ).statusCode,
    ).toBe(403);
    const list = await members(t, tokens.ann, id);
    expect(list.requests.map((r) => r.handle)).toEqual(['cy', 'di']);
    const approved = await call(t, 'PUT', `/v1/groups/${id}/requests/cy`, {
      token: tokens.ann,
      body: { approve: true },
    });
    expect(approved.statusCode).toBe(201);
    expect((approved.json() as Member).role).toBe('member');
    const declined = await call(t, 'PUT', `/v1/groups/${id}/requests/di`, {
      token: tokens.ann,
      body: { approve: false },
    });
    expect(declined.statusCode).toBe(200);
    expect(
      (
        await call(t, 'PUT', `/v1/groups/${id}/requests/di`, {
          token: tokens.ann,
          body: { approve: true },
        })
      ).statusCode,
    ).toBe(404);
    // A plain member sees members, not requests.
    await call(t, 'POST', `/v1/groups/${id}/requests`, { token: tokens.bo });
    expect((await members(t, tokens.cy, id)).requests).toEqual([]);
    expect((await members(t, tokens.ann, id)).requests.map((r) => r.handle)).toEqual(['bo']);
    // Di, declined, sees nothing again.
    expect((await call(t, 'GET', `/v1/groups/${id}`, { token: tokens.di })).statusCode).toBe(404);
    // Asking twice when already in, or asking an open group: 409; an unknown group: 404.
    expect(
      (await call(t, 'POST', `/v1/groups/${id}/requests`, { token: tokens.cy })).statusCode,
    ).toBe(409);
    const open = await makeGroup(t, tokens.ann, 'open', 'Open');
    expect(
      (await call(t, 'POST', `/v1/groups/${open}/requests`, { token: tokens.cy })).statusCode,
    ).toBe(409);
    expect(
      (await call(t, 'POST', `/v1/groups/${newId()}/requests`, { token: tokens.cy })).statusCode,
    ).toBe(404);
    // Withdrawing a request: DELETE yourself.
    expect((await remove(t, tokens.bo, id, 'bo')).statusCode).toBe(200);
    expect((await members(t, tokens.ann, id)).requests).toEqual([]);
  });

  it('lets only an owner delete a group; its id is gone for good', async () => {
    const id = await makeGroup(t, tokens.ann, 'closed');
    await setRole(t, tokens.ann, id, 'bo', 'moderator');
    expect((await call(t, 'DELETE', `/v1/groups/${id}`, { token: tokens.bo })).statusCode).toBe(
      403,
    );
    const deleted = await call(t, 'DELETE', `/v1/groups/${id}`, { token: tokens.ann });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ id, deleted: true, itemsMadePrivate: 0 });
    expect((await call(t, 'DELETE', `/v1/groups/${id}`, { token: tokens.ann })).statusCode).toBe(
      200,
    );
    expect((await call(t, 'DELETE', `/v1/groups/${id}`, { token: tokens.bo })).statusCode).toBe(
      404,
    );
    for (const token of [tokens.ann, tokens.bo]) {
      expect((await call(t, 'GET', `/v1/groups/${id}`, { token })).statusCode).toBe(404);
      expect((await call(t, 'GET', '/v1/groups', { token })).json()).toEqual({ items: [] });
    }
    const reuse = await call(t, 'PUT', `/v1/groups/${id}`, {
      token: tokens.ann,
      body: { name: 'Again', kind: 'open' },
    });
    expect(reuse.statusCode).toBe(410);
  });
});
