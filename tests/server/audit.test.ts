/**
 * The audit log: rows written with `audit(trx, …)` read back newest first through
 * `GET /v1/admin/audit` (admins only) with keyset paging and exact filters, and through the
 * CLI's `audit` command.
 */
import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../src/core/wire-admin.ts';
import type { CliIo } from '../../src/server/cli/command.ts';
import { main } from '../../src/server/cli/main.ts';
import { connect } from '../../src/server/db/index.ts';
import { audit } from '../../src/server/repos/audit.ts';
import { call, databases, makeDbUrl, useServer } from './helpers.ts';

describe.each(databases())('audit log on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['root', 'ada'] });

  async function makeAdmin(handle: string): Promise<void> {
    await t.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('handle', '=', handle)
      .execute();
  }

  it('pages newest first without skipping or repeating, and filters exactly', async () => {
    await makeAdmin('root');
    // Seven entries, three sharing one time (the tiebreak on id orders them).
    const same = '2026-01-01T00:00:05.000Z';
    const written: string[] = [];
    for (let i = 0; i < 7; i++) {
      const at = i < 3 ? same : `2026-01-01T00:00:0${i}.000Z`;
      const entry = {
        actor: i % 2 ? 'root' : 'cli',
        action: i % 3 ? 'person.promote' : 'person.deactivate',
        target: `p${i % 2}`,
        detail: { n: i },
      };
      written.push(await t.db.kysely.transaction().execute((trx) => audit(trx, entry, at)));
    }
    const seen: AuditPage['entries'] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages++) {
      const res = await call(t, 'GET', `/v1/admin/audit?limit=3&cursor=${cursor}`, {
        token: tokens.root,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as AuditPage;
      seen.push(...page.entries);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.map((e) => e.id).sort()).toEqual([...written].sort());
    const order = seen.map((e) => `${e.at}|${e.id}`);
    expect(order).toEqual([...order].sort().reverse());
    expect(seen.find((e) => e.detail.n === 4)).toMatchObject({
      actor: 'cli',
      action: 'person.promote',
      target: 'p0',
    });

    const filtered = (
      await call(t, 'GET', '/v1/admin/audit?actor=root&action=person.promote&target=p1', {
        token: tokens.root,
      })
    ).json() as AuditPage;
    // i = 1, 5 (odd, not a multiple of 3).
    expect(filtered.entries.map((e) => e.detail.n).sort()).toEqual([1, 5]);
    expect(filtered.hasMore).toBe(false);
  });

  it('refuses members, a forged cursor and bad filters', async () => {
    await makeAdmin('root');
    const member = await call(t, 'GET', '/v1/admin/audit', { token: tokens.ada });
    expect(member.statusCode).toBe(403);
    expect(member.json()).toMatchObject({ error: { code: 'forbidden' } });
    // A member learns nothing from validation either: 403 before 400.
    expect(
      (await call(t, 'GET', '/v1/admin/audit?limit=0', { token: tokens.ada })).statusCode,
    ).toBe(403);
    expect((await call(t, 'GET', '/v1/admin/audit')).statusCode).toBe(401);
    const forged = Buffer.from('knot-a-time|x').toString('base64url');
    for (const query of [
      `cursor=${forged}`,
      'cursor=%25%25',
      'limit=101',
      'action=Bad%20Action',
      'bogus=1',
      `target=${'x'.repeat(201)}`,
    ]) {
      const res = await call(t, 'GET', `/v1/admin/audit?${query}`, { token: tokens.root });
      expect(res.statusCode, query).toBe(400);
    }
  });
});

describe.each(databases())('CLI audit on %s', (dialect) => {
  it('prints entries newest first, filtered by --target, limited by --limit', async () => {
    const { url, drop } = await makeDbUrl(dialect);
    try {
      const db = await connect(url);
      try {
        for (let i = 0; i < 4; i++) {
          await audit(
            db.kysely,
            {
              actor: 'cli',
              action: 'person.promote',
              target: i % 2 ? 'ada' : 'bob',
              detail: { i },
            },
            `2026-02-01T00:00:0${i}.000Z`,
          );
        }
      } finally {
        await db.close();
      }
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
      expect(await main(['audit', '--target', 'ada', '--db', url], io)).toBe(0);
      expect(out).toEqual([
        '2026-02-01T00:00:03.000Z\tcli\tperson.promote\tada\t{"i":3}',
        '2026-02-01T00:00:01.000Z\tcli\tperson.promote\tada\t{"i":1}',
      ]);
      out.length = 0;
      expect(await main(['audit', '--limit', '1', '--db', url], io)).toBe(0);
      expect(out).toHaveLength(1);
      expect(out[0]).toContain('{"i":3}');
      expect(err.join('\n')).toContain('older');
      expect(await main(['audit', '--limit', 'x', '--db', url], io)).toBe(2);
    } finally {
      await drop();
    }
  });
});
