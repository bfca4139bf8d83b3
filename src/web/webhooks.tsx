/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * The "Webhooks" section of `/settings` and its forms: the signed-in person's webhooks (and, for
 * admins, the organisation's) with their format, events and state (failing since when), a form
 * to add one (its secret shown once, in the answer), and per hook "Send a test event", "Delete"
 * and its delivery log (`/settings/webhooks/{id}`: status, time, response code, error). The
 * rules are the API's (`src/server/webhooks/`): the same checks, the same 404 for a hook one
 * does not manage. Every form carries the session's CSRF token (`kit.formSession`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { isUuid } from '../core/ids.ts';
import type { DeliveryRow, WebhookRow } from '../server/db/schema.ts';
import { HttpError } from '../server/errors.ts';
import type { WebSession } from '../server/repos/web-sessions.ts';
import type { RouteApp } from '../server/routes/index.ts';
import { MAX_URL_LENGTH } from '../server/webhooks/address.ts';
import {
  EVENTS,
  hookEvents,
  queueTestEvent,
  SCOPE_EVENTS,
  type WebhookEvent,
} from '../server/webhooks/events.ts';
import {
  createHook,
  deleteHook,
  deliveryLog,
  listHooks,
  managedHook,
} from '../server/webhooks/repo.ts';
import type { WebKit } from './kit.ts';
import { Csrf, groupPath, Layout, type PageContext } from './views.tsx';

/** What a webhook form left for the settings page to show. */
export type WebhookShown = { created?: { name: string; secret: string }; error?: string };

const FORMATS = ['json', 'slack', 'teams'] as const;
const NAME_MAX = 100;

const EVENT_WORDS: Record<WebhookEvent, string> = {
  'item.shared': 'webWebhookEventShared',
  'status.question': 'webWebhookEventQuestion',
  mention: 'webWebhookEventMention',
  comment: 'webWebhookEventComment',
};
const FORMAT_WORDS: Record<(typeof FORMATS)[number], string> = {
  json: 'webWebhookFormatJson',
  slack: 'webWebhookFormatSlack',
  teams: 'webWebhookFormatTeams',
};
const STATUS_WORDS: Record<DeliveryRow['status'], string> = {
  pending: 'webWebhookPending',
  delivered: 'webWebhookDelivered',
  failed: 'webWebhookGaveUp',
  skipped: 'webWebhookSkipped',
};

const AddBody = Type.Object(
  {
    csrf: Type.Optional(Type.String({ maxLength: 100 })),
    name: Type.Optional(Type.String({ maxLength: NAME_MAX * 2 })),
    url: Type.String({ maxLength: MAX_URL_LENGTH * 2 }),
    format: Type.Optional(Type.String({ maxLength: 20 })),
    events: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 40 }),
        Type.Array(Type.String({ maxLength: 40 }), { maxItems: 8 }),
      ]),
    ),
    scope: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);
const CsrfOnly = Type.Object(
  { csrf: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) });

function When({ ctx, at }: { ctx: PageContext; at: string }) {
  return <time dateTime={at}>{ctx.w.time(at)}</time>;
}

/** A hook's address as the list shows it: scheme, host and path, no query (it may hold a key). */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.length > 24 ? `${u.pathname.slice(0, 24)}…` : u.pathname;
    return `${u.protocol}//${u.host}${path}${u.search ? '?…' : ''}`;
  } catch {
    return url.slice(0, 40);
  }
}

