/**
 * `tokens create --handle H [--device NAME]` (prints the new token alone), `tokens list
 * --handle H` (the live devices) and `tokens revoke --handle H`.
 */
import {
  createDeviceToken,
  DEVICE_NAME_MAX,
  findUser,
  listDevices,
  revokeTokens,
} from '../../repos/users.ts';
import { type Command, parse, required, withDb } from '../command.ts';

export const tokensCreate: Command = {
  words: ['tokens', 'create'],
  usage: 'tokens create --handle HANDLE [--device NAME] [--db DB]',
  summary:
    'a new token (a device, named by --device) for a person, printed alone on stdout (their ' +
    'other tokens keep working)',
  async run(args, io) {
    const { values } = parse(args, { handle: { type: 'string' }, device: { type: 'string' } });
    const handle = required(values.handle, 'handle');
    const device = values.device?.trim() ?? '';
    if (device.length > DEVICE_NAME_MAX) {
      io.err(`--device is at most ${DEVICE_NAME_MAX} characters`);
      return 2;
    }
    return withDb(values.db, io, async (db) => {
      if (!(await findUser(db.kysely, handle))) {
        io.err(`no person with the handle ${handle}`);
        return 1;
      }
      io.out((await createDeviceToken(db, handle, device)).token);
      return 0;
    });
  },
};

export const tokensList: Command = {
  words: ['tokens', 'list'],
  usage: 'tokens list --handle HANDLE [--db DB]',
  summary:
    "a person's live devices, newest first: id, device name, created, last used (tab-separated)",
  async run(args, io) {
    const { values } = parse(args, { handle: { type: 'string' } });
    const handle = required(values.handle, 'handle');
    return withDb(values.db, io, async (db) => {
      if (!(await findUser(db.kysely, handle))) {
        io.err(`no person with the handle ${handle}`);
        return 1;
      }
      const maxAge = Number(io.env.OUTLOUD_TOKEN_MAX_AGE_DAYS) || null;
      for (const d of await listDevices(db, handle, maxAge)) {
        io.out([d.id, d.name, d.createdAt, d.lastUsedAt ?? '-'].join('\t'));
      }
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
