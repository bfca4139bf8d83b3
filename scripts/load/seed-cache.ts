/**
 * The load run's seeded database, cached: seeding through the API (`seed.ts`) takes about a
 * minute for 1,000 people on a quiet machine (ten on a loaded one), and every run would do it
 * again. The first run with a given shape seeds once into a cache; each run then gets a fresh
 * copy of it, so runs start from the same data and never from what an earlier run wrote.
 *
 * - SQLite: the seeded file is kept in `TMPDIR` (`outloud-load-seed-v…-<shape>.db`, its
 *   `Seeded` — tokens, handles, page keys, item ids, end cursor — beside it as `.json`) and
 *   copied into a fresh directory for the run.
 * - PostgreSQL, on a cluster the script owns (`--pg`): the seed is a template database
 *   (`outloud_load_seed_v…_<shape>`, schema `load`) and the run gets `CREATE DATABASE … TEMPLATE`,
 *   a file-level copy that takes a second; the `Seeded` JSON is kept in `TMPDIR` beside it.
 * - PostgreSQL given with `--db`: a fresh schema in that database, seeded every time (creating
 *   databases there may not be allowed).
 *
 * `fresh` (`--fresh-seed`) seeds again even when a cached seed exists.
 */

import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/server/db/index.ts';
import { type Seeded, seed } from './seed.ts';

/** Bump when `seed.ts` changes what it writes, so a stale cached seed is not reused. */
export const SEED_VERSION = 1;

export type SeedShape = { people: number; perPerson: number; pages: number };

export type SeededDatabase = {
  /** The run's own database (a SQLite file or a PostgreSQL URL). */
  url: string;
  seeded: Seeded;
  /** How the data came: seeded now, or copied from the cache. */
  how: 'seeded' | 'cached' | 'seeded (not cached)';
  seconds: number;
  drop(): Promise<void>;
};

const shapeName = (s: SeedShape) => `${s.people}x${s.perPerson}_${s.pages}`;
const jsonFile = (name: string) => path.join(tmpdir(), `${name}.json`);

async function readSeeded(name: string): Promise<Seeded | null> {
  try {
    return JSON.parse(await readFile(jsonFile(name), 'utf8')) as Seeded;
  } catch {
    return null;
  }
}

async function writeSeeded(name: string, seeded: Seeded): Promise<void> {
  await writeFile(`${jsonFile(name)}.tmp`, JSON.stringify(seeded));
  await rename(`${jsonFile(name)}.tmp`, jsonFile(name));
}

/** Whether the cache for `shape` is there (without seeding it). */
export async function seedIsCached(
  shape: SeedShape,
  where: { pg?: string; ownCluster: boolean },
): Promise<boolean> {
  const name = `outloud-load-seed-v${SEED_VERSION}-${shapeName(shape)}`;
  if (!where.pg) return existsSync(path.join(tmpdir(), `${name}.db`)) && !!(await readSeeded(name));
  if (!where.ownCluster) return false;
  const template = name.replaceAll('-', '_');
  return (await templateExists(where.pg, template)) && !!(await readSeeded(template));
}

async function templateExists(adminUrl: string, template: string): Promise<boolean> {
  const admin = openDatabase(adminUrl, { poolSize: 1 });
  try {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_database WHERE datname = ${template}`.execute(admin.kysely);
    return (rows[0]?.n ?? 0) > 0;
  } finally {
    await admin.close();
  }
}

/** A database for one run, seeded with `shape` (from the cache when it can). */
export async function seededDatabase(
  shape: SeedShape,
  where: { pg?: string; ownCluster: boolean; fresh: boolean },
  log: (line: string) => void,
): Promise<SeededDatabase> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const name = `outloud-load-seed-v${SEED_VERSION}-${shapeName(shape)}`;

  if (!where.pg) {
    const cached = path.join(tmpdir(), `${name}.db`);
    let seeded = where.fresh ? null : await readSeeded(name);
    let how: SeededDatabase['how'] = 'cached';
    if (!seeded || !existsSync(cached)) {
      log(`seeding ${shape.people} people through the API into ${cached} (cached for later runs)…`);
      for (const ext of ['', '-wal', '-shm']) await rm(`${cached}.tmp${ext}`, { force: true });
      seeded = await seed(`${cached}.tmp`, shape);
      for (const ext of ['-wal', '-shm']) await rm(`${cached}${ext}`, { force: true });
      await rename(`${cached}.tmp`, cached);
      if (existsSync(`${cached}.tmp-wal`)) await rename(`${cached}.tmp-wal`, `${cached}-wal`);
      await rm(`${cached}.tmp-shm`, { force: true });
      await writeSeeded(name, seeded);
      how = 'seeded';
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'outloud-load-'));
    const url = path.join(dir, 'load.db');
    await copyFile(cached, url);
    if (existsSync(`${cached}-wal`)) await copyFile(`${cached}-wal`, `${url}-wal`);
    return {
      url,
      seeded,
      how,
      seconds: seconds(),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }

  const admin = openDatabase(where.pg, { poolSize: 1 });
  try {
    if (!where.ownCluster) {
      // Someone else's database: a fresh schema, seeded now.
      const schema = `load_${Date.now().toString(36)}`;
      await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.kysely);
      const url = new URL(where.pg);
      url.searchParams.set('schema', schema);
      const seeded = await seed(url.toString(), shape);
      return {
        url: url.toString(),
        seeded,
        how: 'seeded (not cached)',
        seconds: seconds(),
        async drop() {
          const again = openDatabase(where.pg!, { poolSize: 1 });
          await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(again.kysely);
          await again.close();
        },
      };
    }
    const template = name.replaceAll('-', '_');
    const at = (database: string, schema: string) => {
      const url = new URL(where.pg!);
      url.pathname = `/${database}`;
      url.searchParams.set('schema', schema);
      return url.toString();
    };
    let seeded = where.fresh ? null : await readSeeded(template);
    let how: SeededDatabase['how'] = 'cached';
    if (!seeded || !(await templateExists(where.pg, template))) {
      log(`seeding ${shape.people} people through the API into database ${template} (cached)…`);
      await sql.raw(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).execute(admin.kysely);
      await sql.raw(`CREATE DATABASE ${template}`).execute(admin.kysely);
      const inTemplate = openDatabase(at(template, 'public'), { poolSize: 1 });
      await sql.raw('CREATE SCHEMA load').execute(inTemplate.kysely);
      await inTemplate.close();
      seeded = await seed(at(template, 'load'), shape);
      await writeSeeded(template, seeded);
      how = 'seeded';
    }
    const database = `load_${Date.now().toString(36)}`;
    await sql.raw(`CREATE DATABASE ${database} TEMPLATE ${template}`).execute(admin.kysely);
    return {
      url: at(database, 'load'),
      seeded,
      how,
      seconds: seconds(),
      async drop() {
        const again = openDatabase(where.pg!, { poolSize: 1 });
        await sql.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).execute(again.kysely);
        await again.close();
      },
    };
  } finally {
    await admin.close();
  }
}
