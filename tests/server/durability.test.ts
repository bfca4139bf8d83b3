/**
 * Durability of the real server process, on SQLite and PostgreSQL: concurrent writers PUT
 * bookmarks and statuses and POST sync batches for a few seconds, the server is killed with
 * SIGKILL mid-load, restarted on the same database (twice over), and every write that got a 2xx
 * is read back with what was sent; the SQLite file passes `PRAGMA integrity_check`.
 */
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, serverCommand, startServer } from '../../scripts/server-process.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { databases, makeDbUrl } from './helpers.ts';

const WRITERS = 24;
const USERS = 12;
const LOAD_MS = 4_000;
const CYCLES = 2;
/**
 * The test measures durability, not the per-token limit: a fast machine acknowledges more than
 * 600 writes a token in the load and reads them all back within the minute.
 */
const NO_RATE_LIMIT = { OUTLOUD_RATE_LIMIT: '0' };

type Written = { plural: 'bookmarks' | 'statuses'; id: string; token: string; text: string };

/** One writer: writes until `stop`, records each acknowledged write in `acked`. */
async function writer(
  server: ServerProcess,
  token: string,
  n: number,
  stop: { now: boolean },
  acked: Written[],
  tally: { sent: number; failed: number },
): Promise<void> {
  for (let i = 0; !stop.now; i++) {
    const id = crypto.randomUUID();
    const text = `durable ${n}.${i} ${id}`;
    const kind = i % 3;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    tally.sent++;
    try {
      if (kind === 2) {
        // A sync batch: each mutation is acknowledged by its own result.
        const ids = [id, crypto.randomUUID()];
        const mutations = ids.map((m) => ({
          id: m,
          op: 'put',
          type: 'status',
          data: { text: `${text} ${m}` },
        }));
        const res = await fetch(`${server.url}/v1/sync`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ mutations }),
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status !== 200) throw new Error(`sync ${res.status}`);
        const { results } = (await res.json()) as {
          results: Array<{ id: string; status: number }>;
        };
        for (const r of results) {
          if (r.status < 300)
            acked.push({ plural: 'statuses', id: r.id, token, text: `${text} ${r.id}` });
        }
        continue;
      }
      const plural = kind === 0 ? 'bookmarks' : 'statuses';
      const body = kind === 0 ? { url: `https://durable.example/${id}`, title: text } : { text };
      const res = await fetch(`${server.url}/v1/${plural}/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      if (res.status >= 300) throw new Error(`${plural} ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      acked.push({ plural, id, token, text });
    } catch (error) {
      tally.failed++;
      // Only a cut connection (the kill) is expected; a refusal is a real failure.
      const name = (error as Error).name;
      if (name !== 'TypeError' && name !== 'TimeoutError' && name !== 'AbortError') throw error;
      if (stop.now) return;
    }
  }
}

describe.each(databases())('durability on %s', (dialect) => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await drop?.();
  });

  it('keeps every acknowledged write through SIGKILL under load and restart', async () => {
    const target = await makeDbUrl(dialect);
    drop = target.drop;
    const setup = await connect(target.url);
    const tokens: string[] = [];
    for (let u = 0; u < USERS; u++) tokens.push(await addUser(setup, `writer${u}`, `Writer ${u}`));
    await setup.close();

    const acked: Written[] = [];
    const tally = { sent: 0, failed: 0 };
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await startServer(target.url, NO_RATE_LIMIT);
      const stop = { now: false };
      const writers = Array.from({ length: WRITERS }, (_, n) =>
        writer(server, tokens[n % USERS] ?? '', cycle * WRITERS + n, stop, acked, tally),
      );
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      server.child.kill('SIGKILL');
      stop.now = true;
      expect(await server.exited).toBeNull(); // killed, not exited
      await Promise.all(writers);
    }
    expect(acked.length).toBeGreaterThan(50);

    const server = await startServer(target.url, NO_RATE_LIMIT);
    let lost = 0;
    try {
      for (const w of acked) {
        const res = await fetch(`${server.url}/v1/${w.plural}/${w.id}`, {
          headers: { authorization: `Bearer ${w.token}` },
        });
        // Only "not there" is a loss; any other refusal (a 429, a 500) is a failure of its own.
        if (res.status !== 200 && res.status !== 404) {
          throw new Error(`reading ${w.plural}/${w.id} back: ${res.status} ${await res.text()}`);
        }
        const item = res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
        if (!item || item[w.plural === 'bookmarks' ? 'title' : 'text'] !== w.text) lost++;
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dialect === 'sqlite') {
      const file = new SqliteDatabase(target.url, { readonly: true });
      expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
      file.close();
    }
    console.log(
      `durability (${dialect}): ${acked.length} acknowledged writes, ${lost} lost ` +
        `(${tally.sent} requests over ${CYCLES} SIGKILLs, ${tally.failed} cut off unanswered; ` +
        `${serverCommand().built ? 'dist/server/cli.js' : 'tsx src/server/cli.ts'})`,
    );
    expect(lost).toBe(0);
  }, 180_000);
});
