/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * `/groups/{id}`: what a group shares, newest first, under the stream's tabs (my network,
 * everyone, each of my groups). An open group is readable by everyone signed in; a closed one by
 * its members only, and to anyone else (or for a deleted group, or no such group) it is the same
 * 404 page that reveals nothing. Reads go through `repos/feed-reads.ts` (`visibility.ts`), the
 * rules the API and the group's Atom feed use. Its owners and moderators (and admins) also see
 * the group's Webhooks section (`webhooks.tsx`, the rules of `/v1/groups/{id}/webhooks`); to
 * anyone else there is no section, and their form posts are refused (404 for a group closed to
 * them, 403 otherwise).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isUuid } from '../core/ids.ts';
import type { Comment, Group, Item } from '../core/wire.ts';
import type { WebhookRow } from '../server/db/schema.ts';
import { HttpError } from '../server/errors.ts';
import { filteredItems } from '../server/repos/feed-reads.ts';
import { visibleGroups } from '../server/repos/groups.ts';
import { decodePosition } from '../server/repos/keyset.ts';
import { commentCounts, namesOf } from '../server/repos/web-reads.ts';
import type { WebSession } from '../server/repos/web-sessions.ts';
import type { RouteApp } from '../server/routes/index.ts';
import { hookableGroup, listHooks } from '../server/webhooks/repo.ts';
import type { WebKit } from './kit.ts';
import {
  type GroupTab,
  groupPath,
  ItemList,
  Layout,
  type PageContext,
  StreamTabs,
} from './views.tsx';
import { addFromForm, WebhookAddBody, type WebhookShown, WebhooksSection } from './webhooks.tsx';

const PAGE_SIZE = 30;

const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) });
const NOTICES = {
  webhookDeleted: 'webNoticeWebhookDeleted',
  webhookTested: 'webNoticeWebhookTested',
};
const GroupQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    notice: Type.Optional(
      Type.Union(Object.keys(NOTICES).map((n) => Type.Literal(n as keyof typeof NOTICES))),
    ),
  },
  { additionalProperties: false },
);

type Shared = Exclude<Item, Comment>;

/** Of the groups `me` sees (`visibleGroups`), those they are a member of: the stream's tabs. */
const tabsOf = (groups: readonly Group[]): GroupTab[] =>
  groups.filter((g) => g.role !== null).map((g) => ({ id: g.id, name: g.name }));

/** The live groups `me` is a member of, by name: the stream's group tabs. */
export async function myGroupTabs(app: RouteApp, me: string): Promise<GroupTab[]> {
  return tabsOf(await visibleGroups(app.db.kysely, me));
}

/** `/groups/{id}`: a group's name, what kind it is, and what it shares. */
export function GroupPage(props: {
  ctx: PageContext;
  group: { id: string; name: string; description: string; kind: string; members: number };
  tabs: readonly GroupTab[];
  items: readonly Shared[];
  counts: ReadonlyMap<string, number>;
  next: string | undefined;
  /** The group's hooks when the viewer manages them, else no Webhooks section. */
  hooks?: readonly WebhookRow[];
  shown?: WebhookShown;
  notice?: string;
}) {
  const { ctx, group } = props;
  const { w } = ctx;
  const older = props.next
    ? `${groupPath(group.id)}?${new URLSearchParams({ cursor: props.next })}`
    : undefined;
  return (
    <Layout ctx={ctx} title={group.name}>
      <h1>
        <bdi>{group.name}</bdi>
      </h1>
      <p class="hint" data-group-kind={group.kind}>
        {w.count(
          group.kind === 'closed' ? 'webGroupClosedIntro' : 'webGroupOpenIntro',
          group.members,
        )}
      </p>
      {group.description && (
        <p>
          <bdi>{group.description}</bdi>
        </p>
      )}
      <section aria-labelledby="group-items">
        <h2 id="group-items">{w.t('webGroupShared')}</h2>
        <StreamTabs ctx={ctx} current={group.id} groups={props.tabs} />
        <ItemList
          ctx={ctx}
          items={props.items}
          counts={props.counts}
          empty={w.t('webNothingYet')}
          level={3}
        />
        {older && (
          <p>
            <a href={older}>{w.t('webOlder')}</a>
          </p>
        )}
      </section>
      {props.hooks && (
        <section id="webhooks" aria-labelledby="group-webhooks">
          <h2 id="group-webhooks">{w.t('webSettingsWebhooks')}</h2>
          {props.notice && (
            <p class="notice" role="status">
              {props.notice}
            </p>
          )}
          <WebhooksSection
            ctx={ctx}
            hooks={props.hooks}
            admin={false}
            shown={props.shown}
            group={group.id}
          />
        </section>
      )}
    </Layout>
  );
}

