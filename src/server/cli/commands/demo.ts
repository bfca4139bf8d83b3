/**
 * `demo`: when the database has no people, seeds the demo organisation through the same
 * handlers the API uses and prints `handle<TAB>token` per person; otherwise says so and changes
 * nothing.
 */
import { uuidv7 } from '../../../core/ids.ts';
import type { Db } from '../../db/open.ts';
import type { UserRow } from '../../db/schema.ts';
import { putBookmark } from '../../handlers/bookmarks.ts';
import { putComment } from '../../handlers/comments.ts';
import type { HandlerContext, Outcome } from '../../handlers/context.ts';
import { putFollow } from '../../handlers/follows.ts';
import { putLike } from '../../handlers/likes.ts';
import { putSnippet } from '../../handlers/snippets.ts';
import { putStatus } from '../../handlers/statuses.ts';
import { addUser, findUser, isEmpty } from '../../repos/users.ts';
import { type Command, parse, withDb } from '../command.ts';
import {
  DEMO_BOOKMARKS,
  DEMO_COMMENTS,
  DEMO_LIKES,
  DEMO_PEOPLE,
  DEMO_SNIPPETS,
  DEMO_STATUSES,
} from '../demo-data.ts';

function expectOk(outcome: Outcome, what: string): void {
  if (outcome.status >= 300) throw new Error(`demo: ${what} answered ${outcome.status}`);
}

/** Seeds the demo organisation into an empty database; returns each person's token. */
export async function seedDemo(db: Db): Promise<Array<{ handle: string; token: string }>> {
  const tokens: Array<{ handle: string; token: string }> = [];
  const users = new Map<string, UserRow>();
  for (const person of DEMO_PEOPLE) {
    tokens.push({ handle: person.handle, token: await addUser(db, person.handle, person.name) });
    users.set(person.handle, (await findUser(db.kysely, person.handle))!);
  }
  const as = (handle: string): HandlerContext => ({ db, user: users.get(handle)! });
  // Everyone follows the next five people round the circle, so networks overlap.
  for (const [i, person] of DEMO_PEOPLE.entries()) {
    for (let k = 1; k <= 5; k++) {
      const other = DEMO_PEOPLE[(i + k) % DEMO_PEOPLE.length]!;
      expectOk(await putFollow(as(person.handle), other.handle), 'follow');
    }
  }
  for (const b of DEMO_BOOKMARKS) {
    const { by, ...input } = b;
    expectOk(await putBookmark(as(by), uuidv7(), input), `bookmark ${b.url}`);
  }
  const ids = new Map<string, string>();
  for (const [i, s] of DEMO_SNIPPETS.entries()) {
    const id = uuidv7();
    ids.set(`n${i}`, id);
    const input = { url: s.url, title: s.title, quote: { exact: s.exact }, comment: s.comment };
    expectOk(await putSnippet(as(s.by), id, input), `snippet ${s.url}`);
  }
  for (const [i, s] of DEMO_STATUSES.entries()) {
    const id = uuidv7();
    ids.set(`s${i}`, id);
    const { by, ...input } = s;
    expectOk(await putStatus(as(by), id, input), 'status');
  }
  for (const c of DEMO_COMMENTS) {
    const input = { targetId: ids.get(c.on)!, text: c.text };
    expectOk(await putComment(as(c.by), uuidv7(), input), 'comment');
  }
  for (const l of DEMO_LIKES) expectOk(await putLike(as(l.by), ids.get(l.on)!), 'like');
  return tokens;
}

export const demo: Command = {
  words: ['demo'],
  usage: 'demo [--db DB]',
  summary: 'seed a demo organisation into an empty database and print each token',
  async run(args, io) {
    const { values } = parse(args, {});
    return withDb(values.db, io, async (db) => {
      if (!(await isEmpty(db))) {
        io.err('the database already has people; demo data is only added to an empty database');
        return 0;
      }
      const tokens = await seedDemo(db);
      io.err(`added ${tokens.length} demo people; their tokens (shown once):`);
      for (const { handle, token } of tokens) io.out(`${handle}\t${token}`);
      return 0;
    });
  },
};
