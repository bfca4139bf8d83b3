/** The directory: people by handle or name prefix, for @mention autocomplete. */
import { type Kysely, sql } from 'kysely';
import type { Person } from '../../core/wire.ts';
import type { Database } from '../db/schema.ts';
import { toPerson } from './users.ts';

/** `text` with LIKE's wildcards escaped (escape character `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * People whose handle starts with `q`, or whose name or a word of it does (case-insensitive),
 * handle matches first, then by handle; everyone (by handle) when `q` is empty.
 */
export async function searchPeople(
  q: Kysely<Database>,
  query: string,
  limit: number,
): Promise<Person[]> {
  const text = query.trim().toLowerCase().replace(/^@/, '');
  let select = q.selectFrom('users').selectAll();
  if (text !== '') {
    const prefix = `${escapeLike(text)}%`;
    const wordPrefix = `% ${escapeLike(text)}%`;
    const like = (column: string, pattern: string) =>
      sql<boolean>`lower(${sql.ref(column)}) LIKE ${pattern} ESCAPE '\\'`;
    select = select
      .where(
        sql<boolean>`(${like('handle', prefix)} OR ${like('name', prefix)} OR ${like('name', wordPrefix)})`,
      )
      .orderBy(sql`CASE WHEN ${like('handle', prefix)} THEN 0 ELSE 1 END`);
  }
  const rows = await select.orderBy('handle').limit(limit).execute();
  return rows.map(toPerson);
}
