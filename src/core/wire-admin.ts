/**
 * Wire schemas of people administration (`/v1/admin/*`, admins only): the audit log, the people
 * list, deactivation, handle and role changes. Same conventions as `wire.ts`.
 */
import { type Static, Type } from 'typebox';
import { Handle, Timestamp } from './wire.ts';

// ---- audit log -------------------------------------------------------------------------------

/** An action name: lowercase words joined by dots (`person.deactivate`). */
export const AuditAction = Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$', maxLength: 64 });

export const AuditQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    actor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'a handle, or `cli`' }),
    ),
    target: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'a handle or an object id' }),
    ),
    action: Type.Optional(AuditAction),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actor: Type.String({ description: 'the handle that acted, or `cli` for the command line' }),
  action: Type.String({ description: 'e.g. `person.deactivate`, `person.rename`' }),
  target: Type.String({ description: 'what it was done to: a handle, an item or group id' }),
  detail: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the action’s particulars (old and new values)',
  }),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry),
  cursor: Type.String({ description: 'pass back as `cursor` for older entries' }),
  hasMore: Type.Boolean(),
});
export type AuditPage = Static<typeof AuditPage>;

// ---- people ----------------------------------------------------------------------------------

export const Role = Type.Union([Type.Literal('member'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

export const AdminPeopleQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('deactivated'), Type.Literal('all')], {
        default: 'all',
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type AdminPeopleQuery = Static<typeof AdminPeopleQuery>;

/** A person as admins see them. */
export const AdminPerson = Type.Object({
  handle: Handle,
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  createdAt: Timestamp,
  deactivatedAt: Type.Union([Timestamp, Type.Null()]),
  lastActiveAt: Type.Union([Timestamp, Type.Null()], {
    description: 'the latest of their devices’ last use and their items’ last write',
  }),
  devices: Type.Integer({ description: 'live devices (tokens)' }),
});
export type AdminPerson = Static<typeof AdminPerson>;

export const AdminPeoplePage = Type.Object({
  people: Type.Array(AdminPerson, { description: 'by handle' }),
  cursor: Type.String({ description: 'pass back as `cursor` for the next people' }),
  hasMore: Type.Boolean(),
});
export type AdminPeoplePage = Static<typeof AdminPeoplePage>;

export const HandleInput = Type.Object({ handle: Handle }, { additionalProperties: false });
export type HandleInput = Static<typeof HandleInput>;

export const RoleInput = Type.Object({ role: Role }, { additionalProperties: false });
export type RoleInput = Static<typeof RoleInput>;
