/**
 * Deleting an item erases it at once, on both databases: the row keeps only what its tombstone
 * needs (id, type, owner, visibility, times), not its url, url key, title, tags, quote, comment,
 * text or target. On SQLite nothing of it is left in the database file either (secure_delete,
 * FTS5 secure-delete). Migration 003 erases items deleted before the rule.
 */
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/index.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { ITEM_COLUMNS } from '../../src/server/repos/items.ts';
import { addUser as addUserRow } from '../../src/server/repos/users.ts';
import {
  addPersonBefore006,
  addUser,
  call,
  databases,
  makeApp,
  makeDbUrl,
  newId,
  openMigratedTo,
  type TestApp,
} from './helpers.ts';

const MARK = 'zqxsecretmark';

const ERASED = {
  url: null,
  url_key: null,
  title: '',
  description: '',
  tags: '[]',
  quote: null,
  comment: '',
  text: '',
  question: 0,
  target_id: null,
};

async function rows(db: Kysely<Database>, ids: string[]) {
  return db.selectFrom('items').select(ITEM_COLUMNS).where('id', 'in', ids).execute();
}

/** Creates one item of each type (the comment by bob on ada's status), all naming `MARK`. */
async function everyKind(t: TestApp, ada: string, bob: string): Promise<string[]> {
  const [bookmark, snippet, status, comment] = [newId(), newId(), newId(), newId()];
  const url = `https://example.org/${MARK}/page?q=${MARK}`;
  const puts: Array<[string, string, string, object]> = [
    [
      ada,
      'bookmarks',
      bookmark,
      { url, title: `title ${MARK}`, description: `about ${MARK}`, tags: [MARK] },
    ],
    [
      ada,
      'snippets',
      snippet,
      {
        url,
        title: MARK,
        quote: { exact: `quoted ${MARK}`, prefix: 'a ', suffix: ' b' },
        comment: `why ${MARK} @bob`,
      },
    ],
    [ada, 'statuses', status, { text: `working on ${MARK} @bob`, url, question: true }],
    [bob, 'comments', comment, { targetId: status, text: `reply ${MARK} @ada` }],
  ];
  for (const [token, kind, id, body] of puts) {
    const res = await call(t, 'PUT', `/v1/${kind}/${id}`, { token, body });
    expect(res.statusCode, res.body).toBe(201);
  }
  return [bookmark, snippet, status, comment];
}

describe.each(databases())('deletion on %s', (dialect) => {
  let opened: TestApp | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  it('keeps only what the tombstone needs, at once', async () => {
    const t = await makeApp(dialect);
    opened = t;
    const ada = await addUser(t, 'ada');
    const bob = await addUser(t, 'bob');
    const ids = await everyKind(t, ada, bob);
    const [bookmark, snippet, status, comment] = ids as [string, string, string, string];
    expect(JSON.stringify(await rows(t.db.kysely, ids))).toContain(MARK);
    for (const [token, kind, id] of [
      [bob, 'comments', comment],
      [ada, 'statuses', status],
      [ada, 'snippets', snippet],
      [ada, 'bookmarks', bookmark],
    ] as const) {
      expect((await call(t, 'DELETE', `/v1/${kind}/${id}`, { token })).statusCode).toBe(200);
    }
    const erased = await rows(t.db.kysely, ids);
    expect(erased).toHaveLength(4);
    for (const row of erased) {
      expect(row).toMatchObject(ERASED);
      expect(row.deleted_at).not.toBeNull();
    }
    expect(JSON.stringify(erased)).not.toContain(MARK);
    const mentions = await t.db.kysely
      .selectFrom('mentions')
      .selectAll()
      .where('item_id', 'in', ids)
      .execute();
    expect(mentions).toEqual([]);
    if (dialect === 'postgres') {
      const { rows: vectors } = await sql<{ search: string }>`
        SELECT search::text AS search FROM items WHERE id IN (${sql.join(ids)})`.execute(
        t.db.kysely,
      );
      expect(vectors.map((v) => v.search)).toEqual(['', '', '', '']);
    }
    // The tombstone still works: the id stays taken, and others are still told it is gone.
    const again = await call(t, 'PUT', `/v1/bookmarks/${bookmark}`, {
      token: ada,
      body: { url: 'https://example.org/other' },
    });
    expect(again.statusCode).toBe(410);
    const changes = await call(t, 'GET', '/v1/changes', { token: bob });
    const tomb = (changes.json().items as Array<{ key: string; deleted: boolean }>).find(
      (c) => c.key === bookmark,
    );
    expect(tomb).toMatchObject({ deleted: true });
  });

  it('migration 003 erases items deleted before the rule', async () => {
    const target = await makeDbUrl(dialect);
    try {
      const db = await openMigratedTo(target.url, '002-full-text');
      await addPersonBefore006(db, 'ada');
      const at = new Date().toISOString();
      const base = {
        ...{ type: 'bookmark' as const, owner: 'ada', created_at: at, updated_at: at },
        ...{ title: '', description: '', tags: '[]', quote: null, comment: '', text: '' },
        ...{ question: 0, target_id: null, visibility: 'public' as const, deleted_at: null },
      };
      await db.kysely
        .insertInto('items')
        .values([
          // What a delete left before: text erased, address and key kept.
          { ...base, id: 'old-deleted', url: `https://example.org/${MARK}`, url_key: MARK },
          { ...base, id: 'live', url: `https://example.org/${MARK}`, url_key: 'live-key' },
        ])
        .execute();
      await db.kysely
        .updateTable('items')
        .set({ deleted_at: at, title: MARK })
        .where('id', '=', 'old-deleted')
        .execute();
      await db.close();
      const migrated = await connect(target.url);
      const [deleted, live] = await Promise.all([
        rows(migrated.kysely, ['old-deleted']),
        rows(migrated.kysely, ['live']),
      ]);
      expect(deleted[0]).toMatchObject(ERASED);
      expect(live[0]).toMatchObject({ url: `https://example.org/${MARK}`, url_key: 'live-key' });
      await migrated.close();
    } finally {
      await target.drop();
    }
  });
});

describe('deletion in the SQLite file', () => {
  it('leaves no trace of the deleted content in the database file', async () => {
    const target = await makeDbUrl('sqlite');
    try {
      const db = await connect(target.url);
      const app = await makeAppOn(db);
      const ada = await addUserRow(db, 'ada', 'Ada');
      const bob = await addUserRow(db, 'bob', 'Bob');
      const ids = await everyKind(app, ada, bob);
      const fileText = () => {
        db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
        return readFileSync(target.url).toString('latin1');
      };
      expect(fileText()).toContain(MARK);
      const kinds = ['bookmarks', 'snippets', 'statuses', 'comments'];
      for (const [i, id] of ids.entries()) {
        const token = kinds[i] === 'comments' ? bob : ada;
        const res = await call(app, 'DELETE', `/v1/${kinds[i]}/${id}`, { token });
        expect(res.statusCode).toBe(200);
      }
      expect(fileText()).not.toContain(MARK);
      await app.close();
    } finally {
      await target.drop();
    }
  });
});

async function makeAppOn(db: Awaited<ReturnType<typeof connect>>): Promise<TestApp> {
  const { buildApp } = await import('../../src/server/app.ts');
  const app = await buildApp({ db, rateLimit: false });
  return {
    app,
    db,
    dialect: db.dialect,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
