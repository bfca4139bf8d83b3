/**
 * Webhooks (issue 16), on SQLite and PostgreSQL: who may add, see and delete which hooks (and
 * every refusal), who hears of what (never a private item; a group's items only on that group's
 * hooks; a mention only to someone who may see it), delivery through a real receiver on
 * 127.0.0.1 (signed, in order per hook, retried on 500, 429 with Retry-After, a stall and a cut
 * connection, given up and marked failing), the delivery log and the test event, and (on
 * PostgreSQL) two workers on one database delivering every event once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/index.ts';
import {
  guardedLookup,
  NO_PRIVATE,
  parseRanges,
  RefusedAddress,
  urlProblem,
} from '../../src/server/webhooks/address.ts';
import type { EventBody } from '../../src/server/webhooks/payload.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../src/server/webhooks/settings.ts';
import { sign, verifySignature } from '../../src/server/webhooks/signature.ts';
import { WebhookWorker } from '../../src/server/webhooks/worker.ts';
import { addUser, call, databases, makeApp, newId, type TestApp, useServer } from './helpers.ts';
import { type Received, type Receiver, startReceiver } from './webhook-receiver.ts';

const LOOPBACK = { org: [], all: parseRanges('127.0.0.1', 'test') };
const FAST = {
  deliver: true,
  policy: LOOPBACK,
  pollMs: 20,
  retryBaseMs: 40,
  retryMaxMs: 2_000,
  timeoutMs: 400,
  failingAfter: 3,
};

type Hook = { webhook: { id: string; failing: boolean }; secret: string };

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

/** A path of its own on the receiver for each hook. */
const pathOf = () => `/hook/${newId()}`;

