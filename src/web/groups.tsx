/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * `/groups/{id}`: what a group shares, newest first, under the stream's tabs (my network,
 * everyone, each of my groups). An open group is readable by everyone signed in; a closed one by
 * its members only, and to anyone else (or for a deleted group, or no such group) it is the same
 * 404 page that reveals nothing. Reads go through `repos/feed-reads.ts` (`visibility.ts`), the
 * rules the API and the group's Atom feed use.
 */
import { Type } from 'typebox';
import { isUuid } from '../core/ids.ts';
import type { Comment, Item } from '../core/wire.ts';
import { filteredItems, readableGroup } from '../server/repos/feed-reads.ts';
import { visibleGroups } from '../server/repos/groups.ts';
import { decodePosition } from '../server/repos/keyset.ts';
import { commentCounts, namesOf } from '../server/repos/web-reads.ts';
import type { RouteApp } from '../server/routes/index.ts';
import type { WebKit } from './kit.ts';
import {
  type GroupTab,
  groupPath,
  ItemList,
  Layout,
  type PageContext,
  StreamTabs,
} from './views.tsx';

const PAGE_SIZE = 30;

const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CursorOnly = Type.Object(
  { cursor: Type.Optional(Type.String({ maxLength: 400 })) },
  { additionalProperties: false },
);

type Shared = Exclude<Item, Comment>;

/** The live groups `me` is a member of, by name: the stream's group tabs. */
export async function myGroupTabs(app: RouteApp, me: string): Promise<GroupTab[]> {
  const groups = await visibleGroups(app.db.kysely, me);
  return groups.filter((g) => g.role !== null).map((g) => ({ id: g.id, name: g.name }));
}

/** `/groups/{id}`: a group's name, what kind it is, and what it shares. */
export function GroupPage(props: {
  ctx: PageContext;
  group: { id: string; name: string; description: string; kind: string; members: number };
  tabs: readonly GroupTab[];
  items: readonly Shared[];
  counts: ReadonlyMap<string, number>;
  next: string | undefined;
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
    </Layout>
  );
}

/** Registers `/groups/{id}`. */
export function groupRoutes(app: RouteApp, kit: WebKit): void {
  app.get(
    '/groups/:id',
    { schema: { hide: true, params: IdParam, querystring: CursorOnly } },
    async (request, reply) => {
      const session = kit.signedIn(request, reply);
      if (!session) return reply;
      const me = session.user.handle;
      const { id } = request.params;
      const readable = isUuid(id) ? await readableGroup(app.db, me, id) : undefined;
      if (!readable) return kit.notFound(request, reply);
      const [group] = await visibleGroups(app.db.kysely, me, readable.id);
      if (!group) return kit.notFound(request, reply);
      const position = decodePosition(request.query.cursor);
      if (position === undefined) return kit.message(request, reply, 400, 'webBadRequest');
      const page = await filteredItems(app.db, me, { group: group.id }, position, PAGE_SIZE);
      const items = page.items as Shared[];
      const counts = await commentCounts(
        app.db,
        me,
        items.map((i) => i.id),
      );
      const tabs = await myGroupTabs(app, me);
      const ctx = kit.context(request, await namesOf(app.db, [me, ...items.map((i) => i.owner)]));
      return kit.html(
        reply,
        200,
        <GroupPage
          ctx={ctx}
          group={group}
          tabs={tabs}
          items={items}
          counts={counts}
          next={page.next}
        />,
      );
    },
  );
}
