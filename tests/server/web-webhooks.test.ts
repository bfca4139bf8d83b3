/**
 * The settings page's Webhooks section (`src/web/webhooks.tsx`) on every database: a webhook
 * added through the form (its secret shown once, names from data as text), listed with its
 * state, a test event sent to a real receiver and shown in the delivery log, a failing hook
 * shown as failing, deleted; admins may add the organisation's; every form refused without its
 * CSRF token, from another origin or signed out, and another person's hook is a 404.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRanges } from '../../src/server/webhooks/address.ts';
import { listHooks } from '../../src/server/webhooks/repo.ts';
import { call, databases, useServer } from './helpers.ts';
import { type Browser, elements, get, post, signIn, textOf, XSS } from './web-helpers.ts';
import { type Receiver, startReceiver, waitFor } from './webhook-receiver.ts';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const addForm = (browser: Browser, url: string, extra: Array<[string, string]> = []) =>
  [
    ['csrf', browser.csrf],
    ['url', url],
    ['format', 'json'],
    ['events', 'item.shared'],
    ['events', 'mention'],
    ...extra,
  ] as Array<[string, string]>;

describe.each(databases())('webhooks on the settings page on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, {
    people: ['ada', 'bob'],
    webhooks: {
      deliver: true,
      policy: { org: [], all: parseRanges('127.0.0.1', 'test') },
      pollMs: 20,
      retryBaseMs: 40,
      timeoutMs: 500,
      failingAfter: 2,
    },
  });
  let ada: Browser;
  beforeEach(async () => {
    ada = await signIn(t, tokens.ada);
  });

  it('adds a webhook with its secret shown once, tests it, shows the log, and deletes it', async () => {
    const page = await get(t, '/settings', ada);
    expect(
      elements(page.body).some((e) => e.name === 'section' && e.attribs?.id === 'webhooks'),
    ).toBe(true);
    expect(textOf(page.body)).toContain('You have no webhooks.');
    // Not an admin: no choice of whose webhook.
    expect(elements(page.body).some((e) => e.attribs?.name === 'scope')).toBe(false);

    const made = await post(
      t,
      '/settings/webhooks',
      addForm(ada, `${receiver.url}/web`, [['name', XSS]]),
      ada,
    );
    expect(made.statusCode, made.body).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    expect(elements(made.body).filter((e) => e.name === 'script' || e.name === 'img')).toEqual([]);
    expect(textOf(made.body)).toContain(XSS);
    const secret = elements(made.body).find((e) => e.attribs?.id === 'webhook-secret')?.attribs
      ?.value;
    expect(secret).toMatch(/^whsec_/);
    const [hook] = await listHooks(t.db.kysely, { scope: 'person', owner: 'ada' });
    expect(hook?.secret).toBe(secret);
    expect(JSON.parse(hook?.events ?? '[]')).toEqual(['item.shared', 'mention']);
    // Shown once: the page afterwards lists it without the secret.
    const listed = await get(t, '/settings', ada);
    expect(listed.body).not.toContain(secret);
    expect(textOf(listed.body)).toContain('Working');

    const tested = await post(t, `/settings/webhooks/${hook?.id}/test`, { csrf: ada.csrf }, ada);
    expect(tested.statusCode).toBe(303);
    expect(tested.headers.location).toBe('/settings?notice=webhookTested#webhooks');
    const [arrived] = await receiver.waitFor(1, '/web');
    expect(JSON.parse(arrived?.body ?? '{}').type).toBe('test');
    await waitFor(async () => {
      const log = await get(t, `/settings/webhooks/${hook?.id}`, ada);
      return textOf(log.body).includes('delivered');
    }, 'the log to say delivered');
    const log = await get(t, `/settings/webhooks/${hook?.id}`, ada);
    expect(log.statusCode).toBe(200);
    const cells = elements(log.body).filter((e) => e.name === 'td');
    expect(cells.length).toBe(4);
    expect(textOf(log.body)).toContain('200');

    const deleted = await post(t, `/settings/webhooks/${hook?.id}/delete`, { csrf: ada.csrf }, ada);
    expect(deleted.statusCode).toBe(303);
    expect(await listHooks(t.db.kysely, { scope: 'person', owner: 'ada' })).toEqual([]);
    const after = await get(t, deleted.headers.location ?? '', ada);
    expect(textOf(after.body)).toContain('Webhook deleted.');
    expect((await get(t, `/settings/webhooks/${hook?.id}`, ada)).statusCode).toBe(404);
  });

  it('shows a failing webhook as failing', async () => {
    receiver.script('/down', Array(20).fill({ status: 500 }));
    await post(t, '/settings/webhooks', addForm(ada, `${receiver.url}/down`), ada);
    const [hook] = await listHooks(t.db.kysely, { scope: 'person', owner: 'ada' });
    for (let i = 0; i < 2; i++) {
      await post(t, `/settings/webhooks/${hook?.id}/test`, { csrf: ada.csrf }, ada);
    }
    await waitFor(async () => {
      const row = (await listHooks(t.db.kysely, { scope: 'person', owner: 'ada' }))[0];
      return row?.failing_since != null;
    }, 'the hook to fail');
    const page = await get(t, '/settings', ada);
    expect(textOf(page.body)).toContain('Failing since');
    const log = await get(t, `/settings/webhooks/${hook?.id}`, ada);
    expect(textOf(log.body)).toContain('500');
    expect(textOf(log.body)).toContain('waiting');
  });

  it('refuses bad addresses and choices in words, and lets admins add the organisation’s', async () => {
    for (const url of [
      'ftp://x.example/',
      'http://10.0.0.1/',
      'https://u:p@x.example/',
      'x'.repeat(5000),
    ]) {
      const res = await post(t, '/settings/webhooks', addForm(ada, url), ada);
      expect(res.statusCode, url).toBe(400);
    }
    const refused = await post(t, '/settings/webhooks', addForm(ada, 'http://10.0.0.1/'), ada);
    expect(textOf(refused.body)).toContain('This address cannot receive webhooks');
    const none = await post(
      t,
      '/settings/webhooks',
      [
        ['csrf', ada.csrf],
        ['url', `${receiver.url}/x`],
        ['format', 'json'],
      ],
      ada,
    );
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain('Choose at least one event.');
    const odd = await post(
      t,
      '/settings/webhooks',
      addForm(ada, `${receiver.url}/x`, [['events', 'all']]),
      ada,
    );
    expect(odd.statusCode).toBe(400);
    // A member asking for the organisation's gets a personal one; an admin gets it.
    await post(t, '/settings/webhooks', addForm(ada, `${receiver.url}/x`, [['scope', 'org']]), ada);
    expect(await listHooks(t.db.kysely, { scope: 'org' })).toEqual([]);
    await t.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('handle', '=', 'ada')
      .execute();
    const page = await get(t, '/settings', ada);
    expect(elements(page.body).some((e) => e.attribs?.name === 'scope')).toBe(true);
    const orgWithMention = await post(
      t,
      '/settings/webhooks',
      addForm(ada, `${receiver.url}/o`, [['scope', 'org']]),
      ada,
    );
    expect(orgWithMention.statusCode).toBe(400);
    expect(textOf(orgWithMention.body)).toContain('Mentions go to personal webhooks only.');
    const org = await post(
      t,
      '/settings/webhooks',
      [
        ['csrf', ada.csrf],
        ['url', `${receiver.url}/o`],
        ['format', 'teams'],
        ['events', 'item.shared'],
        ['scope', 'org'],
      ],
      ada,
    );
    expect(org.statusCode).toBe(201);
    expect(await listHooks(t.db.kysely, { scope: 'org' })).toHaveLength(1);
    expect(textOf((await get(t, '/settings', ada)).body)).toContain('organisation');
  });

  it('refuses every form without its CSRF token, from another origin or signed out, and others’ hooks', async () => {
    const bobs = await call(t, 'POST', '/v1/webhooks', {
      token: tokens.bob,
      body: { url: `${receiver.url}/bob`, format: 'json', events: ['item.shared'] },
    });
    const bobHook = bobs.json().webhook.id as string;
    await post(t, '/settings/webhooks', addForm(ada, `${receiver.url}/ada`), ada);
    const [mine] = await listHooks(t.db.kysely, { scope: 'person', owner: 'ada' });
    const forms: Array<[string, Array<[string, string]>]> = [
      ['/settings/webhooks', addForm(ada, `${receiver.url}/sneaky`).filter(([k]) => k !== 'csrf')],
      [`/settings/webhooks/${mine?.id}/test`, []],
      [`/settings/webhooks/${mine?.id}/delete`, []],
    ];
    for (const [url, fields] of forms) {
      expect((await post(t, url, fields, ada)).statusCode, url).toBe(403);
      expect((await post(t, url, [...fields, ['csrf', 'x'.repeat(43)]], ada)).statusCode).toBe(403);
      const withCsrf: Array<[string, string]> = [...fields, ['csrf', ada.csrf]];
      const cross = await post(t, url, withCsrf, ada, { origin: 'https://evil.example' });
      expect(cross.statusCode, url).toBe(403);
      const site = await post(t, url, withCsrf, ada, { 'sec-fetch-site': 'cross-site' });
      expect(site.statusCode, url).toBe(403);
      const out = await post(t, url, withCsrf);
      expect(out.statusCode, url).toBe(303);
      expect(out.headers.location).toMatch(/^\/signin\?next=/);
    }
    for (const action of ['test', 'delete']) {
      const res = await post(t, `/settings/webhooks/${bobHook}/${action}`, { csrf: ada.csrf }, ada);
      expect(res.statusCode, action).toBe(404);
    }
    expect((await get(t, `/settings/webhooks/${bobHook}`, ada)).statusCode).toBe(404);
    expect((await get(t, '/settings/webhooks/not-an-id', ada)).statusCode).toBe(404);
    // Nothing happened.
    expect(await listHooks(t.db.kysely, { scope: 'person', owner: 'ada' })).toHaveLength(1);
    expect(await listHooks(t.db.kysely, { scope: 'person', owner: 'bob' })).toHaveLength(1);
    const deliveries = await t.db.kysely.selectFrom('webhook_deliveries').selectAll().execute();
    expect(deliveries).toEqual([]);
  });
});
