/**
 * Webhook delivery through SIGKILL, on SQLite and PostgreSQL: the real server process delivers
 * to two hooks on a receiver on 127.0.0.1; it is killed once while the receiver holds a
 * delivery open (it got the request, the server never gets the answer) and once at a moment
 * the test does not choose, restarted each time on the same database. Every event arrives, in
 * write order per hook, signed; repeats are counted: only a delivery in flight at a kill may
 * come again (at most one per hook per kill), and the held one must.
 */
import { describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../../scripts/server-process.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser } from '../../src/server/repos/users.ts';
import type { EventBody } from '../../src/server/webhooks/payload.ts';
import { verifySignature } from '../../src/server/webhooks/signature.ts';
import { databases, makeDbUrl } from './helpers.ts';
import { type Received, startReceiver } from './webhook-receiver.ts';

const ENV = {
  OUTLOUD_RATE_LIMIT: '0',
  OUTLOUD_WEBHOOK_ALLOW_PRIVATE_ALL: '127.0.0.1',
  OUTLOUD_WEBHOOK_POLL_MS: '20',
  OUTLOUD_WEBHOOK_RETRY_MS: '50',
  OUTLOUD_WEBHOOK_TIMEOUT_MS: '1000',
};
const PER_ROUND = 8;

async function api(
  server: ServerProcess,
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function kill(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  expect(await server.exited).toBeNull();
}

describe.each(databases())('webhook delivery through SIGKILL on %s', (dialect) => {
  it('delivers every event in order per hook; only the one in flight may repeat', async () => {
    const target = await makeDbUrl(dialect);
    const receiver = await startReceiver();
    let server: ServerProcess | undefined;
    try {
      const setup = await connect(target.url);
      const ada = await addUser(setup, 'ada', 'Ada');
      const bo = await addUser(setup, 'bo', 'Bo');
      const cy = await addUser(setup, 'cy', 'Cy');
      await setup.kysely
        .updateTable('users')
        .set({ role: 'admin' })
        .where('handle', '=', 'ada')
        .execute();
      await setup.close();

      server = await startServer(target.url, ENV);
      const hooks = {
        '/org': (await api(server, ada, 'POST', '/v1/admin/webhooks', {
          url: `${receiver.url}/org`,
          format: 'json',
          events: ['item.shared'],
        })) as { secret: string },
        '/bo': (await api(server, bo, 'POST', '/v1/webhooks', {
          url: `${receiver.url}/bo`,
          format: 'json',
          events: ['item.shared'],
        })) as { secret: string },
      };
      await api(server, bo, 'PUT', '/v1/follows/cy');
      const written: string[] = [];
      const write = async (s: ServerProcess) => {
        const id = crypto.randomUUID();
        await api(s, cy, 'PUT', `/v1/bookmarks/${id}`, {
          url: `https://k.example/${id}`,
          title: id,
        });
        written.push(id);
      };

      // Round 1: the receiver holds the org hook's 4th request open; the server dies waiting.
      let held: Received | undefined;
      const holding = new Promise<void>((resolve) => {
        receiver.script('/org', [
          { status: 200 },
          { status: 200 },
          { status: 200 },
          {
            hold: () => {
              held = receiver.received.filter((r) => r.path === '/org')[3];
              resolve();
            },
          },
        ]);
      });
      for (let i = 0; i < PER_ROUND; i++) await write(server);
      await holding;
      await kill(server);

      // Round 2: restarted, more writes, killed at a moment of the load's choosing.
      server = await startServer(target.url, ENV);
      const restarted = server;
      const writing = (async () => {
        for (let i = 0; i < PER_ROUND; i++) await write(restarted);
      })();
      await writing;
      await receiver.waitFor(PER_ROUND + 2, '/bo');
      await kill(server);

      // Round 3: restarted; everything arrives.
      server = await startServer(target.url, ENV);
      for (let i = 0; i < PER_ROUND; i++) await write(server);
      const total = written.length;
      const report: string[] = [];
      for (const [path, { secret }] of Object.entries(hooks)) {
        const deadline = Date.now() + 60_000;
        let events: EventBody[] = [];
        for (;;) {
          const list = receiver.received.filter((r) => r.path === path);
          events = list.map((r) => {
            const ok = verifySignature({
              secret,
              body: r.body,
              timestamp: r.headers['x-outloud-timestamp'] as string,
              signature: r.headers['x-outloud-signature'] as string,
            });
            expect(ok).toBe(true);
            return JSON.parse(r.body) as EventBody;
          });
          if (new Set(events.map((e) => e.id)).size >= total || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const firstSeen: string[] = [];
        for (const e of events) {
          if (!firstSeen.includes(e.id)) firstSeen.push(e.id);
        }
        const itemOf = new Map(events.map((e) => [e.id, e.item?.id]));
        expect(
          firstSeen.map((id) => itemOf.get(id)),
          path,
        ).toEqual(written);
        const repeats = events.length - firstSeen.length;
        // At most the one in flight per kill; the held one (org, round 1) at least.
        expect(repeats, path).toBeLessThanOrEqual(2);
        if (path === '/org') expect(repeats).toBeGreaterThanOrEqual(1);
        report.push(`${path}: ${firstSeen.length} events, ${repeats} repeated`);
      }
      const heldEvent = JSON.parse(held?.body ?? '{}') as EventBody;
      const sameAgain = receiver.received.filter(
        (r) => r.path === '/org' && (JSON.parse(r.body) as EventBody).id === heldEvent.id,
      );
      expect(sameAgain).toHaveLength(2);
      console.log(`webhooks through SIGKILL on ${dialect}: ${report.join('; ')}`);
      server.child.kill('SIGTERM');
      await server.exited;
      server = undefined;
      const after = await connect(target.url);
      const pending = await after.kysely
        .selectFrom('webhook_deliveries')
        .select('status')
        .where('status', '!=', 'delivered')
        .execute();
      await after.close();
      expect(pending).toEqual([]);
    } finally {
      if (server) await kill(server).catch(() => undefined);
      await receiver.close();
      await target.drop();
    }
  }, 120_000);
});
