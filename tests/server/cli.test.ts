/**
 * The CLI, run in-process through `main` with captured output, on every test database: users
 * add prints the token alone, tokens create/revoke take effect on the next request, demo seeds
 * once, backup (SQLite) makes a copy that opens with the same data.
 */
import { existsSync, lstatSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { CliIo } from '../../src/server/cli/command.ts';
import { DEMO_PEOPLE } from '../../src/server/cli/demo-data.ts';
import { main } from '../../src/server/cli/main.ts';
import { connect } from '../../src/server/db/index.ts';
import { databases, makeDbUrl } from './helpers.ts';

type Run = { code: number; out: string[]; err: string[] };

async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  const code = await main(args, io);
  return { code, out, err };
}

/** Calls `GET /v1/me` with `token` on an app over `url`; returns the status. */
async function meStatus(url: string, token: string): Promise<number> {
  const db = await connect(url);
  const app = await buildApp({ db, rateLimit: false });
  try {
    const res = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
    return res.statusCode;
  } finally {
    await app.close();
    await db.close();
  }
}

describe.each(databases())('CLI on %s', (dialect) => {
  let url: string;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ url, drop } = await makeDbUrl(dialect));
  });
  afterEach(async () => {
    await drop();
  });

  it('users add prints the token alone on stdout; it signs in', async () => {
    const added = await run(['users', 'add', '--handle', 'ada', '--name', 'Ada L', '--db', url]);
    expect(added.code).toBe(0);
    expect(added.out).toHaveLength(1);
    expect(added.out[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await meStatus(url, added.out[0]!)).toBe(200);
    const again = await run(['users', 'add', '--handle', 'ada', '--name', 'X', '--db', url]);
    expect(again.code).toBe(1);
    expect(again.out).toEqual([]);
  });

  it('honours OUTLOUD_DB and refuses bad arguments with exit 2', async () => {
    const added = await run(['users', 'add', '--handle', 'bo', '--name', 'Bo'], {
      OUTLOUD_DB: url,
    });
    expect(added.code).toBe(0);
    expect(await meStatus(url, added.out[0]!)).toBe(200);
    expect((await run(['users', 'add', '--handle', 'Bad Handle', '--name', 'x'])).code).toBe(2);
    expect((await run(['users', 'add', '--name', 'x'])).code).toBe(2);
    expect((await run(['users', 'add', '--bogus'])).code).toBe(2);
    expect((await run(['nonsense'])).code).toBe(2);
  });

  it('tokens create adds a token; tokens revoke ends every token at the next request', async () => {
    const first = (await run(['users', 'add', '--handle', 'ada', '--name', 'Ada', '--db', url]))
      .out[0]!;
    const created = await run(['tokens', 'create', '--handle', 'ada', '--db', url]);
    expect(created.out).toHaveLength(1);
    const second = created.out[0]!;
    expect(second).not.toBe(first);
    expect(await meStatus(url, second)).toBe(200);
    expect((await run(['tokens', 'create', '--handle', 'nobody', '--db', url])).code).toBe(1);
    const revoked = await run(['tokens', 'revoke', '--handle', 'ada', '--db', url]);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toEqual([]);
    expect(await meStatus(url, first)).toBe(401);
    expect(await meStatus(url, second)).toBe(401);
  });

  it('tokens create --device names the device; tokens list shows the live ones', async () => {
    await run(['users', 'add', '--handle', 'ada', '--name', 'Ada', '--db', url]);
    const created = await run([
      'tokens',
      'create',
      '--handle',
      'ada',
      '--device',
      'CI bot',
      '--db',
      url,
    ]);
    expect(created.code).toBe(0);
    expect(await meStatus(url, created.out[0]!)).toBe(200);
    const listed = await run(['tokens', 'list', '--handle', 'ada', '--db', url]);
    expect(listed.code).toBe(0);
    const rows = listed.out.map((line) => line.split('\t'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([expect.any(String), 'CI bot', expect.any(String), expect.any(String)]);
    expect(rows.map((r) => r[1])).toContain('');
    const tooLong = await run([
      'tokens',
      'create',
      '--handle',
      'ada',
      '--device',
      'x'.repeat(101),
      '--db',
      url,
    ]);
    expect(tooLong.code).toBe(2);
    expect((await run(['tokens', 'list', '--handle', 'nobody', '--db', url])).code).toBe(1);
    await run(['tokens', 'revoke', '--handle', 'ada', '--db', url]);
    expect((await run(['tokens', 'list', '--handle', 'ada', '--db', url])).out).toEqual([]);
  });

  it('demo seeds an empty database once and prints a token per person', async () => {
    const seeded = await run(['demo', '--db', url]);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toHaveLength(DEMO_PEOPLE.length);
    const [handle, token] = seeded.out[0]!.split('\t');
    expect(handle).toBe(DEMO_PEOPLE[0]!.handle);
    const db = await connect(url);
    const app = await buildApp({ db, rateLimit: false });
    const res = await app.inject({
      url: '/v1/changes',
      headers: { authorization: `Bearer ${token}` },
    });
    const types = new Set((res.json().items as Array<{ type: string }>).map((c) => c.type));
    expect([...types].sort()).toEqual([
      'bookmark',
      'comment',
      'follow',
      'like',
      'person',
      'snippet',
      'status',
    ]);
    await app.close();
    await db.close();
    const again = await run(['demo', '--db', url]);
    expect(again.code).toBe(0);
    expect(again.out).toEqual([]);
    expect(again.err.join('\n')).toMatch(/already has people/);
  });

  it('backup copies a SQLite database (the copy opens with the data) and refuses PostgreSQL', async () => {
    const token = (await run(['users', 'add', '--handle', 'ada', '--name', 'Ada', '--db', url]))
      .out[0]!;
    if (dialect === 'postgres') {
      const refused = await run(['backup', '/tmp/never.db', '--db', url]);
      expect(refused.code).toBe(1);
      expect(refused.err.join('\n')).toMatch(/pg_dump/);
      return;
    }
    const copy = path.join(path.dirname(url), 'backup.db');
    const backed = await run(['backup', copy, '--db', url]);
    expect(backed.code).toBe(0);
    expect(existsSync(copy)).toBe(true);
    expect(await meStatus(copy, token)).toBe(200);
    expect((await run(['backup', copy, '--db', url])).code).toBe(1); // never overwrites
    expect((await run(['backup', '--db', url])).code).toBe(2);
  });
});

describe('backup FILE (SQLite)', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ url, drop } = await makeDbUrl('sqlite'));
    await run(['users', 'add', '--handle', 'ada', '--name', 'Ada', '--db', url]);
  });
  afterEach(async () => {
    await drop();
  });

  it('creates the copy readable by its owner only (0600), and leaves nothing else behind', async () => {
    const copy = path.join(path.dirname(url), 'backup.db');
    expect((await run(['backup', copy, '--db', url])).code).toBe(0);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect((await readdir(path.dirname(url))).filter((f) => f.includes('backup'))).toEqual([
      'backup.db',
    ]);
  });

  it('never writes through a symlink, dangling or not, and never overwrites', async () => {
    const dir = path.dirname(url);
    const elsewhere = path.join(dir, 'elsewhere.db');
    const dangling = path.join(dir, 'dangling.db');
    symlinkSync(elsewhere, dangling);
    const refused = await run(['backup', dangling, '--db', url]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/exists/);
    expect(existsSync(elsewhere)).toBe(false);
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readlinkSync(dangling)).toBe(elsewhere);

    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const linked = path.join(dir, 'linked.db');
    symlinkSync(victim, linked);
    expect((await run(['backup', linked, '--db', url])).code).toBe(1);
    expect(statSync(victim).size).toBe('keep me'.length);
    expect((await readdir(dir)).some((f) => f.startsWith('.outloud-backup-'))).toBe(false);
  });
});
