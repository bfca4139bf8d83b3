/**
 * The background's group actions over a scripted server: the requests it makes, that a change
 * of membership or a hide starts a sync, that the server's refusals come back with codes the view puts in
 * words, and that flags carry what the local copy knows of their items.
 */
import { describe, expect, it } from 'vitest';
import { HandlerError } from '../../../src/background/errors.ts';
import { GroupActions } from '../../../src/background/group-actions.ts';
import type { Comment, Status } from '../../../src/core/wire.ts';
import { Api } from '../../../src/platform/api.ts';
import { putItems, putMirrored } from '../../../src/platform/mirror.ts';
import { freshDb } from './helpers.ts';

const ID = '0192f0c1-7a2b-7c3d-8e4f-0123456789ab';
const ITEM = '0192f0c1-7a2b-7c3d-8e4f-000000000001';
const COMMENT = '0192f0c1-7a2b-7c3d-8e4f-000000000002';

type Answer = { status: number; body: unknown };

/** A service whose server answers `answer(method, path, body)`; records requests and syncs. */
async function service(answer: (method: string, path: string, body: unknown) => Answer) {
  const db = await freshDb();
  const requests: string[] = [];
  let syncs = 0;
  const fetch = async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push(`${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`);
    const { status, body: out } = answer(method, path, body);
    return new Response(out === undefined ? '' : JSON.stringify(out), { status });
  };
  const api = new Api({ serverUrl: 'https://outloud.test', token: 't', fetch });
  const groups = new GroupActions({
    db,
    api: async () => api,
    me: async () => 'ann',
    newId: () => ID,
    changed: () => {
      syncs++;
    },
  });
  return { db, groups, requests, syncs: () => syncs };
}

const refusal = (status: number, message: string) => ({
  status,
  body: { error: { code: 'conflict', message } },
});

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    if (err instanceof HandlerError) return err.code;
    throw err;
  }
  throw new Error('did not refuse');
}

