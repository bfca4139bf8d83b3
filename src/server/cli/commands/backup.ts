/** `backup FILE`: a consistent copy of a running SQLite database (online backup API). */
import { existsSync } from 'node:fs';
import { isPostgresUrl, openDatabase } from '../../db/index.ts';
import { type Command, defaultDb, parse, UsageError } from '../command.ts';

export const backup: Command = {
  words: ['backup'],
  usage: 'backup FILE [--db DB]',
  summary: 'copy the SQLite database to FILE while the server runs (PostgreSQL: use pg_dump)',
  async run(args, io) {
    const { values, positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one backup FILE');
    const target = positionals[0]!;
    const source = values.db ?? defaultDb(io.env);
    if (isPostgresUrl(source)) {
      io.err('backup copies SQLite databases; for PostgreSQL use pg_dump');
      return 1;
    }
    if (source === ':memory:' || !existsSync(source)) {
      io.err(`no SQLite database at ${source}`);
      return 1;
    }
    if (existsSync(target)) {
      io.err(`${target} exists; choose a new file`);
      return 1;
    }
    const db = openDatabase(source);
    try {
      await db.sqlite!.backup(target);
    } finally {
      await db.close();
    }
    io.err(`backed up ${source} to ${target}`);
    return 0;
  },
};
