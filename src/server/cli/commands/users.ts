/** `users add --handle H --name N`: adds a person and prints their token alone on stdout. */
import { HANDLE_PATTERN, LIMITS } from '../../../core/wire.ts';
import { addUser, findUser } from '../../repos/users.ts';
import { type Command, parse, required, UsageError, withDb } from '../command.ts';

export const usersAdd: Command = {
  words: ['users', 'add'],
  usage: 'users add --handle HANDLE --name "NAME" [--db DB]',
  summary: 'add a person; prints their token (shown once) alone on stdout',
  async run(args, io) {
    const { values } = parse(args, { handle: { type: 'string' }, name: { type: 'string' } });
    const handle = required(values.handle, 'handle');
    const name = required(values.name, 'name').trim();
    if (!new RegExp(HANDLE_PATTERN).test(handle)) {
      throw new UsageError('--handle must be 1–40 of a-z 0-9 _ . -');
    }
    if (name === '' || name.length > LIMITS.name)
      throw new UsageError('--name must be 1–200 characters');
    return withDb(values.db, io, async (db) => {
      if (await findUser(db.kysely, handle)) {
        io.err(`a person with the handle ${handle} exists already`);
        return 1;
      }
      io.out(await addUser(db, handle, name));
      return 0;
    });
  },
};
