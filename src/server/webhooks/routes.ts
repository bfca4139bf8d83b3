/**
 * Webhook routes (issue 16). A person's hooks: `GET`/`POST /v1/webhooks`; the organisation's
 * (admins): `GET`/`POST /v1/admin/webhooks`; a group's (its owners and moderators, admins):
 * `GET`/`POST /v1/groups/{id}/webhooks`. Any hook the caller manages: `GET`/`DELETE
 * /v1/webhooks/{id}`, `POST /v1/webhooks/{id}/test` (queues a test event) and
 * `GET /v1/webhooks/{id}/deliveries` (the delivery log). The secret is in the creation answer
 * only. Who hears what: `events.ts`; where a hook may point: `address.ts`.
 */
import { Type } from 'typebox';
import { ErrorBody, Id } from '../../core/wire.ts';
import type { WebhookScope } from '../db/schema.ts';
import type { RouteApp } from '../routes/index.ts';
import { AUTH_ERRORS, IdParams, OBJECT_ERRORS } from '../routes/reply.ts';
import { MAX_URL_LENGTH } from './address.ts';
import { EVENTS, queueTestEvent } from './events.ts';
import {
  createHook,
  deleteHook,
  deliveryLog,
  type HookInput,
  hookableGroup,
  listHooks,
  managedHook,
  toWireDelivery,
  toWireHook,
} from './repo.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const EventName = Type.Union([
  Type.Literal('item.shared'),
  Type.Literal('status.question'),
  Type.Literal('mention'),
  Type.Literal('comment'),
]);
const Language = Type.Union([Type.Literal('en'), Type.Literal('sv')], {
  description: 'the language of chat messages (default en)',
});
const Format = Type.Union([Type.Literal('json'), Type.Literal('slack'), Type.Literal('teams')]);

/** What `POST` takes. */
export const WebhookInput = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH, description: 'http(s) URL' }),
    format: Format,
    events: Type.Array(EventName, { minItems: 1, maxItems: EVENTS.length, uniqueItems: true }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    lang: Type.Optional(Language),
  },
  { additionalProperties: false },
);

export const Webhook = Type.Object({
  id: Type.String(),
  scope: Type.Union([Type.Literal('person'), Type.Literal('org'), Type.Literal('group')]),
  groupId: Nullable(Type.String()),
  name: Type.String(),
  url: Type.String(),
  format: Format,
  lang: Language,
  events: Type.Array(EventName),
  createdBy: Type.String(),
  createdAt: Type.String(),
  failures: Type.Integer(),
  failing: Type.Boolean(),
  failingSince: Nullable(Type.String()),
});
const Created = Type.Object({
  webhook: Webhook,
  secret: Type.String({ description: 'the signing secret, shown this once' }),
});
const Webhooks = Type.Object({ webhooks: Type.Array(Webhook) });
const Delivery = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  event: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('delivered'),
    Type.Literal('failed'),
    Type.Literal('skipped'),
  ]),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  attemptedAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  nextAttemptAt: Nullable(Type.String()),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  error: Nullable(Type.String()),
});
const Deliveries = Type.Object({ deliveries: Type.Array(Delivery) });
const HookParams = Type.Object({ id: Id });
const TAGS = ['webhooks'];
const CREATE_ERRORS = { ...OBJECT_ERRORS, 409: ErrorBody } as const;