/** True when `session` may manage group `id`'s hooks (the API's `hookableGroup`). */
async function managesHooks(app: RouteApp, session: WebSession, id: string): Promise<boolean> {
  try {
    await hookableGroup(app.db.kysely, session.user, id);
    return true;
  } catch (error) {
    if (error instanceof HttpError && (error.status === 403 || error.status === 404)) return false;
    throw error;
  }
}

/** Registers `/groups/{id}` and its webhook form. */
export function groupRoutes(app: RouteApp, kit: WebKit): void {
  /** Group `id`'s page for the session, with what a webhook form or notice left to show. */
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: WebSession,
    id: string,
    cursor: string | undefined,
    status: number,
    shown: { webhooks?: WebhookShown; notice?: keyof typeof NOTICES } = {},
  ) => {
    const me = session.user.handle;
    // One read of the groups `me` sees serves the tabs and this group; what it shares is
    // readable when it is open or `me` is in it (not when they only asked to join).
    const groups = isUuid(id) ? await visibleGroups(app.db.kysely, me) : [];
    const group = groups.find((g) => g.id === id && (g.kind === 'open' || g.role !== null));
    if (!group) return kit.notFound(request, reply);
    const position = decodePosition(cursor);
    if (position === undefined) return kit.message(request, reply, 400, 'webBadRequest');
    const page = await filteredItems(app.db, me, { group: group.id }, position, PAGE_SIZE);
    const items = page.items as Shared[];
    const counts = await commentCounts(
      app.db,
      me,
      items.map((i) => i.id),
    );
    const tabs = tabsOf(groups);
    const hooks = (await managesHooks(app, session, group.id))
      ? await listHooks(app.db.kysely, { scope: 'group', groupId: group.id })
      : undefined;
    const ctx = kit.context(request, await namesOf(app.db, [me, ...items.map((i) => i.owner)]));
    return kit.html(
      reply,
      status,
      <GroupPage
        ctx={ctx}
        group={group}
        tabs={tabs}
        items={items}
        counts={counts}
        next={page.next}
        hooks={hooks}
        shown={shown.webhooks}
        notice={shown.notice ? request.words.t(NOTICES[shown.notice]) : undefined}
      />,
    );
  };

  app.get(
    '/groups/:id',
    { schema: { hide: true, params: IdParam, querystring: GroupQuery } },
    async (request, reply) => {
      const session = kit.signedIn(request, reply);
      if (!session) return reply;
      const { cursor, notice } = request.query;
      return page(request, reply, session, request.params.id, cursor, 200, { notice });
    },
  );

  app.post(
    '/groups/:id/webhooks',
    { schema: { hide: true, params: IdParam, body: WebhookAddBody } },
    async (request, reply) => {
      const { id } = request.params;
      const session = kit.formSession(request, reply, request.body.csrf, groupPath(id));
      if (!session) return reply;
      if (!isUuid(id)) return kit.notFound(request, reply);
      try {
        await hookableGroup(app.db.kysely, session.user, id);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        if (error.status === 403) return kit.message(request, reply, 403, 'webForbidden');
        return kit.notFound(request, reply);
      }
      const made = await addFromForm(app, request, session, request.body, 'group', id);
      if (made.status === 201) reply.header('cache-control', 'no-store');
      return page(request, reply, session, id, undefined, made.status, { webhooks: made.shown });
    },
  );
}