describe('GroupActions', () => {
  it('makes the group requests, and syncs after creating, joining and leaving', async () => {
    const member = { handle: 'ann', name: 'Ann', role: 'member', since: '' };
    const s = await service((method) => ({
      status: method === 'PUT' || method === 'POST' ? 201 : 200,
      body: method === 'DELETE' ? { id: 'ann', deleted: true } : member,
    }));
    await s.groups.create({ name: 'Design', kind: 'closed' });
    expect(s.syncs()).toBe(1);
    await s.groups.join(ID);
    expect(s.syncs()).toBe(2);
    await s.groups.ask(ID);
    await s.groups.leave(ID);
    expect(s.syncs()).toBe(3);
    await s.groups.setRole(ID, 'bo', 'moderator');
    await s.groups.remove(ID, 'bo');
    await s.groups.answer(ID, 'cy', false);
    expect(s.syncs()).toBe(3);
    await s.groups.hide(ITEM, 'spam');
    await s.groups.unhide(ITEM);
    expect(s.syncs()).toBe(5);
    expect(s.requests).toEqual([
      `PUT /v1/groups/${ID} {"name":"Design","kind":"closed"}`,
      `PUT /v1/groups/${ID}/members/ann {"role":"member"}`,
      `POST /v1/groups/${ID}/requests`,
      `DELETE /v1/groups/${ID}/members/ann`,
      `PUT /v1/groups/${ID}/members/bo {"role":"moderator"}`,
      `DELETE /v1/groups/${ID}/members/bo`,
      `PUT /v1/groups/${ID}/requests/cy {"approve":false}`,
      `PUT /v1/items/${ITEM}/hidden {"reason":"spam"}`,
      `DELETE /v1/items/${ITEM}/hidden`,
    ]);
  });

  it('answers refusals with codes of their own', async () => {
    const s = await service((method, path) => {
      if (path.endsWith('/members/ann')) return refusal(409, 'a group keeps at least one owner');
      if (path.endsWith('/members/bo')) return refusal(403, 'only owners');
      if (path.endsWith('/requests')) return refusal(409, 'you are in it already');
      if (path.endsWith('/members')) return refusal(404, 'no group');
      if (path === `/v1/items/${ITEM}/hidden`) return refusal(404, 'no item');
      if (path === `/v1/items/${COMMENT}/hidden`) return refusal(403, 'not a moderator');
      if (method === 'PUT') return refusal(410, 'deleted');
      return refusal(500, 'internal');
    });
    expect(await codeOf(s.groups.leave(ID))).toBe('last-owner');
    expect(await codeOf(s.groups.remove(ID, 'bo'))).toBe('not-allowed');
    expect(await codeOf(s.groups.ask(ID))).toBe('group-changed');
    expect(await codeOf(s.groups.members(ID))).toBe('group-gone');
    expect(await codeOf(s.groups.create({ name: 'Design', kind: 'open' }))).toBe('group-gone');
    expect(await codeOf(s.groups.list())).toBe('server');
    expect(await codeOf(s.groups.hide(ITEM, 'spam'))).toBe('not-found');
    expect(await codeOf(s.groups.unhide(COMMENT))).toBe('not-allowed');
    expect(s.syncs()).toBe(0);
  });

  it('edits and deletes a group, syncing after each, and passes on how many items became private', async () => {
    const edited = { id: ID, name: 'Design team', kind: 'open', role: 'owner' };
    const s = await service((method) =>
      method === 'DELETE'
        ? { status: 200, body: { id: ID, deleted: true, itemsMadePrivate: 2 } }
        : { status: 200, body: edited },
    );
    expect(await s.groups.edit(ID, { name: 'Design team', description: '', kind: 'open' })).toEqual(
      edited,
    );
    expect(s.syncs()).toBe(1);
    expect(await s.groups.deleteGroup(ID)).toEqual({ id: ID, deleted: true, itemsMadePrivate: 2 });
    expect(s.syncs()).toBe(2);
    expect(s.requests).toEqual([
      `PUT /v1/groups/${ID} {"name":"Design team","description":"","kind":"open"}`,
      `DELETE /v1/groups/${ID}`,
    ]);
  });

  it('refuses editing and deleting in words: not allowed, gone, changed; no sync', async () => {
    let status = 403;
    const s = await service(() => refusal(status, 'no'));
    const input = { name: 'Design', kind: 'closed' } as const;
    expect(await codeOf(s.groups.edit(ID, input))).toBe('not-allowed');
    expect(await codeOf(s.groups.deleteGroup(ID))).toBe('not-allowed');
    status = 404;
    expect(await codeOf(s.groups.edit(ID, input))).toBe('group-gone');
    expect(await codeOf(s.groups.deleteGroup(ID))).toBe('group-gone');
    status = 409;
    expect(await codeOf(s.groups.edit(ID, input))).toBe('group-changed');
    expect(s.syncs()).toBe(0);
  });

  it('is signed out without a client', async () => {
    const db = await freshDb();
    const groups = new GroupActions({
      db,
      api: async () => null,
      me: async () => null,
      newId: () => ID,
      changed: () => undefined,
    });
    expect(await codeOf(groups.list())).toBe('signed-out');
  });

  it('gives each flag what the local copy knows of its item', async () => {
    const at = '2026-01-01T00:00:00Z';
    const s = await service(() => ({
      status: 200,
      body: {
        items: [
          { itemId: ITEM, handle: 'bo', reason: 'spam', createdAt: at },
          { itemId: COMMENT, handle: 'bo', reason: 'rude', createdAt: at },
          { itemId: ID, handle: 'bo', reason: 'unknown', createdAt: at },
        ],
      },
    }));
    const status: Status = {
      type: 'status',
      id: ITEM,
      owner: 'cy',
      createdAt: at,
      updatedAt: at,
      text: 'hello group',
      url: null,
      urlKey: null,
      title: '',
      question: false,
      mentions: [],
      visibility: 'group',
      groups: [ID],
      hidden: { at, reason: 'spam', by: 'ann' },
    };
    const comment: Comment = {
      type: 'comment',
      id: COMMENT,
      owner: 'dee',
      createdAt: at,
      updatedAt: at,
      targetId: ITEM,
      text: 'a rude reply',
      mentions: [],
    };
    await putItems(s.db, [status]);
    await putMirrored(s.db, comment);
    const flags = await s.groups.flags();
    expect(flags.map((f) => [f.reason, f.item?.text ?? null, f.item?.groups ?? null])).toEqual([
      ['spam', 'hello group', [ID]],
      ['rude', 'a rude reply', [ID]],
      ['unknown', null, null],
    ]);
    expect(flags.map((f) => f.item?.hidden?.reason ?? null)).toEqual(['spam', null, null]);
  });
});
