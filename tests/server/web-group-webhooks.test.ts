/**
 * A group's Webhooks section on its page (`src/web/groups.tsx` with `webhooks.tsx`) on every
 * database: its owners, moderators and admins see it, add a hook (the secret shown once, only
 * the events a group hook may hear), send a test event to a real receiver, read the delivery log
 * and delete the hook, each time sent back to the group's page. A member who does not moderate,
 * a non-member, another group's moderator: no section, and their posts are refused (403 where
 * they may read the group, 404 where it is closed to them, 404 for a hook they do not manage).
 * Forged sessions, missing or wrong CSRF tokens, another origin, an oversized or refused
 * address: refused, and nothing is created or queued.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRanges } from '../../src/server/webhooks/address.ts';
import { listHooks } from '../../src/server/webhooks/repo.ts';
import { call, databases, newId, useServer } from './helpers.ts';
import { type Browser, elements, get, post, signIn, textOf, XSS } from './web-helpers.ts';
import { type Receiver, startReceiver, waitFor } from './webhook-receiver.ts';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const addForm = (csrf: string, url: string, extra: Array<[string, string]> = []) =>
  [
    ['csrf', csrf],
    ['url', url],
    ['format', 'slack'],
    ['events', 'item.shared'],
    ['events', 'comment'],
    ...extra,
  ] as Array<[string, string]>;

const hasSection = (html: string) =>
  elements(html).some((e) => e.name === 'section' && e.attribs?.id === 'webhooks');

describe.each(databases())('webhooks on a group’s page on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, {
    people: ['ada', 'bob', 'carol', 'dave', 'erin', 'fay'],
    webhooks: {
      deliver: true,
      policy: { org: [], all: parseRanges('127.0.0.1', 'test') },
      pollMs: 20,
      retryBaseMs: 40,
      timeoutMs: 500,
      failingAfter: 2,
    },
  });
  const closed = newId();
  const open = newId();
  const browsers: Record<string, Browser> = {};
  const groupHooks = (id: string) => listHooks(t.db.kysely, { scope: 'group', groupId: id });

  beforeEach(async () => {
    // ada owns the closed group, bob moderates it, carol is a member; erin owns the open one;
    // dave is in neither; fay is an admin.
    for (const [id, name, kind, token] of [
      [closed, 'Inner circle', 'closed', tokens.ada],
      [open, 'Open door', 'open', tokens.erin],
    ] as const) {
      const res = await call(t, 'PUT', `/v1/groups/${id}`, { token, body: { name, kind } });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const [handle, role] of [
      ['bob', 'moderator'],
      ['carol', 'member'],
    ] as const) {
      const res = await call(t, 'PUT', `/v1/groups/${closed}/members/${handle}`, {
        token: tokens.ada,
        body: { role },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await t.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('handle', '=', 'fay')
      .execute();
    for (const handle of ['ada', 'bob', 'carol', 'dave', 'erin', 'fay'] as const) {
      browsers[handle] = await signIn(t, tokens[handle]);
    }
  });

  it('lets the owner add, test, read the log of and delete a group webhook', async () => {
    const ada = browsers.ada as Browser;
    const page = await get(t, `/groups/${closed}`, ada);
    expect(page.statusCode).toBe(200);
    expect(hasSection(page.body)).toBe(true);
    expect(textOf(page.body)).toContain('This group has no webhooks.');
    const boxes = elements(page.body).filter((e) => e.attribs?.name === 'events');
    expect(boxes.map((e) => e.attribs?.value)).toEqual([
      'item.shared',
      'status.question',
      'comment',
    ]);
    expect(elements(page.body).some((e) => e.attribs?.name === 'scope')).toBe(false);
    const form = elements(page.body).find(
      (e) => e.name === 'form' && e.attribs?.action === `/groups/${closed}/webhooks`,
    );
    expect(form).toBeDefined();

    const made = await post(
      t,
      `/groups/${closed}/webhooks`,
      addForm(ada.csrf, `${receiver.url}/group`, [['name', XSS]]),
      ada,
    );
    expect(made.statusCode, made.body).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    expect(elements(made.body).filter((e) => e.name === 'script' || e.name === 'img')).toEqual([]);
    expect(textOf(made.body)).toContain(XSS);
    const secret = elements(made.body).find((e) => e.attribs?.id === 'webhook-secret')?.attribs
      ?.value;
    expect(secret).toMatch(/^whsec_/);
    const [hook] = await groupHooks(closed);
    expect(hook?.secret).toBe(secret);
    expect(hook?.owner).toBe('ada');
    expect(JSON.parse(hook?.events ?? '[]').sort()).toEqual(['comment', 'item.shared']);
    // Not a personal hook, and the secret is not shown again.
    expect(await listHooks(t.db.kysely, { scope: 'person', owner: 'ada' })).toEqual([]);
    const listed = await get(t, `/groups/${closed}`, ada);
    expect(listed.body).not.toContain(secret);
    expect(textOf(listed.body)).toContain('Working');
    // The API lists the same hook.
    const api = await call(t, 'GET', `/v1/groups/${closed}/webhooks`, { token: tokens.ada });
    expect(api.json().webhooks.map((h: { id: string }) => h.id)).toEqual([hook?.id]);

    // The moderator sees it too, and sends a test event.
    const bob = browsers.bob as Browser;
    const bobs = await get(t, `/groups/${closed}`, bob);
    expect(hasSection(bobs.body)).toBe(true);
    expect(textOf(bobs.body)).toContain(XSS);
    const tested = await post(t, `/settings/webhooks/${hook?.id}/test`, [['csrf', bob.csrf]], bob);
    expect(tested.statusCode).toBe(303);
    expect(tested.headers.location).toBe(`/groups/${closed}?notice=webhookTested#webhooks`);
    const notice = await get(t, tested.headers.location?.split('#')[0] ?? '', bob);
    expect(textOf(notice.body)).toContain('Test event queued');
    const [arrived] = await receiver.waitFor(1, '/group');
    expect(arrived?.body).toBeTruthy();
    await waitFor(async () => {
      const log = await get(t, `/settings/webhooks/${hook?.id}`, bob);
      return textOf(log.body).includes('delivered');
    }, 'the log to say delivered');
    const log = await get(t, `/settings/webhooks/${hook?.id}`, ada);
    expect(log.statusCode).toBe(200);
    expect(textOf(log.body)).toContain('200');
    const back = elements(log.body).find((e) => e.attribs?.href === `/groups/${closed}#webhooks`);
    expect(back).toBeDefined();
    expect(textOf(log.body)).toContain('Back to the group');

    // An admin who is not a member sees the section of a group they may read (the open one;
    // the closed group's page is its members' only, admins included).
    const fay = browsers.fay as Browser;
    expect(hasSection((await get(t, `/groups/${open}`, fay)).body)).toBe(true);
    expect((await get(t, `/groups/${closed}`, fay)).statusCode).toBe(404);
    const deleted = await post(
      t,
      `/settings/webhooks/${hook?.id}/delete`,
      [['csrf', ada.csrf]],
      ada,
    );
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(`/groups/${closed}?notice=webhookDeleted#webhooks`);
    expect(await groupHooks(closed)).toEqual([]);
    const after = await get(t, deleted.headers.location?.split('#')[0] ?? '', ada);
    expect(textOf(after.body)).toContain('Webhook deleted.');
    expect(textOf(after.body)).toContain('This group has no webhooks.');
  });

  it('shows no section to members who do not moderate, non-members and other groups’ moderators, and refuses their posts', async () => {
    const made = await call(t, 'POST', `/v1/groups/${closed}/webhooks`, {
      token: tokens.ada,
      body: { url: `${receiver.url}/ada`, format: 'json', events: ['item.shared'] },
    });
    expect(made.statusCode, made.body).toBe(201);
    const hookId = made.json().webhook.id as string;
    const carol = browsers.carol as Browser;
    const dave = browsers.dave as Browser;
    const erin = browsers.erin as Browser;

    // carol reads the closed group but sees no webhooks; dave and erin get its 404 page.
    const carols = await get(t, `/groups/${closed}`, carol);
    expect(carols.statusCode).toBe(200);
    expect(hasSection(carols.body)).toBe(false);
    expect(carols.body).not.toContain(hookId);
    expect(carols.body).not.toContain(receiver.url);
    for (const b of [dave, erin]) {
      expect((await get(t, `/groups/${closed}`, b)).statusCode).toBe(404);
    }
    // The open group: dave reads it, with no section; its owner erin has one.
    const daves = await get(t, `/groups/${open}`, dave);
    expect(daves.statusCode).toBe(200);
    expect(hasSection(daves.body)).toBe(false);
    expect(hasSection((await get(t, `/groups/${open}`, erin)).body)).toBe(true);

    const url = `${receiver.url}/sneaky`;
    const add = (group: string, b: Browser) =>
      post(t, `/groups/${group}/webhooks`, addForm(b.csrf, url), b);
    expect((await add(closed, carol)).statusCode).toBe(403);
    expect((await add(open, dave)).statusCode).toBe(403);
    for (const b of [dave, erin]) {
      const res = await add(closed, b);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Inner circle');
    }
    // A group that does not exist, or a malformed id, is the same 404.
    expect((await add(newId(), carol)).statusCode).toBe(404);
    expect((await add('not-an-id', carol)).statusCode).toBe(404);
    for (const b of [carol, dave, erin]) {
      for (const action of ['test', 'delete']) {
        const res = await post(t, `/settings/webhooks/${hookId}/${action}`, [['csrf', b.csrf]], b);
        expect(res.statusCode, action).toBe(404);
      }
      expect((await get(t, `/settings/webhooks/${hookId}`, b)).statusCode).toBe(404);
    }
    // Nothing happened.
    expect((await groupHooks(closed)).map((h) => h.id)).toEqual([hookId]);
    expect(await groupHooks(open)).toEqual([]);
    expect(await t.db.kysely.selectFrom('webhook_deliveries').selectAll().execute()).toEqual([]);
  });

  it('refuses forged sessions, missing or wrong CSRF tokens, another origin, and bad addresses', async () => {
    const ada = browsers.ada as Browser;
    const action = `/groups/${closed}/webhooks`;
    const good = addForm(ada.csrf, `${receiver.url}/x`);
    const noCsrf = good.filter(([k]) => k !== 'csrf');
    expect((await post(t, action, noCsrf, ada)).statusCode).toBe(403);
    expect((await post(t, action, [...noCsrf, ['csrf', 'x'.repeat(43)]], ada)).statusCode).toBe(
      403,
    );
    // Another person's CSRF token with ada's session.
    const bob = browsers.bob as Browser;
    expect((await post(t, action, [...noCsrf, ['csrf', bob.csrf]], ada)).statusCode).toBe(403);
    const cross = await post(t, action, good, ada, { origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    const site = await post(t, action, good, ada, { 'sec-fetch-site': 'cross-site' });
    expect(site.statusCode).toBe(403);
    for (const forged of [
      undefined,
      { cookie: `outloud_session=${'A'.repeat(43)}`, csrf: ada.csrf },
      { cookie: 'outloud_session=<script>', csrf: ada.csrf },
    ]) {
      const res = await post(t, action, good, forged);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(
        `/signin?${new URLSearchParams({ next: `/groups/${closed}` })}`,
      );
    }
    // Addresses and choices: refused in words (400), or by the schema when oversized.
    for (const bad of ['ftp://x.example/', 'http://10.0.0.1/', 'https://u:p@x.example/']) {
      const res = await post(t, action, addForm(ada.csrf, bad), ada);
      expect(res.statusCode, bad).toBe(400);
      expect(textOf(res.body)).toContain('This address cannot receive webhooks');
      expect(hasSection(res.body)).toBe(true);
    }
    expect((await post(t, action, addForm(ada.csrf, 'x'.repeat(5000)), ada)).statusCode).toBe(400);
    const long = await post(
      t,
      action,
      addForm(ada.csrf, `${receiver.url}/${'a'.repeat(3000)}`),
      ada,
    );
    expect(long.statusCode).toBe(400);
    const mention = await post(
      t,
      action,
      addForm(ada.csrf, `${receiver.url}/m`, [['events', 'mention']]),
      ada,
    );
    expect(mention.statusCode).toBe(400);
    expect(textOf(mention.body)).toContain('Mentions go to personal webhooks only.');
    const none = await post(
      t,
      action,
      [
        ['csrf', ada.csrf],
        ['url', `${receiver.url}/n`],
        ['format', 'json'],
      ],
      ada,
    );
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain('Choose at least one event.');
    const extra = await post(t, action, [...good, ['other', '1']], ada);
    expect(extra.statusCode).toBe(400);
    // Nothing was created.
    expect(await groupHooks(closed)).toEqual([]);
  });
});
