/**
 * `import --handle H FILE.html` and `export --handle H [--out FILE]`: a person's bookmarks from
 * and to a Netscape bookmark file, through the same handlers as `POST /v1/import/bookmarks` and
 * `GET /v1/export/bookmarks.html` (so imports are idempotent and reach `/v1/changes`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Db } from '../../db/open.ts';
import type { UserRow } from '../../db/schema.ts';
import { exportBookmarks, importBookmarks } from '../../handlers/transfer.ts';
import { findUser } from '../../repos/users.ts';
import { type CliIo, type Command, parse, required, UsageError, withDb } from '../command.ts';

/** Runs `fn` as the person `handle`, or reports that there is no such person (exit 1). */
async function asPerson(
  db: Db,
  handle: string,
  io: CliIo,
  fn: (user: UserRow) => Promise<number>,
): Promise<number> {
  const user = await findUser(db.kysely, handle);
  if (!user) {
    io.err(`no person with the handle ${handle}`);
    return 1;
  }
  return fn(user);
}

export const importCommand: Command = {
  words: ['import'],
  usage: 'import --handle HANDLE FILE.html [--private] [--folders-as-tags] [--db DB]',
  summary: 'import a Netscape bookmark file as HANDLE’s bookmarks; prints the summary as JSON',
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        handle: { type: 'string' },
        private: { type: 'boolean' },
        'folders-as-tags': { type: 'boolean' },
      },
      true,
    );
    const handle = required(values.handle, 'handle');
    if (positionals.length !== 1) throw new UsageError('give exactly one bookmark FILE');
    const html = await readFile(positionals[0]!, 'utf8');
    return withDb(values.db, io, (db) =>
      asPerson(db, handle, io, async (user) => {
        const summary = await importBookmarks({ db, user }, html, {
          visibility: values.private ? 'private' : undefined,
          foldersAsTags: values['folders-as-tags'] === true,
        });
        io.out(JSON.stringify(summary));
        io.err(
          `${handle}: ${summary.imported} imported, ${summary.existing} already bookmarked, ` +
            `${summary.refused.length} refused`,
        );
        for (const r of summary.refused) io.err(`  refused ${r.url}: ${r.reason}`);
        return 0;
      }),
    );
  },
};

export const exportCommand: Command = {
  words: ['export'],
  usage: 'export --handle HANDLE [--out FILE] [--db DB]',
  summary: 'write HANDLE’s bookmarks as a Netscape bookmark file to stdout or FILE',
  async run(args, io) {
    const { values } = parse(args, { handle: { type: 'string' }, out: { type: 'string' } });
    const handle = required(values.handle, 'handle');
    return withDb(values.db, io, (db) =>
      asPerson(db, handle, io, async (user) => {
        const html = await exportBookmarks({ db, user });
        if (values.out) {
          await writeFile(values.out, html, 'utf8');
          io.err(`wrote ${handle}’s bookmarks to ${values.out}`);
        } else {
          io.out(html.replace(/\n$/, ''));
        }
        return 0;
      }),
    );
  },
};