function HookItem({ ctx, hook }: { ctx: PageContext; hook: WebhookRow }) {
  const { w } = ctx;
  const label = hook.name || shownUrl(hook.url);
  return (
    <li class="item">
      <p>
        <strong>
          <bdi>{label}</bdi>
        </strong>
        {hook.scope === 'org' && ` · ${w.t('webWebhookOrg')}`}
      </p>
      <p class="meta">
        <bdi>{shownUrl(hook.url)}</bdi>
        {' · '}
        {w.t(FORMAT_WORDS[hook.format])}
        {' · '}
        {hookEvents(hook)
          .map((e) => w.t(EVENT_WORDS[e]))
          .join(', ')}
      </p>
      {hook.failing_since ? (
        <p class="error">
          {w.t('webWebhookFailing')} <When ctx={ctx} at={hook.failing_since} />
        </p>
      ) : (
        <p class="meta">{w.t('webWebhookHealthy')}</p>
      )}
      <div class="actions">
        <a href={`/settings/webhooks/${hook.id}`} aria-label={w.t('webWebhookLogNamed', label)}>
          {w.t('webWebhookLog')}
        </a>
        <form class="inline" method="post" action={`/settings/webhooks/${hook.id}/test`}>
          <Csrf token={ctx.csrf} />
          <button class="secondary" type="submit" aria-label={w.t('webWebhookTestNamed', label)}>
            {w.t('webWebhookTest')}
          </button>
        </form>
        <form class="inline" method="post" action={`/settings/webhooks/${hook.id}/delete`}>
          <Csrf token={ctx.csrf} />
          <button class="secondary" type="submit" aria-label={w.t('webWebhookDeleteNamed', label)}>
            {w.t('webWebhookDelete')}
          </button>
        </form>
      </div>
    </li>
  );
}

/** Where a hook's page and forms send one back: its group's page, or the settings page. */
export function hookHome(hook: WebhookRow): string {
  return hook.scope === 'group' && hook.group_id ? groupPath(hook.group_id) : '/settings';
}

/**
 * The section's body: intro, a new hook's secret, the list, and the form to add one. On
 * `/settings` (no `group`) a person's hooks, and the organisation's for admins; on a group's
 * page (`group` its id) the group's, with the events a group hook may hear.
 */
export function WebhooksSection(props: {
  ctx: PageContext;
  hooks: readonly WebhookRow[];
  admin: boolean;
  shown?: WebhookShown;
  group?: string;
}) {
  const { ctx, shown, group } = props;
  const { w } = ctx;
  const events = group ? SCOPE_EVENTS.group : EVENTS;
  return (
    <>
      <p>{w.t(group ? 'webGroupWebhooksIntro' : 'webWebhooksIntro')}</p>
      {shown?.created && (
        <div class="notice" role="status">
          <p>{w.t('webWebhookCreated', shown.created.name)}</p>
          <p>
            <label for="webhook-secret">{w.t('webWebhookSecret')}</label>
            <input id="webhook-secret" type="text" readOnly value={shown.created.secret} />
          </p>
        </div>
      )}
      {props.hooks.length === 0 ? (
        <p class="hint">{w.t(group ? 'webGroupWebhooksNone' : 'webWebhooksNone')}</p>
      ) : (
        <ul class="plain" aria-label={w.t(group ? 'webGroupWebhooksLabel' : 'webWebhooksLabel')}>
          {props.hooks.map((hook) => (
            <HookItem key={hook.id} ctx={ctx} hook={hook} />
          ))}
        </ul>
      )}
      <form method="post" action={group ? `${groupPath(group)}/webhooks` : '/settings/webhooks'}>
        <Csrf token={ctx.csrf} />
        <h3>{w.t('webWebhookAdd')}</h3>
        {shown?.error && (
          <p class="error" id="webhook-error" role="alert">
            {shown.error}
          </p>
        )}
        <label for="webhook-url">{w.t('webWebhookUrl')}</label>
        <input
          id="webhook-url"
          name="url"
          type="url"
          required
          maxLength={MAX_URL_LENGTH}
          aria-describedby={shown?.error ? 'webhook-error' : 'webhook-url-hint'}
          aria-invalid={shown?.error ? 'true' : undefined}
        />
        <p class="hint" id="webhook-url-hint">
          {w.t('webWebhookUrlHint')}
        </p>
        <label for="webhook-name">{w.t('webWebhookName')}</label>
        <input id="webhook-name" name="name" type="text" maxLength={NAME_MAX} />
        <label for="webhook-format">{w.t('webWebhookFormat')}</label>
        <select id="webhook-format" name="format">
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {w.t(FORMAT_WORDS[f])}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{w.t('webWebhookEvents')}</legend>
          {events.map((e) => (
            <label class="check" key={e}>
              <input type="checkbox" name="events" value={e} checked={e !== 'comment'} />
              {w.t(EVENT_WORDS[e])}
            </label>
          ))}
        </fieldset>
        {props.admin && !group && (
          <fieldset>
            <legend>{w.t('webWebhookFor')}</legend>
            <label class="check">
              <input type="radio" name="scope" value="person" checked />
              {w.t('webWebhookForMe')}
            </label>
            <label class="check">
              <input type="radio" name="scope" value="org" />
              {w.t('webWebhookForOrg')}
            </label>
          </fieldset>
        )}
        <p>
          <button type="submit">{w.t('webWebhookCreate')}</button>
        </p>
      </form>
    </>
  );
}

