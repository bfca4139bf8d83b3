/** `tokens create --handle H` (prints the new token alone) and `tokens revoke --handle H`. */
import { createToken, revokeTokens } from '../../repos/users.ts';
import { type Command, parse, required, withDb } from '../command.ts';

export const tokensCreate: Command = {
  words: ['tokens', 'create'],
  usage: 'tokens create --handle HANDLE [--db DB]',
  summary: 'a new token for a person, printed alone on stdout (their other tokens keep working)',
  async run(args, io) {
    const { values } = parse(args, { handle: { type: 'string' } });
    const handle = required(values.handle, 'handle');
    return withDb(values.db, io, async (db) => {
      const token = await createToken(db, handle);
      if (!token) {
        io.err(`no person with the handle ${handle}`);
        return 1;
      }
      io.out(token);
      return 0;
    });
  },
};

export const tokensRevoke: Command = {
  words: ['tokens', 'revoke'],
  usage: 'tokens revoke --handle HANDLE [--db DB]',
  summary: 'revoke every token of a person; effective on their next request',
  async run(args, io) {
    const { values } = parse(args, { handle: { type: 'string' } });
    const handle = required(values.handle, 'handle');
    return withDb(values.db, io, async (db) => {
      const count = await revokeTokens(db, handle);
      io.err(`revoked ${count} token${count === 1 ? '' : 's'} of ${handle}`);
      return 0;
    });
  },
};
