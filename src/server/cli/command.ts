/**
 * The shape of a CLI command and the helpers every command shares: its own output streams (so
 * tests capture them), option parsing with `--db`/`OUTLOUD_DB`, and opening the database.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { connect, type Db } from '../db/index.ts';

/** Where a command writes, and its environment. */
export type CliIo = {
  /** One line of result on stdout (tokens, the listening address). */
  out(line: string): void;
  /** One line of information or error on stderr. */
  err(line: string): void;
  env: Record<string, string | undefined>;
};

export type Command = {
  /** The words that select it: `['users', 'add']`. */
  words: string[];
  usage: string;
  summary: string;
  /** Runs with the arguments after the command words; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
};

/** A usage error: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}

/** The default database: `OUTLOUD_DB`, else `./data/outloud.db`. */
export function defaultDb(env: CliIo['env']): string {
  return env.OUTLOUD_DB ?? './data/outloud.db';
}

const DB_OPTION = { db: { type: 'string' } } as const;

/** Parses `args` with `options` plus `--db`; throws `UsageError` on anything unexpected. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args,
      options: { ...DB_OPTION, ...options },
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A required string option, or a `UsageError`. */
export function required(value: string | boolean | undefined, name: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** Opens (and migrates) the database a command's `--db` names, runs `fn`, closes it. */
export async function withDb<T>(
  url: string | undefined,
  io: CliIo,
  fn: (db: Db) => Promise<T>,
): Promise<T> {
  const db = await connect(url ?? defaultDb(io.env));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