/** A person's hooks, a group's hooks, and every hook's own routes. */
export async function webhookRoutes(app: RouteApp): Promise<void> {
  const create = async (
    user: Parameters<typeof createHook>[1],
    scope: WebhookScope,
    groupId: string | null,
    body: HookInput,
  ) => {
    const row = await createHook(app.db.kysely, user, scope, groupId, body, app.webhooks.policy);
    return { webhook: toWireHook(row), secret: row.secret };
  };

  app.get(
    '/v1/webhooks',
    {
      schema: {
        summary: "The caller's own webhooks",
        tags: TAGS,
        response: { 200: Webhooks, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const rows = await listHooks(app.db.kysely, { scope: 'person', owner: request.user.handle });
      return { webhooks: rows.map(toWireHook) };
    },
  );
  app.post(
    '/v1/webhooks',
    {
      schema: {
        summary: 'Add a webhook of the caller (the answer holds its secret, shown once)',
        tags: TAGS,
        body: WebhookInput,
        response: { 201: Created, ...AUTH_ERRORS, 409: ErrorBody },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await create(request.user, 'person', null, request.body)),
  );
  app.get(
    '/v1/groups/:id/webhooks',
    {
      schema: {
        summary: "A group's webhooks (its owners and moderators, admins)",
        tags: TAGS,
        params: IdParams,
        response: { 200: Webhooks, ...OBJECT_ERRORS },
      },
    },
    async (request) => {
      await hookableGroup(app.db.kysely, request.user, request.params.id);
      const rows = await listHooks(app.db.kysely, { scope: 'group', groupId: request.params.id });
      return { webhooks: rows.map(toWireHook) };
    },
  );
  app.post(
    '/v1/groups/:id/webhooks',
    {
      schema: {
        summary: 'Add a webhook to a group (its owners and moderators, admins)',
        tags: TAGS,
        params: IdParams,
        body: WebhookInput,
        response: { 201: Created, ...CREATE_ERRORS },
      },
    },
    async (request, reply) => {
      await hookableGroup(app.db.kysely, request.user, request.params.id);
      return reply
        .code(201)
        .send(await create(request.user, 'group', request.params.id, request.body));
    },
  );
  app.get(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'A webhook the caller manages',
        tags: TAGS,
        params: HookParams,
        response: { 200: Webhook, ...OBJECT_ERRORS },
      },
    },
    async (request) =>
      toWireHook(await managedHook(app.db.kysely, request.user, request.params.id)),
  );
  app.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        summary: 'Delete a webhook the caller manages, with its delivery log',
        tags: TAGS,
        params: HookParams,
        response: { 204: Type.Null(), ...OBJECT_ERRORS },
      },
    },
    async (request, reply) => {
      const hook = await managedHook(app.db.kysely, request.user, request.params.id);
      await app.db.kysely.transaction().execute((trx) => deleteHook(trx, hook.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/v1/webhooks/:id/test',
    {
      schema: {
        summary: 'Queue a test event for a webhook the caller manages',
        tags: TAGS,
        params: HookParams,
        response: { 202: Type.Object({ eventId: Type.String() }), ...OBJECT_ERRORS },
      },
    },
    async (request, reply) => {
      const hook = await managedHook(app.db.kysely, request.user, request.params.id);
      const eventId = await queueTestEvent(
        app.db.kysely,
        hook,
        request.user.handle,
        new Date().toISOString(),
      );
      return reply.code(202).send({ eventId });
    },
  );
  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        summary: "A webhook's delivery log, newest first (the last 50)",
        tags: TAGS,
        params: HookParams,
        response: { 200: Deliveries, ...OBJECT_ERRORS },
      },
    },
    async (request) => {
      const hook = await managedHook(app.db.kysely, request.user, request.params.id);
      return { deliveries: (await deliveryLog(app.db.kysely, hook.id)).map(toWireDelivery) };
    },
  );
}

/** The organisation's hooks (inside the admin guard). */
export async function adminWebhookRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/admin/webhooks',
    {
      schema: {
        summary: "The organisation's webhooks (admins)",
        tags: TAGS,
        response: { 200: Webhooks, ...AUTH_ERRORS, 403: ErrorBody },
      },
    },
    async () => ({ webhooks: (await listHooks(app.db.kysely, { scope: 'org' })).map(toWireHook) }),
  );
  app.post(
    '/v1/admin/webhooks',
    {
      schema: {
        summary: 'Add an organisation webhook (admins; the answer holds its secret, shown once)',
        tags: TAGS,
        body: WebhookInput,
        response: { 201: Created, ...AUTH_ERRORS, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const row = await createHook(
        app.db.kysely,
        request.user,
        'org',
        null,
        request.body,
        app.webhooks.policy,
      );
      return reply.code(201).send({ webhook: toWireHook(row), secret: row.secret });
    },
  );
}
