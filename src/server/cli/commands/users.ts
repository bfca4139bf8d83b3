/**
 * `users add --handle H --name N [--admin]`: adds a person and prints their token alone on
 * stdout. `users list|promote|demote|deactivate|reactivate|rename`: people administration from
 * the command line, written to the audit log with the actor `cli`.
 */
import { HANDLE_PATTERN, LIMITS } from '../../../core/wire.ts';
import { errorResponse } from '../../errors.ts';
import { audit, CLI_ACTOR } from '../../repos/audit.ts';
import {
  deactivate,
  listPeople,
  type PeopleStatus,
  reactivate,
  rename,
  setRole,
} from '../../repos/people-admin.ts';
import { addUser, findUser } from '../../repos/users.ts';
import { type CliIo, type Command, parse, required, UsageError, withDb } from '../command.ts';

export const usersAdd: Command = {
  words: ['users', 'add'],
  usage: 'users add --handle HANDLE --name "NAME" [--admin] [--db DB]',
  summary: 'add a person (an admin with --admin); prints their token (shown once) on stdout',
  async run(args, io) {
    const { values } = parse(args, {
      handle: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean' },
    });
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
      const role = values.admin ? 'admin' : 'member';
      const token = await addUser(db, handle, name, undefined, role);
      if (role === 'admin') {
        await audit(db.kysely, {
          actor: CLI_ACTOR,
          action: 'person.add',
          target: handle,
          detail: { role },
        });
      }
      io.out(token);
      return 0;
    });
  },
};

/** A handle given as a positional argument, or a `UsageError`. */
function handleArg(value: string | undefined, what = 'HANDLE'): string {
  if (value === undefined || !new RegExp(HANDLE_PATTERN).test(value)) {
    throw new UsageError(`${what} must be 1–40 of a-z 0-9 _ . -`);
  }
  return value;
}

/** Runs an admin action, printing a refusal (unknown person, last admin, taken handle). */
async function act(io: CliIo, fn: () => Promise<string>): Promise<number> {
  try {
    io.err(await fn());
    return 0;
  } catch (error) {
    const { status, body } = errorResponse(error);
    if (status >= 500) throw error;
    io.err(body.error.message);
    return 1;
  }
}

/** A command `users <verb> HANDLE` running `fn` as the CLI actor. */
function personCommand(
  verb: string,
  summary: string,
  fn: (db: Parameters<Parameters<typeof withDb>[2]>[0], handle: string) => Promise<string>,
): Command {
  return {
    words: ['users', verb],
    usage: `users ${verb} HANDLE [--db DB]`,
    summary,
    async run(args, io) {
      const { values, positionals } = parse(args, {}, true);
      if (positionals.length !== 1) throw new UsageError('give exactly one HANDLE');
      const handle = handleArg(positionals[0]);
      return withDb(values.db, io, (db) => act(io, () => fn(db, handle)));
    },
  };
}

export const usersPromote = personCommand('promote', 'make a person an admin', async (db, h) => {
  await setRole(db, CLI_ACTOR, h, 'admin');
  return `${h} is an admin`;
});

export const usersDemote = personCommand(
  'demote',
  'make an admin a member (never the last active admin)',
  async (db, h) => {
    await setRole(db, CLI_ACTOR, h, 'member');
    return `${h} is a member`;
  },
);

export const usersDeactivate = personCommand(
  'deactivate',
  'revoke every device of a person and refuse their sign-in; their items stay',
  async (db, h) => {
    await deactivate(db, CLI_ACTOR, h);
    return `${h} is deactivated`;
  },
);

export const usersReactivate = personCommand(
  'reactivate',
  'let a deactivated person sign in again (old devices stay revoked)',
  async (db, h) => {
    await reactivate(db, CLI_ACTOR, h);
    return `${h} is active`;
  },
);

export const usersRename: Command = {
  words: ['users', 'rename'],
  usage: 'users rename OLD NEW [--db DB]',
  summary: 'change a handle; the old one keeps working in mentions and links',
  async run(args, io) {
    const { values, positionals } = parse(args, {}, true);
    if (positionals.length !== 2) throw new UsageError('give OLD and NEW');
    const from = handleArg(positionals[0], 'OLD');
    const to = handleArg(positionals[1], 'NEW');
    return withDb(values.db, io, (db) =>
      act(io, async () => {
        await rename(db, CLI_ACTOR, from, to);
        return `${from} is now ${to}`;
      }),
    );
  },
};

export const usersList: Command = {
  words: ['users', 'list'],
  usage: 'users list [--status active|deactivated|all] [--db DB]',
  summary: 'everyone by handle: handle, name, role, status, last activity, devices (tab-separated)',
  async run(args, io) {
    const { values } = parse(args, { status: { type: 'string' } });
    const status = (values.status ?? 'all') as PeopleStatus;
    if (!['active', 'deactivated', 'all'].includes(status)) {
      throw new UsageError('--status must be active, deactivated or all');
    }
    return withDb(values.db, io, async (db) => {
      let after = '';
      for (;;) {
        const page = await listPeople(db, status, after, 500);
        for (const p of page.people) {
          io.out(
            [
              p.handle,
              p.name,
              p.role,
              p.deactivated_at ? `deactivated ${p.deactivated_at}` : 'active',
              p.last_active_at ?? '-',
              String(p.devices),
            ].join('\t'),
          );
        }
        if (!page.hasMore) return 0;
        after = page.people.at(-1)!.handle;
      }
    });
  },
};
