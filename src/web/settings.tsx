/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * `/settings`: the signed-in person's feed tokens, devices and webhooks (`webhooks.tsx`), one
 * section each, listed at the top of the page (`sections`: a new section is one more entry).
 *
 * - Feeds: create a feed token with a name (the token is shown once, inside the feed addresses
 *   to copy), list the live ones, revoke one.
 * - Devices: the live API tokens (`GET /v1/me/devices`' list), this browser's marked; revoking
 *   it signs this browser out (its session was opened with that token).
 *
 * Every form posts with the session's CSRF token and is refused from another origin.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from 'typebox';
import { isUuid } from '../core/ids.ts';
import {
  createFeedToken,
  FEED_TOKEN_NAME_MAX,
  type FeedTokenRecord,
  listFeedTokens,
  revokeFeedToken,
} from '../server/repos/feed-tokens.ts';
import { sessionDevice } from '../server/repos/session-device.ts';
import { type DeviceRecord, listDevices, revokeDevice } from '../server/repos/users.ts';
import type { WebSession } from '../server/repos/web-sessions.ts';
import type { RouteApp } from '../server/routes/index.ts';
import type { WebKit } from './kit.ts';
import { Csrf, Layout, type PageContext, personPath } from './views.tsx';
import {
  sectionHooks,
  type WebhookShown,
  WebhooksSection,
  webhookSettingsRoutes,
} from './webhooks.tsx';

/** A section of the settings page: its anchor, heading and content. */
export type SettingsSection = { id: string; title: string; body: ComponentChildren };

const NOTICES = ['feedRevoked', 'deviceRevoked', 'webhookDeleted', 'webhookTested'] as const;
type Notice = (typeof NOTICES)[number];
const NOTICE_WORDS: Record<Notice, string> = {
  feedRevoked: 'webNoticeFeedRevoked',
  deviceRevoked: 'webNoticeDeviceRevoked',
  webhookDeleted: 'webNoticeWebhookDeleted',
  webhookTested: 'webNoticeWebhookTested',
};

const SettingsQuery = Type.Object(
  { notice: Type.Optional(Type.Union(NOTICES.map((n) => Type.Literal(n)))) },
  { additionalProperties: false },
);
const CreateBody = Type.Object(
  {
    csrf: Type.Optional(Type.String({ maxLength: 100 })),
    name: Type.String({ maxLength: FEED_TOKEN_NAME_MAX * 2 }),
  },
  { additionalProperties: false },
);
const CsrfOnly = Type.Object(
  { csrf: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The feed addresses a new token opens: the network, one's own, and the others' patterns. */
export function feedUrls(base: string, token: string, handle: string, lang: string) {
  const q = `?${new URLSearchParams({ token, lang })}`;
  return {
    network: `${base}/feeds/network${q}`,
    mine: `${base}/feeds/people/${encodeURIComponent(handle)}${q}`,
    tag: `${base}/feeds/tags/{tag}${q}`,
    group: `${base}/feeds/groups/{id}${q}`,
    page: `${base}/feeds/pages/{urlKey}${q}`,
  };
}

type Created = { name: string; urls: ReturnType<typeof feedUrls> };

function When({ ctx, at }: { ctx: PageContext; at: string }) {
  return <time dateTime={at}>{ctx.w.time(at)}</time>;
}

function CopyField(props: { id: string; label: string; value: string }) {
  return (
    <p>
      <label for={props.id}>{props.label}</label>
      <input id={props.id} type="text" readOnly value={props.value} />
    </p>
  );
}

function FeedsSection(props: {
  ctx: PageContext;
  tokens: readonly FeedTokenRecord[];
  created?: Created;
  error?: string;
}) {
  const { ctx, created } = props;
  const { w } = ctx;
  return (
    <>
      <p>{w.t('webFeedsIntro')}</p>
      {created && (
        <div class="notice" role="status">
          <p>{w.t('webFeedTokenCreated', created.name)}</p>
          <CopyField id="feed-network" label={w.t('webFeedNetwork')} value={created.urls.network} />
          <CopyField id="feed-mine" label={w.t('webFeedMine')} value={created.urls.mine} />
          <CopyField id="feed-tag" label={w.t('webFeedTag')} value={created.urls.tag} />
          <CopyField id="feed-group" label={w.t('webFeedGroup')} value={created.urls.group} />
          <CopyField id="feed-page" label={w.t('webFeedPage')} value={created.urls.page} />
        </div>
      )}
      {props.tokens.length === 0 ? (
        <p class="hint">{w.t('webFeedTokensNone')}</p>
      ) : (
        <ul class="plain" aria-label={w.t('webFeedTokensLabel')}>
          {props.tokens.map((t) => (
            <li class="item" key={t.id}>
              <p>
                <strong>
                  <bdi>{t.name}</bdi>
                </strong>
              </p>
              <p class="meta">
                {w.t('webCreated')} <When ctx={ctx} at={t.createdAt} />
                {' · '}
                {t.lastUsedAt ? (
                  <>
                    {w.t('webLastUsed')} <When ctx={ctx} at={t.lastUsedAt} />
                  </>
                ) : (
                  w.t('webNeverUsed')
                )}
              </p>
              <form method="post" action={`/settings/feeds/${t.id}/revoke`}>
                <Csrf token={ctx.csrf} />
                <button class="secondary" type="submit">
                  {w.t('webRevoke')} <span class="visually-hidden">{t.name}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/settings/feeds">
        <Csrf token={ctx.csrf} />
        <label for="feed-name">{w.t('webFeedTokenName')}</label>
        <input
          id="feed-name"
          name="name"
          type="text"
          required
          maxLength={FEED_TOKEN_NAME_MAX}
          aria-describedby={props.error ? 'feed-name-error' : undefined}
          aria-invalid={props.error ? 'true' : undefined}
        />
        {props.error && (
          <p class="error" id="feed-name-error" role="alert">
            {props.error}
          </p>
        )}
        <p>
          <button type="submit">{w.t('webFeedTokenCreate')}</button>
        </p>
      </form>
    </>
  );
}

function DevicesSection(props: {
  ctx: PageContext;
  devices: readonly DeviceRecord[];
  current: string | null;
}) {
  const { ctx } = props;
  const { w } = ctx;
  return (
    <>
      <p>{w.t('webDevicesIntro')}</p>
      {props.devices.length === 0 ? (
        <p class="hint">{w.t('webDevicesNone')}</p>
      ) : (
        <ul class="plain" aria-label={w.t('webSettingsDevices')}>
          {props.devices.map((d) => (
            <li class="item" key={d.id}>
              <p>
                <strong>
                  <bdi>{d.name || w.t('webDeviceUnnamed')}</bdi>
                </strong>
                {d.id === props.current && ` · ${w.t('webDeviceCurrent')}`}
              </p>
              <p class="meta">
                {w.t('webCreated')} <When ctx={ctx} at={d.createdAt} />
                {' · '}
                {d.lastUsedAt ? (
                  <>
                    {w.t('webLastUsed')} <When ctx={ctx} at={d.lastUsedAt} />
                  </>
                ) : (
                  w.t('webNeverUsed')
                )}
              </p>
              <form method="post" action={`/settings/devices/${d.id}/revoke`}>
                <Csrf token={ctx.csrf} />
                <button class="secondary" type="submit">
                  {w.t(d.id === props.current ? 'webDeviceRevokeSignOut' : 'webRevoke')}{' '}
                  <span class="visually-hidden">{d.name || w.t('webDeviceUnnamed')}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The settings page: a list of its sections, then each section. */
export function SettingsPage(props: {
  ctx: PageContext;
  sections: readonly SettingsSection[];
  notice?: string;
}) {
  const { ctx } = props;
  const { w } = ctx;
  return (
    <Layout ctx={ctx} title={w.t('webSettings')}>
      <h1>{w.t('webSettings')}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <nav aria-label={w.t('webSettingsSections')}>
        <ul class="tabs">
          {props.sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {props.sections.map((s) => (
        <section key={s.id} id={s.id} aria-labelledby={`${s.id}-heading`}>
          <h2 id={`${s.id}-heading`}>{s.title}</h2>
          {s.body}
        </section>
      ))}
      <p class="meta">
        <a href={personPath(ctx.me?.handle ?? '')}>{w.t('webMyPage')}</a>
      </p>
    </Layout>
  );
}

/** Registers `/settings` and its forms. */
export function settingsRoutes(app: RouteApp, kit: WebKit): void {
  /** Renders the page for `session` with what a form left to show. */
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: WebSession,
    status: number,
    shown: { notice?: Notice; created?: Created; error?: string; webhooks?: WebhookShown } = {},
  ) => {
    const ctx = kit.context(request);
    const me = session.user.handle;
    const cookie = kit.sessionCookie(request);
    const [tokens, devices, current, hooks] = await Promise.all([
      listFeedTokens(app.db, me),
      listDevices(app.db, me, app.auth.tokenMaxAgeDays),
      cookie ? sessionDevice(app.db, cookie) : Promise.resolve(null),
      sectionHooks(app, session),
    ]);
    const w = ctx.w;
    // The page's sections, in order.
    const sections: SettingsSection[] = [
      {
        id: 'feeds',
        title: w.t('webSettingsFeeds'),
        body: (
          <FeedsSection ctx={ctx} tokens={tokens} created={shown.created} error={shown.error} />
        ),
      },
      {
        id: 'devices',
        title: w.t('webSettingsDevices'),
        body: <DevicesSection ctx={ctx} devices={devices} current={current} />,
      },
      {
        id: 'webhooks',
        title: w.t('webSettingsWebhooks'),
        body: (
          <WebhooksSection
            ctx={ctx}
            hooks={hooks}
            admin={session.user.role === 'admin'}
            shown={shown.webhooks}
          />
        ),
      },
    ];
    const notice = shown.notice ? w.t(NOTICE_WORDS[shown.notice]) : undefined;
    return kit.html(reply, status, <SettingsPage ctx={ctx} sections={sections} notice={notice} />);
  };

  webhookSettingsRoutes(app, kit, (request, reply, session, status, webhooks) =>
    page(request, reply, session, status, { webhooks }),
  );

  app.get(
    '/settings',
    { schema: { hide: true, querystring: SettingsQuery } },
    async (request, reply) => {
      const session = kit.signedIn(request, reply);
      if (!session) return reply;
      return page(request, reply, session, 200, { notice: request.query.notice });
    },
  );

  app.post(
    '/settings/feeds',
    { schema: { hide: true, body: CreateBody } },
    async (request, reply) => {
      const session = kit.formSession(request, reply, request.body.csrf, '/settings');
      if (!session) return reply;
      const w = request.words;
      const name = request.body.name.replace(/\s+/g, ' ').trim();
      if (name === '' || name.length > FEED_TOKEN_NAME_MAX) {
        const error = w.t(name === '' ? 'webFeedTokenNameEmpty' : 'webFeedTokenNameLong');
        return page(request, reply, session, 400, { error });
      }
      const made = await createFeedToken(app.db, session.user.handle, name);
      if (!made) {
        return page(request, reply, session, 409, { error: w.t('webFeedTokensTooMany') });
      }
      const urls = feedUrls(kit.base(request), made.token, session.user.handle, w.lang);
      // Shown once, in this answer; never in an address the browser keeps in its history.
      reply.header('cache-control', 'no-store');
      return page(request, reply, session, 201, { created: { name, urls } });
    },
  );

  app.post(
    '/settings/feeds/:id/revoke',
    { schema: { hide: true, params: IdParam, body: CsrfOnly } },
    async (request, reply) => {
      const session = kit.formSession(request, reply, request.body.csrf, '/settings');
      if (!session) return reply;
      const { id } = request.params;
      const done = isUuid(id) && (await revokeFeedToken(app.db, session.user.handle, id));
      if (!done) return kit.notFound(request, reply);
      return reply.redirect('/settings?notice=feedRevoked#feeds', 303);
    },
  );

  app.post(
    '/settings/devices/:id/revoke',
    { schema: { hide: true, params: IdParam, body: CsrfOnly } },
    async (request, reply) => {
      const session = kit.formSession(request, reply, request.body.csrf, '/settings');
      if (!session) return reply;
      const { id } = request.params;
      const cookie = kit.sessionCookie(request);
      const current = cookie ? await sessionDevice(app.db, cookie) : null;
      const valid = /^[A-Za-z0-9-]{1,64}$/.test(id);
      if (!valid || !(await revokeDevice(app.db, session.user.handle, id))) {
        return kit.notFound(request, reply);
      }
      if (id === current) {
        // The session was opened with this device: it has ended; so has the cookie.
        kit.clearSessionCookie(reply);
        return reply.redirect('/signin', 303);
      }
      return reply.redirect('/settings?notice=deviceRevoked#devices', 303);
    },
  );
}
