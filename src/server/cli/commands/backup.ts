/**
 * `backup FILE`: a consistent copy of a running SQLite database (online backup API), readable
 * by its owner only. FILE is claimed first with an exclusive create (`wx`, mode 0600), which
 * refuses an existing file and any symlink, dangling or not, in one step: nothing is written
 * through a link and no check-then-write race is left. SQLite writes the copy in a private
 * directory beside FILE (mode 0700) and the finished copy is renamed onto the claimed name.
 */
import { closeSync, existsSync, fstatSync, lstatSync, openSync } from 'node:fs';
import { chmod, mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isPostgresUrl, openDatabase } from '../../db/index.ts';
import { type Command, defaultDb, parse, UsageError } from '../command.ts';

/** Claims `target` exclusively (0600), or says why not. */
function claim(target: string): { fd: number } | { refused: string } {
  try {
    return { fd: openSync(target, 'wx', 0o600) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { refused: `${target} exists; choose a new file` };
    return { refused: `cannot create ${target}: ${(error as Error).message}` };
  }
}

/** Removes `target` if it is still the file `fd` claimed (not something put there since). */
async function unclaim(target: string, fd: number): Promise<void> {
  const ours = fstatSync(fd);
  try {
    const there = lstatSync(target);
    if (there.ino === ours.ino && there.dev === ours.dev) await unlink(target);
  } catch {
    // Already gone.
  }
}

export const backup: Command = {
  words: ['backup'],
  usage: 'backup FILE [--db DB]',
  summary:
    'copy the SQLite database to a new FILE (mode 0600) while the server runs (PostgreSQL: use pg_dump)',
  async run(args, io) {
    const { values, positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one backup FILE');
    const target = path.resolve(positionals[0]!);
    const source = values.db ?? defaultDb(io.env);
    if (isPostgresUrl(source)) {
      io.err('backup copies SQLite databases; for PostgreSQL use pg_dump');
      return 1;
    }
    if (source === ':memory:' || !existsSync(source)) {
      io.err(`no SQLite database at ${source}`);
      return 1;
    }
    const claimed = claim(target);
    if ('refused' in claimed) {
      io.err(claimed.refused);
      return 1;
    }
    const work = await mkdtemp(path.join(path.dirname(target), '.outloud-backup-'));
    let done = false;
    try {
      const copy = path.join(work, 'copy.db');
      const db = openDatabase(source);
      try {
        await db.sqlite!.backup(copy);
      } finally {
        await db.close();
      }
      await chmod(copy, 0o600);
      // rename replaces the directory entry itself: never followed, even if swapped meanwhile.
      await rename(copy, target);
      done = true;
    } finally {
      if (!done) await unclaim(target, claimed.fd);
      closeSync(claimed.fd);
      await rm(work, { recursive: true, force: true });
    }
    io.err(`backed up ${source} to ${target} (readable by its owner only)`);
    return 0;
  },
};