/** The hooks the section lists for `session`: their own, and the organisation's for admins. */
export async function sectionHooks(app: RouteApp, session: WebSession): Promise<WebhookRow[]> {
  const own = await listHooks(app.db.kysely, { scope: 'person', owner: session.user.handle });
  if (session.user.role !== 'admin') return own;
  return [...own, ...(await listHooks(app.db.kysely, { scope: 'org' }))];
}

function LogPage(props: { ctx: PageContext; hook: WebhookRow; log: readonly DeliveryRow[] }) {
  const { ctx, hook } = props;
  const { w } = ctx;
  const label = hook.name || shownUrl(hook.url);
  return (
    <Layout ctx={ctx} title={w.t('webWebhookLogTitle', label)}>
      <h1>
        <bdi>{w.t('webWebhookLogTitle', label)}</bdi>
      </h1>
      {hook.failing_since && (
        <p class="error">
          {w.t('webWebhookFailing')} <When ctx={ctx} at={hook.failing_since} />
        </p>
      )}
      {props.log.length === 0 ? (
        <p class="hint">{w.t('webWebhookLogEmpty')}</p>
      ) : (
        <table class="log">
          <caption>{w.t('webWebhookLogCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{w.t('webWebhookLogEvent')}</th>
              <th scope="col">{w.t('webWebhookLogStatus')}</th>
              <th scope="col">{w.t('webWebhookLogTime')}</th>
              <th scope="col">{w.t('webWebhookLogCode')}</th>
            </tr>
          </thead>
          <tbody>
            {props.log.map((d) => (
              <tr key={d.id}>
                <td>{d.event}</td>
                <td>
                  {w.t(STATUS_WORDS[d.status])}
                  {d.attempts > 1 && ` (${w.count('webWebhookAttempts', d.attempts)})`}
                  {d.error && <span class="meta"> · {d.error}</span>}
                </td>
                <td>
                  <When ctx={ctx} at={d.attempted_at ?? d.created_at} />
                </td>
                <td>{d.response_status ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={`${hookHome(hook)}#webhooks`}>
          {w.t(hook.scope === 'group' ? 'webWebhookBackGroup' : 'webWebhookBack')}
        </a>
      </p>
    </Layout>
  );
}

/** The add form's fields (`AddBody`), on the settings page and a group's page. */
export const WebhookAddBody = AddBody;

/**
 * Adds a hook of `scope` (group `groupId`'s for `group`) from the add form's `body` after the
 * API's checks (`createHook`): 201 with its secret to show once, or 400/409 with the problem in
 * words. The caller has already checked the session, its CSRF token and, for a group, that the
 * person manages it.
 */
export async function addFromForm(
  app: RouteApp,
  request: FastifyRequest,
  session: WebSession,
  body: Static<typeof AddBody>,
  scope: 'person' | 'org' | 'group',
  groupId: string | null,
): Promise<{ status: number; shown: WebhookShown }> {
  const w = request.words;
  const name = (body.name ?? '').replace(/\s+/g, ' ').trim();
  const events = [body.events ?? []].flat();
  const format = FORMATS.find((f) => f === body.format);
  const known = events.filter((e): e is WebhookEvent => (EVENTS as readonly string[]).includes(e));
  const refuse = (key: string) => ({ status: 400, shown: { error: w.t(key) } });
  if (name.length > NAME_MAX) return refuse('webWebhookNameLong');
  if (!format || known.length !== events.length) return refuse('webWebhookInvalid');
  if (known.length === 0) return refuse('webWebhookNoEvents');
  try {
    const row = await createHook(
      app.db.kysely,
      session.user,
      scope,
      groupId,
      { url: body.url.trim(), format, events: [...new Set(known)], name, lang: w.lang },
      app.webhooks.policy,
    );
    return {
      status: 201,
      shown: { created: { name: name || shownUrl(row.url), secret: row.secret } },
    };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.status === 409) return refuse('webWebhooksTooMany');
    if (/body\/events/.test(error.message)) return refuse('webWebhookMentionPersonal');
    return refuse('webWebhookUrlRefused');
  }
}

/** Re-renders the settings page with what a webhook form left to show. */
export type SettingsRender = (
  request: FastifyRequest,
  reply: FastifyReply,
  session: WebSession,
  status: number,
  webhooks: WebhookShown,
) => Promise<FastifyReply>;

/** Registers the webhook forms and the delivery log page. */
export function webhookSettingsRoutes(app: RouteApp, kit: WebKit, render: SettingsRender): void {
  app.post(
    '/settings/webhooks',
    { schema: { hide: true, body: AddBody } },
    async (request, reply) => {
      const session = kit.formSession(request, reply, request.body.csrf, '/settings');
      if (!session) return reply;
      const scope =
        request.body.scope === 'org' && session.user.role === 'admin' ? 'org' : 'person';
      const made = await addFromForm(app, request, session, request.body, scope, null);
      if (made.status === 201) reply.header('cache-control', 'no-store');
      return render(request, reply, session, made.status, made.shown);
    },
  );

  /** The hook `id` when the session manages it, else the 404 page already sent. */
  const managed = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: WebSession,
    id: string,
  ): Promise<WebhookRow | undefined> => {
    if (!isUuid(id)) {
      kit.notFound(request, reply);
      return undefined;
    }
    try {
      return await managedHook(app.db.kysely, session.user, id);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) {
        kit.notFound(request, reply);
        return undefined;
      }
      throw error;
    }
  };

  app.post(
    '/settings/webhooks/:id/delete',
    { schema: { hide: true, params: IdParam, body: CsrfOnly } },
    async (request, reply) => {
      const session = kit.formSession(request, reply, request.body.csrf, '/settings');
      if (!session) return reply;
      const hook = await managed(request, reply, session, request.params.id);
      if (!hook) return reply;
      await app.db.kysely.transaction().execute((trx) => deleteHook(trx, hook.id));
      return reply.redirect(`${hookHome(hook)}?notice=webhookDeleted#webhooks`, 303);
    },
  );

  app.post(
    '/settings/webhooks/:id/test',
    { schema: { hide: true, params: IdParam, body: CsrfOnly } },
    async (request, reply) => {
      const session = kit.formSession(request, reply, request.body.csrf, '/settings');
      if (!session) return reply;
      const hook = await managed(request, reply, session, request.params.id);
      if (!hook) return reply;
      await queueTestEvent(app.db.kysely, hook, session.user.handle, new Date().toISOString());
      return reply.redirect(`${hookHome(hook)}?notice=webhookTested#webhooks`, 303);
    },
  );

  app.get(
    '/settings/webhooks/:id',
    { schema: { hide: true, params: IdParam } },
    async (request, reply) => {
      const session = kit.signedIn(request, reply);
      if (!session) return reply;
      const hook = await managed(request, reply, session, request.params.id);
      if (!hook) return reply;
      const log = await deliveryLog(app.db.kysely, hook.id);
      return kit.html(reply, 200, <LogPage ctx={kit.context(request)} hook={hook} log={log} />);
    },
  );
}
