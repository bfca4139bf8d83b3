/**
 * Tokens, beyond the authorisation matrix (`auth.test.ts`, which revokes before first use) and
 * the in-process log check (`limits.test.ts`): a token that was working stops on the very next
 * request after `tokens revoke` (run through the CLI, on its own connection, against a running
 * server process), and neither a token nor its SHA-256 ever reaches the logs, at trace level,
 * through successes, 400/401/404/413/429 answers, in-process and from the real process.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../../scripts/server-process.ts';
import { main } from '../../src/server/cli/main.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser as addUserRow, createToken, revokeTokens } from '../../src/server/repos/users.ts';
import { hashToken, newToken } from '../../src/server/tokens.ts';
import { addUser, call, databases, makeApp, makeDbUrl, newId, type TestApp } from './helpers.ts';

/** Runs the CLI in-process; resolves to its exit code. */
async function cli(args: string[]): Promise<number> {
  return main(args, { out: () => {}, err: () => {}, env: {} });
}

/** The requests whose logging must not leak `token` (good, refused and failing ones). */
async function exercise(
  request: (method: string, path: string, token: string, body?: unknown) => Promise<number>,
  token: string,
  revoked: string,
): Promise<number[]> {
  return [
    await request('GET', '/v1/me', token),
    await request('PUT', `/v1/bookmarks/${newId()}`, token, { url: 'https://log.example/' }),
    await request('PUT', `/v1/bookmarks/${newId()}`, token, { url: 'javascript:alert(1)' }),
    await request('GET', `/v1/statuses/${newId()}`, token),
    await request('GET', '/v1/changes?cursor=garbage', token),
    await request('POST', '/v1/sync', token, { mutations: [{ id: 'x', op: 'zap' }] }),
    await request('PUT', `/v1/statuses/${newId()}`, token, { text: 'x'.repeat(300_000) }),
    await request('GET', '/v1/me', revoked),
    await request('GET', '/v1/me', `${token}!`),
    await request('GET', '/v1/me', newToken()),
  ];
}

describe.each(databases())('tokens on %s', (dialect) => {
  let t: TestApp | undefined;
  let server: ServerProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await t?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await drop?.();
    t = undefined;
    server = undefined;
    drop = undefined;
  });

  it('stops a working token on the next request after `tokens revoke`, on a running server', async () => {
    const target = await makeDbUrl(dialect);
    drop = target.drop;
    const db = await connect(target.url);
    const ada = await addUserRow(db, 'ada', 'Ada');
    const second = (await createToken(db, 'ada')) ?? '';
    const bob = await addUserRow(db, 'bob', 'Bob');
    await db.close();
    server = await startServer(target.url);
    const me = (token: string) =>
      fetch(`${server?.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.status,
      );
    expect([await me(ada), await me(second), await me(bob)]).toEqual([200, 200, 200]);

    expect(await cli(['tokens', 'revoke', '--handle', 'ada', '--db', target.url])).toBe(0);
    expect([await me(ada), await me(second), await me(bob)]).toEqual([401, 401, 200]);

    const fresh: string[] = [];
    await main(['tokens', 'create', '--handle', 'ada', '--db', target.url], {
      out: (line) => fresh.push(line),
      err: () => {},
      env: {},
    });
    expect(fresh).toHaveLength(1);
    expect([await me(fresh[0] ?? ''), await me(ada)]).toEqual([200, 401]);
  });

  it('writes neither a token nor its hash to the logs, in-process at trace level', async () => {
    let logs = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    });
    t = await makeApp(dialect, {
      logger: { level: 'trace', stream },
      rateLimit: { max: 15, timeWindowMs: 60_000 },
    });
    const app = t;
    const token = await addUser(app, 'ada');
    const revoked = await addUser(app, 'carl');
    expect((await call(app, 'GET', '/v1/me', { token: revoked })).statusCode).toBe(200);
    await revokeTokens(app.db, 'carl');
    const statuses = await exercise(
      async (method, path, bearer, body) =>
        (await call(app, method as 'GET', path, { token: bearer, body })).statusCode,
      token,
      revoked,
    );
    expect(statuses).toEqual(expect.arrayContaining([200, 201, 400, 401, 404, 413]));
    // Past the limit (keyed by the person): 429s, logged too.
    for (let i = 0; i < 12; i++)
      statuses.push((await call(app, 'GET', '/v1/me', { token })).statusCode);
    expect(statuses).toContain(429);
    expect(logs).toContain('incoming request');
    for (const secret of [token, revoked, hashToken(token), hashToken(revoked)]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('writes neither a token nor its hash to the logs of the real server process', async () => {
    const target = await makeDbUrl(dialect);
    drop = target.drop;
    const db = await connect(target.url);
    const token = await addUserRow(db, 'ada', 'Ada');
    const revoked = await addUserRow(db, 'carl', 'Carl');
    await db.close();
    expect(await cli(['tokens', 'revoke', '--handle', 'carl', '--db', target.url])).toBe(0);
    server = await startServer(target.url, { OUTLOUD_LOG_LEVEL: 'trace' });
    const url = server.url;
    const statuses = await exercise(
      async (method, path, bearer, body) => {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        await res.arrayBuffer();
        return res.status;
      },
      token,
      revoked,
    );
    expect(statuses).toEqual(expect.arrayContaining([200, 201, 400, 401, 404, 413]));
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the last log lines arrive
    const logs = server.output();
    expect(logs).toContain('incoming request');
    for (const secret of [token, revoked, hashToken(token), hashToken(revoked)]) {
      expect(logs).not.toContain(secret);
    }
  });
});