async function addHook(
  t: TestApp,
  token: string,
  where: string,
  body: { url: string; format?: string; events?: string[]; lang?: string },
): Promise<Hook> {
  const res = await call(t, 'POST', where, {
    token,
    body: { format: 'json', events: ['item.shared', 'status.question', 'comment'], ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Hook;
}

/** The bodies that arrived at `path`, each checked against `secret` first. */
function verified(list: Received[], secret: string): EventBody[] {
  return list.map((r) => {
    const ok = verifySignature({
      secret,
      body: r.body,
      timestamp: r.headers['x-outloud-timestamp'] as string,
      signature: r.headers['x-outloud-signature'] as string,
    });
    expect(ok, `signature of ${r.body}`).toBe(true);
    const event = JSON.parse(r.body) as EventBody;
    expect(r.headers['x-outloud-event-id']).toBe(event.id);
    return event;
  });
}

const bookmark = (t: TestApp, token: string, extra: Record<string, unknown> = {}) => {
  const id = newId();
  return call(t, 'PUT', `/v1/bookmarks/${id}`, {
    token,
    body: { url: `https://example.com/${id}`, title: `Page ${id}`, ...extra },
  }).then((res) => {
    expect(res.statusCode, res.body).toBe(201);
    return id;
  });
};

async function makeGroup(t: TestApp, token: string, kind: 'open' | 'closed', name: string) {
  const id = newId();
  const res = await call(t, 'PUT', `/v1/groups/${id}`, { token, body: { name, kind } });
  expect(res.statusCode).toBe(201);
  return id;
}

/** Waits until no delivery of the app is pending (the worker is done). */
async function settled(t: TestApp, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await t.db.kysely
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(row.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${row.n} deliveries still pending`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe.each(databases())('webhooks on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, {
    people: ['ada', 'bo', 'cy', 'di'],
    webhooks: FAST,
  });
  const makeAdmin = (handle: string) =>
    t.db.kysely.updateTable('users').set({ role: 'admin' }).where('handle', '=', handle).execute();

  it('signs and delivers public shares to the organisation and to followers, in order, never a private one', async () => {
    await makeAdmin('ada');
    const orgPath = pathOf();
    const boPath = pathOf();
    const org = await addHook(t, tokens.ada, '/v1/admin/webhooks', { url: receiver.url + orgPath });
    const bo = await addHook(t, tokens.bo, '/v1/webhooks', { url: receiver.url + boPath });
    expect(org.secret).toMatch(/^whsec_/);
    expect((await call(t, 'PUT', '/v1/follows/cy', { token: tokens.bo })).statusCode).toBeLessThan(
      300,
    );

    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await bookmark(t, tokens.cy));
    const secretId = await bookmark(t, tokens.cy, { visibility: 'private', title: 'SECRET-TITLE' });
    const question = newId();
    await call(t, 'PUT', `/v1/statuses/${question}`, {
      token: tokens.cy,
      body: { text: 'Who knows <!channel> & co?', question: true },
    });
    ids.push(question);
    await settled(t);

    const orgEvents = verified(
      receiver.received.filter((r) => r.path === orgPath),
      org.secret,
    );
    const boEvents = verified(
      receiver.received.filter((r) => r.path === boPath),
      bo.secret,
    );
    for (const events of [orgEvents, boEvents]) {
      expect(events.map((e) => e.item?.id)).toEqual(ids);
      expect(events.map((e) => e.type)).toEqual([
        ...Array(4).fill('item.shared'),
        'status.question',
      ]);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(JSON.stringify(events)).not.toContain('SECRET-TITLE');
      expect(JSON.stringify(events)).not.toContain(secretId);
      expect(events[0]?.actor).toEqual({ handle: 'cy', name: 'Cy' });
    }
    // The organisation's hook hears of the organisation's own admin too; a hook never of its
    // owner's own share on their personal hook.
    await bookmark(t, tokens.bo);
    await settled(t);
    expect(receiver.received.filter((r) => r.path === boPath)).toHaveLength(5);
    expect(receiver.received.filter((r) => r.path === orgPath)).toHaveLength(6);

    const log = await call(t, 'GET', `/v1/webhooks/${bo.webhook.id}/deliveries`, {
      token: tokens.bo,
    });
    expect(log.statusCode).toBe(200);
    const entries = log.json().deliveries as Array<{ status: string; responseStatus: number }>;
    expect(entries).toHaveLength(5);
    expect(entries.every((d) => d.status === 'delivered' && d.responseStatus === 200)).toBe(true);
  });

  it('tells no channel of an item a moderator hid', async () => {
    await makeAdmin('ada');
    const orgPath = pathOf();
    const org = await addHook(t, tokens.ada, '/v1/admin/webhooks', { url: receiver.url + orgPath });
    const shown = await bookmark(t, tokens.cy, { title: 'first' });
    const hidden = await bookmark(t, tokens.cy, { title: 'HIDDEN-TITLE' });
    await settled(t);
    const hide = await call(t, 'PUT', `/v1/items/${hidden}/hidden`, {
      token: tokens.ada,
      body: { reason: 'spam' },
    });
    expect(hide.statusCode, hide.body).toBe(201);
    // Its author makes it private and public again: shared anew, but it is hidden.
    for (const visibility of ['private', 'public']) {
      const res = await call(t, 'PUT', `/v1/bookmarks/${hidden}`, {
        token: tokens.cy,
        body: { url: `https://example.com/${hidden}`, title: 'HIDDEN-TITLE again', visibility },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const later = await bookmark(t, tokens.cy, { title: 'later' });
    await settled(t);
    const events = verified(
      receiver.received.filter((r) => r.path === orgPath),
      org.secret,
    );
    expect(events.map((e) => e.item?.id)).toEqual([shown, hidden, later]);
    expect(JSON.stringify(events)).not.toContain('HIDDEN-TITLE again');
  });

  it('formats Slack and Teams bodies with the text escaped', async () => {
    const slackPath = pathOf();
    const teamsPath = pathOf();
    await addHook(t, tokens.bo, '/v1/webhooks', { url: receiver.url + slackPath, format: 'slack' });
    await addHook(t, tokens.bo, '/v1/webhooks', { url: receiver.url + teamsPath, format: 'teams' });
    const swedishPath = pathOf();
    await addHook(t, tokens.bo, '/v1/webhooks', {
      url: receiver.url + swedishPath,
      format: 'slack',
      lang: 'sv',
    });
    await call(t, 'PUT', '/v1/follows/cy', { token: tokens.bo });
    await bookmark(t, tokens.cy, { title: 'Tips <!channel> & <https://evil.example|click>' });
    await settled(t);
    const [slack] = receiver.received.filter((r) => r.path === slackPath);
    const text = (JSON.parse(slack?.body ?? '{}') as { text: string }).text;
    expect(text).toContain('Cy (@cy) shared a bookmark');
    expect(text).toContain('Tips &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(text).not.toContain('<!channel>');
    const [swedish] = receiver.received.filter((r) => r.path === swedishPath);
    expect((JSON.parse(swedish?.body ?? '{}') as { text: string }).text).toContain(
      '*Cy (@cy) delade ett bokmärke*',
    );
    const [teams] = receiver.received.filter((r) => r.path === teamsPath);
    const card = JSON.parse(teams?.body ?? '{}') as {
      type: string;
      attachments: Array<{ contentType: string; content: { type: string; body: unknown[] } }>;
    };
    expect(card.type).toBe('message');
    expect(card.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0]?.content.type).toBe('AdaptiveCard');
    const runs = JSON.stringify(card.attachments[0]?.content.body);
    expect(runs).toContain('"type":"TextRun","text":"Cy (@cy) shared a bookmark"');
    expect(runs).toContain('Tips <!channel> & <https://evil.example|click>');
  });

  it('tells a group only to its own hooks, and a mention only to whom may see it', async () => {
    await makeAdmin('ada');
    const closed = await makeGroup(t, tokens.ada, 'closed', 'Inner');
    const other = await makeGroup(t, tokens.ada, 'closed', 'Other');
    await call(t, 'PUT', `/v1/groups/${closed}/members/cy`, {
      token: tokens.ada,
      body: { role: 'member' },
    });
    const paths = { group: pathOf(), other: pathOf(), org: pathOf(), bo: pathOf(), di: pathOf() };
    await addHook(t, tokens.ada, `/v1/groups/${closed}/webhooks`, {
      url: receiver.url + paths.group,
    });
    await addHook(t, tokens.ada, `/v1/groups/${other}/webhooks`, {
      url: receiver.url + paths.other,
    });
    await addHook(t, tokens.ada, '/v1/admin/webhooks', { url: receiver.url + paths.org });
    const all = ['item.shared', 'status.question', 'mention', 'comment'];
    await addHook(t, tokens.bo, '/v1/webhooks', { url: receiver.url + paths.bo, events: all });
    await addHook(t, tokens.di, '/v1/webhooks', { url: receiver.url + paths.di, events: all });
    await call(t, 'PUT', '/v1/follows/cy', { token: tokens.bo });
    await call(t, 'PUT', '/v1/follows/cy', { token: tokens.di });
    await call(t, 'PUT', `/v1/groups/${closed}/members/di`, {
      token: tokens.ada,
      body: { role: 'member' },
    });

    // A status in the closed group mentioning bo (not a member) and di (a member).
    const inner = newId();
    const res = await call(t, 'PUT', `/v1/statuses/${inner}`, {
      token: tokens.cy,
      body: { text: 'INNER-TEXT for @bo and @di', visibility: 'group', groups: [closed] },
    });
    expect(res.statusCode, res.body).toBe(201);
    // A public comment-bearing item of bo's, commented on by cy with a mention of nobody.
    const mine = await bookmark(t, tokens.bo);
    await call(t, 'PUT', `/v1/comments/${newId()}`, {
      token: tokens.cy,
      body: { text: 'nice one', targetId: mine },
    });
    await settled(t);
    const at = (p: string) =>
      receiver.received.filter((r) => r.path === p).map((r) => JSON.parse(r.body) as EventBody);
    expect(at(paths.group).map((e) => [e.type, e.item?.id, e.group?.name])).toEqual([
      ['item.shared', inner, 'Inner'],
    ]);
    expect(at(paths.other)).toEqual([]);
    expect(JSON.stringify(at(paths.org))).not.toContain('INNER-TEXT');
    expect(JSON.stringify(at(paths.bo))).not.toContain('INNER-TEXT');
    expect(at(paths.di).map((e) => [e.type, e.item?.id])).toEqual([['mention', inner]]);
    // bo hears of the comment on their bookmark; the organisation too (it is public).
    expect(at(paths.bo).map((e) => [e.type, e.on?.id])).toEqual([['comment', mine]]);
    expect(at(paths.org).map((e) => e.type)).toEqual(['item.shared', 'comment']);
  });

  it('retries 500, honours Retry-After, survives a stall and a cut, in order', async () => {
    const path = pathOf();
    const hook = await addHook(t, tokens.bo, '/v1/webhooks', { url: receiver.url + path });
    await call(t, 'PUT', '/v1/follows/cy', { token: tokens.bo });
    receiver.script(path, [
      { status: 500 },
      { status: 429, headers: { 'retry-after': '1' } },
      { stall: true },
      { cut: true },
    ]);
    const ids = [await bookmark(t, tokens.cy), await bookmark(t, tokens.cy)];
    const arrived = await receiver.waitFor(6, path);
    await settled(t);
    const events = verified(arrived, hook.secret);
    // The first event four times (500, 429, stall, cut), then delivered, then the second.
    expect(events.map((e) => e.item?.id)).toEqual([ids[0], ids[0], ids[0], ids[0], ids[0], ids[1]]);
    expect(new Set(events.slice(0, 5).map((e) => e.id)).size).toBe(1);
    // The 429 asked for a second: the next attempt came no sooner.
    expect((arrived[2]?.at ?? 0) - (arrived[1]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    const log = (
      await call(t, 'GET', `/v1/webhooks/${hook.webhook.id}/deliveries`, { token: tokens.bo })
    ).json().deliveries as Array<{ attempts: number; status: string }>;
    expect(log.map((d) => [d.status, d.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 5],
    ]);
  });

  it('marks a hook failing, gives an event up after its time, and recovers', async () => {
    await t.close();
    // A separate app with a short give-up time.
    const app = await makeApp(dialect, { webhooks: { ...FAST, giveUpAfterMs: 600 } });
    try {
      const bo = await addUser(app, 'bo');
      const cy = await addUser(app, 'cy');
      const path = pathOf();
      const hook = await addHook(app, bo, '/v1/webhooks', { url: receiver.url + path });
      await call(app, 'PUT', '/v1/follows/cy', { token: bo });
      receiver.script(path, Array(50).fill({ status: 503 }));
      const first = await bookmark(app, cy);
      await settled(app);
      const view = (
        await call(app, 'GET', `/v1/webhooks/${hook.webhook.id}`, { token: bo })
      ).json();
      expect(view.failing).toBe(true);
      expect(view.failures).toBeGreaterThanOrEqual(3);
      receiver.script(path, []);
      const second = await bookmark(app, cy);
      await settled(app);
      const log = (
        await call(app, 'GET', `/v1/webhooks/${hook.webhook.id}/deliveries`, { token: bo })
      ).json().deliveries as Array<{ status: string; responseStatus: number }>;
      expect(log.map((d) => [d.status, d.responseStatus])).toEqual([
        ['delivered', 200],
        ['failed', 503],
      ]);
      const events = receiver.received
        .filter((r) => r.path === path)
        .map((r) => JSON.parse(r.body));
      expect(events.at(-1).item.id).toBe(second);
      expect(events[0].item.id).toBe(first);
      const healed = (
        await call(app, 'GET', `/v1/webhooks/${hook.webhook.id}`, { token: bo })
      ).json();
      expect(healed.failing).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('tells no webhook of an import, and prunes old finished deliveries', async () => {
    const path = pathOf();
    await addHook(t, tokens.bo, '/v1/webhooks', { url: receiver.url + path });
    await call(t, 'PUT', '/v1/follows/cy', { token: tokens.bo });
    const html = `<DL>${Array.from({ length: 5 }, (_, i) => `<DT><A HREF="https://imported.example/${i}">old ${i}</A>`).join('\n')}</DL>`;
    const imported = await call(t, 'POST', '/v1/import/bookmarks', {
      token: tokens.cy,
      body: html,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().imported).toBe(5);
    const fresh = await bookmark(t, tokens.cy);
    await settled(t);
    const events = receiver.received.filter((r) => r.path === path).map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.item.id)).toEqual([fresh]);

    const worker = new WebhookWorker(t.db, { ...DEFAULT_WEBHOOK_SETTINGS, ...FAST }, '');
    const rows = () => t.db.kysely.selectFrom('webhook_deliveries').select('status').execute();
    expect(await worker.prune(Date.now())).toBe(0);
    expect(await worker.prune(Date.now() + 31 * 86_400_000)).toBe(1);
    expect(await rows()).toEqual([]);
  });

  it('sends a test event on request', async () => {
    const path = pathOf();
    const hook = await addHook(t, tokens.di, '/v1/webhooks', { url: receiver.url + path });
    const res = await call(t, 'POST', `/v1/webhooks/${hook.webhook.id}/test`, { token: tokens.di });
    expect(res.statusCode).toBe(202);
    const [arrived] = await receiver.waitFor(1, path);
    const [event] = verified(arrived ? [arrived] : [], hook.secret);
    expect(event).toMatchObject({ id: res.json().eventId, type: 'test', test: true, item: null });
    expect(arrived?.headers['x-outloud-event']).toBe('test');
  });

  it('refuses what a caller may not do', async () => {
    await makeAdmin('ada');
    const url = `${receiver.url}/refused`;
    const mine = await addHook(t, tokens.bo, '/v1/webhooks', { url });
    for (const [method, suffix] of [
      ['GET', ''],
      ['DELETE', ''],
      ['POST', '/test'],
      ['GET', '/deliveries'],
    ] as const) {
      const res = await call(t, method, `/v1/webhooks/${mine.webhook.id}${suffix}`, {
        token: tokens.cy,
      });
      expect(res.statusCode, `${method} ${suffix}`).toBe(404);
    }
    expect((await call(t, 'GET', `/v1/webhooks/${mine.webhook.id}`)).statusCode).toBe(401);
    const listed = await call(t, 'GET', '/v1/webhooks', { token: tokens.cy });
    expect(listed.json().webhooks).toEqual([]);

    const body = { url, format: 'json', events: ['item.shared'] };
    expect(
      (await call(t, 'POST', '/v1/admin/webhooks', { token: tokens.bo, body })).statusCode,
    ).toBe(403);
    expect((await call(t, 'GET', '/v1/admin/webhooks', { token: tokens.bo })).statusCode).toBe(403);
    const org = await addHook(t, tokens.ada, '/v1/admin/webhooks', { url });
    expect(
      (await call(t, 'GET', `/v1/webhooks/${org.webhook.id}`, { token: tokens.bo })).statusCode,
    ).toBe(404);
    expect(
      (await call(t, 'GET', `/v1/webhooks/${org.webhook.id}`, { token: tokens.ada })).statusCode,
    ).toBe(200);

    // Groups: a member who does not moderate 403, an outsider of a closed group 404, a
    // moderator may.
    const open = await makeGroup(t, tokens.cy, 'open', 'Open');
    const closed = await makeGroup(t, tokens.cy, 'closed', 'Closed');
    await call(t, 'PUT', `/v1/groups/${open}/members/di`, {
      token: tokens.di,
      body: { role: 'member' },
    });
    const groupPost = (token: string, id: string) =>
      call(t, 'POST', `/v1/groups/${id}/webhooks`, { token, body });
    expect((await groupPost(tokens.di, open)).statusCode).toBe(403);
    expect(
      (await call(t, 'GET', `/v1/groups/${open}/webhooks`, { token: tokens.di })).statusCode,
    ).toBe(403);
    expect((await groupPost(tokens.bo, closed)).statusCode).toBe(404);
    expect((await groupPost(tokens.bo, newId())).statusCode).toBe(404);
    await call(t, 'PUT', `/v1/groups/${open}/members/di`, {
      token: tokens.cy,
      body: { role: 'moderator' },
    });
    const made = await groupPost(tokens.di, open);
    expect(made.statusCode).toBe(201);
    expect((await groupPost(tokens.ada, closed)).statusCode).toBe(201);
    // A mention hook belongs to a person only.
    const mention = { ...body, events: ['mention'] };
    expect(
      (await call(t, 'POST', '/v1/admin/webhooks', { token: tokens.ada, body: mention }))
        .statusCode,
    ).toBe(400);

    const bad = async (patch: Record<string, unknown>) =>
      (await call(t, 'POST', '/v1/webhooks', { token: tokens.bo, body: { ...body, ...patch } }))
        .statusCode;
    for (const url of [
      'ftp://example.com/hook',
      'not a url',
      'https://user:pass@example.com/hook',
      'http://10.0.0.7/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[::ffff:10.0.0.1]/hook',
      'http://127.0.0.2/hook',
      'http://0.0.0.0/hook',
      `https://example.com/${'a'.repeat(2100)}`,
    ]) {
      expect(await bad({ url }), url).toBe(400);
    }
    expect(await bad({ name: 'n'.repeat(101) })).toBe(400);
    expect(await bad({ events: [] })).toBe(400);
    expect(await bad({ events: ['item.shared', 'item.shared'] })).toBe(400);
    expect(await bad({ events: ['everything'] })).toBe(400);
    expect(await bad({ format: 'xml' })).toBe(400);
    expect(await bad({ secret: 'mine' })).toBe(400);
    expect(await bad({ url: 'https://chat.example.com/hooks/abc' })).toBe(201);
    // The organisation's private-range setting is not every hook's.
    expect(
      (await call(t, 'DELETE', `/v1/webhooks/${mine.webhook.id}`, { token: tokens.bo })).statusCode,
    ).toBe(204);
    expect(
      (await call(t, 'GET', `/v1/webhooks/${mine.webhook.id}`, { token: tokens.bo })).statusCode,
    ).toBe(404);
  });

  // SQLite is one process; several instances share only PostgreSQL.
  if (dialect === 'postgres')
    it('two workers on one database deliver every event once', async () => {
      const paths = [pathOf(), pathOf(), pathOf()];
      await call(t, 'PUT', '/v1/follows/cy', { token: tokens.bo });
      for (const p of paths) await addHook(t, tokens.bo, '/v1/webhooks', { url: receiver.url + p });
      const url = process.env.OUTLOUD_TEST_PG as string;
      const second = await connect(url, { schema: t.db.schema, poolSize: 2 });
      const settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...FAST };
      const other = new WebhookWorker(second, settings, '');
      await other.start();
      try {
        const ids: string[] = [];
        for (let i = 0; i < 15; i++) ids.push(await bookmark(t, tokens.cy));
        for (const p of paths) {
          const arrived = await receiver.waitFor(15, p);
          const events = arrived.map((r) => JSON.parse(r.body) as EventBody);
          expect(events.map((e) => e.item?.id)).toEqual(ids);
        }
        await settled(t);
        for (const p of paths)
          expect(receiver.received.filter((r) => r.path === p)).toHaveLength(15);
        const claimedBy = await t.db.kysely
          .selectFrom('webhook_deliveries')
          .select('status')
          .execute();
        expect(claimedBy.every((d) => d.status === 'delivered')).toBe(true);
      } finally {
        await other.stop();
        await second.close();
      }
    });
});

afterEach(() => {
  receiver.received.length = 0;
});

describe('webhook addresses', () => {
  it('refuses private and internal addresses unless the server allows their range', () => {
    for (const url of [
      'http://localhost/x',
      'http://a.localhost:8080/x',
      'http://127.0.0.1/x',
      'http://192.168.1.10/x',
      'http://100.64.0.1/x',
      'http://[fd00::1]/x',
      'http://[fe80::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://224.0.0.1/x',
    ]) {
      expect(urlProblem(url, 'person', NO_PRIVATE), url).toMatch(/private or internal/);
    }
    expect(urlProblem('https://chat.example.com/hooks/1', 'person', NO_PRIVATE)).toBeUndefined();
    expect(urlProblem('https://93.184.215.14/hook', 'person', NO_PRIVATE)).toBeUndefined();
    const org = { org: parseRanges('10.0.0.0/8', 'x'), all: [] };
    expect(urlProblem('http://10.1.2.3/hook', 'org', org)).toBeUndefined();
    expect(urlProblem('http://10.1.2.3/hook', 'person', org)).toMatch(/private/);
    expect(urlProblem('http://10.1.2.3/hook', 'group', org)).toMatch(/private/);
    expect(urlProblem('http://11.1.2.3/hook', 'org', org)).toBeUndefined();
    expect(() => parseRanges('10.0.0.0/8,intranet', 'OUTLOUD_WEBHOOK_ALLOW_PRIVATE')).toThrow(
      /"intranet"/,
    );
  });

  it('refuses a host name that resolves to a refused address where it connects', async () => {
    const lookup = guardedLookup('person', NO_PRIVATE);
    const error = await new Promise<Error | null>((resolve) =>
      lookup('localhost', { family: 0 }, (e) => resolve(e)),
    );
    expect(error).toBeInstanceOf(RefusedAddress);
    const allowed = guardedLookup('person', LOOPBACK);
    const address = await new Promise<string>((resolve, reject) =>
      allowed('localhost', { family: 4 }, (e, a) => (e ? reject(e) : resolve(String(a)))),
    );
    expect(address).toBe('127.0.0.1');
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"test"}';
  const now = 1_800_000_000;
  const signed = (ts: number, b = body, key = secret) => ({
    secret,
    body: b,
    timestamp: String(ts),
    signature: sign(key, ts, body),
    now,
  });
  it('accepts the sender’s signature and refuses forged, moved and replayed ones', () => {
    expect(verifySignature(signed(now))).toBe(true);
    expect(verifySignature(signed(now - 299))).toBe(true);
    expect(verifySignature(signed(now, '{"id":"e1","type":"forged"}'))).toBe(false);
    expect(verifySignature(signed(now, body, 'whsec_other'))).toBe(false);
    expect(verifySignature({ ...signed(now), timestamp: String(now - 1) })).toBe(false);
    expect(verifySignature(signed(now - 301))).toBe(false);
    expect(verifySignature(signed(now + 301))).toBe(false);
    expect(verifySignature({ ...signed(now), signature: undefined })).toBe(false);
    expect(verifySignature({ ...signed(now), timestamp: 'yesterday' })).toBe(false);
  });
});
