/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * `/tags/{tag}` and `/trending`: the items with a tag that the signed-in person may see
 * (`repos/feed-reads.ts`, through `visibility.ts` like every API read), and trending as the API
 * answers it (`repos/trending.ts`: public engagement only, the same for everyone).
 */
import { Type } from 'typebox';
import { LIMITS } from '../core/limits.ts';
import type { Comment, Item } from '../core/wire.ts';
import type { Trending } from '../core/wire-read.ts';
import { filteredItems } from '../server/repos/feed-reads.ts';
import { decodePosition } from '../server/repos/keyset.ts';
import { cachedTrending } from '../server/repos/trending.ts';
import { commentCounts, namesOf } from '../server/repos/web-reads.ts';
import type { RouteApp } from '../server/routes/index.ts';
import type { WebKit } from './kit.ts';
import { ItemList, Layout, type PageContext, personPath, tagPath } from './views.tsx';

const PAGE_SIZE = 30;
const TRENDING_DAYS = [7, 30, 90] as const;

const TagParam = Type.Object({ tag: Type.String({ maxLength: 200 }) });
const CursorOnly = Type.Object(
  { cursor: Type.Optional(Type.String({ maxLength: 400 })) },
  { additionalProperties: false },
);
const TrendingQuery = Type.Object(
  { days: Type.Optional(Type.Union(TRENDING_DAYS.map((d) => Type.Literal(String(d))))) },
  { additionalProperties: false },
);

type Shared = Exclude<Item, Comment>;

/** `/tags/{tag}`: what is tagged so, newest first. */
export function TagPage(props: {
  ctx: PageContext;
  tag: string;
  items: readonly Shared[];
  counts: ReadonlyMap<string, number>;
  next: string | undefined;
}) {
  const { ctx, tag } = props;
  const { w } = ctx;
  const title = w.t('webTagTitle', tag);
  const older = props.next
    ? `${tagPath(tag)}?${new URLSearchParams({ cursor: props.next })}`
    : undefined;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>
        <bdi>{title}</bdi>
      </h1>
      <p class="hint">{w.t('webTagIntro')}</p>
      <ItemList
        ctx={ctx}
        items={props.items}
        counts={props.counts}
        empty={w.t('webNothingYet')}
        level={2}
      />
      {older && (
        <p>
          <a href={older}>{w.t('webOlder')}</a>
        </p>
      )}
    </Layout>
  );
}

/** `/trending`: the pages, tags and people with the most public engagement lately. */
export function TrendingPage(props: { ctx: PageContext; trending: Trending }) {
  const { ctx, trending } = props;
  const { w } = ctx;
  return (
    <Layout ctx={ctx} title={w.t('webTrending')}>
      <h1>{w.t('webTrending')}</h1>
      <p class="hint">{w.count('webTrendingIntro', trending.days)}</p>
      <nav aria-label={w.t('webTrendingPeriod')}>
        <ul class="tabs">
          {TRENDING_DAYS.map((d) => (
            <li key={d}>
              <a
                href={d === 7 ? '/trending' : `/trending?days=${d}`}
                aria-current={trending.days === d ? 'page' : undefined}
              >
                {w.count('webTrendingDays', d)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="trending-pages">
        <h2 id="trending-pages">{w.t('webTrendingPages')}</h2>
        {trending.pages.length === 0 ? (
          <p class="hint">{w.t('webNothingYet')}</p>
        ) : (
          <ol>
            {trending.pages.map((p) => (
              <li key={p.urlKey}>
                <a href={`/pages/${p.urlKey}`}>
                  <bdi>{p.title || p.url.replace(/^https?:\/\//i, '')}</bdi>
                </a>{' '}
                <span class="meta">{w.count('webTrendingPeople', p.people)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="trending-tags">
        <h2 id="trending-tags">{w.t('webTrendingTags')}</h2>
        {trending.tags.length === 0 ? (
          <p class="hint">{w.t('webNothingYet')}</p>
        ) : (
          <ul class="tags">
            {trending.tags.map((t) => (
              <li key={t.tag}>
                <a href={tagPath(t.tag)}>
                  <bdi>#{t.tag}</bdi>
                </a>{' '}
                <span class="meta">({t.count})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="trending-people">
        <h2 id="trending-people">{w.t('webTrendingContributors')}</h2>
        {trending.people.length === 0 ? (
          <p class="hint">{w.t('webNothingYet')}</p>
        ) : (
          <ol>
            {trending.people.map((p) => (
              <li key={p.handle}>
                <a href={personPath(p.handle)}>
                  <bdi>{p.name}</bdi>
                </a>
              </li>
            ))}
          </ol>
        )}
      </section>
    </Layout>
  );
}

/** Registers `/tags/{tag}` and `/trending`. */
export function discoverRoutes(app: RouteApp, kit: WebKit): void {
  app.get(
    '/tags/:tag',
    { schema: { hide: true, params: TagParam, querystring: CursorOnly } },
    async (request, reply) => {
      const session = kit.signedIn(request, reply);
      if (!session) return reply;
      const tag = request.params.tag.trim();
      if (tag === '' || tag.length > LIMITS.tag) return kit.notFound(request, reply);
      const position = decodePosition(request.query.cursor);
      if (position === undefined) return kit.message(request, reply, 400, 'webBadRequest');
      const me = session.user.handle;
      const page = await filteredItems(app.db, me, { tag }, position, PAGE_SIZE);
      const items = page.items as Shared[];
      const counts = await commentCounts(
        app.db,
        me,
        items.map((i) => i.id),
      );
      const ctx = kit.context(request, await namesOf(app.db, [me, ...items.map((i) => i.owner)]));
      return kit.html(
        reply,
        200,
        <TagPage ctx={ctx} tag={tag} items={items} counts={counts} next={page.next} />,
      );
    },
  );

  app.get(
    '/trending',
    { schema: { hide: true, querystring: TrendingQuery } },
    async (request, reply) => {
      const session = kit.signedIn(request, reply);
      if (!session) return reply;
      const trending = await cachedTrending(app.db, Number(request.query.days ?? 7));
      const ctx = kit.context(request, await namesOf(app.db, [session.user.handle]));
      return kit.html(reply, 200, <TrendingPage ctx={ctx} trending={trending} />);
    },
  );
}
