/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * The web pages as Preact components, rendered to strings on the server (`routes.tsx`). They
 * work without JavaScript: every action is a form that posts and redirects back. Everything from
 * data is text or an attribute value, which Preact escapes; no component uses
 * `dangerouslySetInnerHTML`, and links to pages use only http(s) addresses (`safeHref`).
 */
import type { ComponentChildren } from 'preact';
import { LIMITS } from '../core/limits.ts';
import { snippetLink } from '../core/text-fragment.ts';
import type { Comment, Item, Like, PageSummary, Snippet } from '../core/wire.ts';
import type { Activity } from '../core/wire-read.ts';
import type { Words } from './words.ts';

/** What every page knows: the words, who is signed in, and their session's CSRF token. */
export type PageContext = {
  w: Words;
  /** The signed-in person, or null on the sign-in page. */
  me: { handle: string; name: string } | null;
  csrf: string;
  /** Display names of the people a page mentions, by handle. */
  names: ReadonlyMap<string, string>;
  /**
   * The page's own path and query, where the language switch returns (it checks the path);
   * `/` when unknown.
   */
  path?: string;
};

/** `url` when it is an http(s) address, else undefined (never a `javascript:` or data link). */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A person's page address. */
export const personPath = (handle: string) => `/@${encodeURIComponent(handle)}`;
/** An item's permalink path. */
export const itemPath = (id: string) => `/items/${encodeURIComponent(id)}`;
/** A tag's page address. */
export const tagPath = (tag: string) => `/tags/${encodeURIComponent(tag)}`;

/** The language switch's link to `lang`, returning to `path`. */
const languagePath = (lang: string, path: string | undefined) =>
  `/language/${lang}?${new URLSearchParams({ next: path ?? '/' })}`;

/** The hidden CSRF field every form carries. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

/** The page shell: language, title, stylesheet, skip link, header with navigation. */
/** The languages the web face speaks, each named in itself. */
const LANGUAGES = [
  ['en', 'English'],
  ['sv', 'Svenska'],
] as const;

export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { w, me, csrf } = props.ctx;
  return (
    <html lang={w.lang} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · Outloud`}</title>
        <link rel="stylesheet" href="/web/style.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {w.t('webSkipToContent')}
        </a>
        <header class="site">
          <a class="brand" href="/">
            Outloud
          </a>
          {me && (
            <nav aria-label={w.t('webNavLabel')}>
              <ul>
                <li>
                  <a href="/">{w.t('webStream')}</a>
                </li>
                <li>
                  <a href={personPath(me.handle)}>{w.t('webMyPage')}</a>
                </li>
                <li>
                  <a href="/search">{w.t('webSearch')}</a>
                </li>
                <li>
                  <a href="/trending">{w.t('webTrending')}</a>
                </li>
                <li>
                  <a href="/settings">{w.t('webSettings')}</a>
                </li>
              </ul>
            </nav>
          )}
          {/* Each language named in itself (an autonym), the same whatever the page's language. */}
          <nav aria-label={w.t('webLanguageLabel')}>
            <ul class="languages">
              {LANGUAGES.map(([lang, name]) => (
                <li key={lang}>
                  <a
                    href={languagePath(lang, props.ctx.path)}
                    hrefLang={lang}
                    lang={lang}
                    aria-current={w.lang === lang ? 'true' : undefined}
                  >
                    {name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {me && (
            <div class="me">
              <span>{w.t('webSignedInAs', [me.name, me.handle])}</span>
              <form class="inline" method="post" action="/signout">
                <Csrf token={csrf} />
                <button class="secondary" type="submit">
                  {w.t('webSignOut')}
                </button>
              </form>
            </div>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/**
 * The sign-in page: the organisation's sign-in when the server offers it (`org`: its name), and
 * the token form; `next` is where to go after signing in (a same-origin path).
 */
export function SignInPage(props: {
  ctx: PageContext;
  next: string;
  error?: string;
  org?: string;
  /** Why the organisation sign-in did not finish, shown by its link. */
  orgError?: string;
}) {
  const { w, csrf } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={w.t('webSignInTitle')}>
      <h1>{w.t('webSignInTitle')}</h1>
      {props.org !== undefined && (
        // A link, not a form: the CSP's form-action 'self' would stop a form's redirect on to
        // the identity provider.
        <p>
          <a class="button" href={`/signin/oidc?${new URLSearchParams({ next: props.next })}`}>
            {w.t('signInWithOrg', props.org)}
          </a>
        </p>
      )}
      {props.org !== undefined && props.orgError && (
        <p class="error" role="alert">
          {props.orgError}
        </p>
      )}
      {props.org !== undefined && <h2>{w.t('tokenSignInTitle')}</h2>}
      <p>{w.t('webSignInIntro')}</p>
      <form method="post" action="/signin">
        <Csrf token={csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="token">{w.t('webTokenLabel')}</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          required
          maxLength={200}
          aria-describedby={props.error ? 'token-hint token-error' : 'token-hint'}
          aria-invalid={props.error ? 'true' : undefined}
        />
        <p class="hint" id="token-hint">
          {w.t('webTokenHint')}
        </p>
        {props.error && (
          <p class="error" id="token-error" role="alert">
            {props.error}
          </p>
        )}
        <p>
          <button type="submit">{w.t('webSignIn')}</button>
        </p>
      </form>
    </Layout>
  );
}

/** A message page: not found, refused, failed. Reveals nothing beyond its words. */
export function MessagePage(props: { ctx: PageContext; title: string; message: string }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">{props.ctx.w.t('webBackToStream')}</a>
      </p>
    </Layout>
  );
}

function PersonLink({ ctx, handle }: { ctx: PageContext; handle: string }) {
  const name = ctx.names.get(handle) ?? handle;
  return (
    <a href={personPath(handle)}>
      <bdi>{name}</bdi>
    </a>
  );
}

function When({ ctx, at }: { ctx: PageContext; at: string }) {
  return <time dateTime={at}>{ctx.w.time(at)}</time>;
}

/** The words for what was done: "shared a snippet", "bookmarked", "asked", "posted". */
function verb(ctx: PageContext, item: Item): string {
  switch (item.type) {
    case 'bookmark':
      return ctx.w.t('webVerbBookmark');
    case 'snippet':
      return ctx.w.t('webVerbSnippet');
    case 'status':
      return ctx.w.t(item.question ? 'webVerbQuestion' : 'webVerbStatus');
    case 'comment':
      return ctx.w.t('webVerbComment');
  }
}

/** The title an item's page has, or its address without the scheme. */
function pageTitle(item: Exclude<Item, Comment>): string {
  if (item.title) return item.title;
  return item.url ? item.url.replace(/^https?:\/\//i, '') : '';
}

const CONTEXT_SHOWN = 80;

/** A snippet's quote with a little of its context, the quoted words marked. */
export function Quote({ ctx, snippet }: { ctx: PageContext; snippet: Snippet }) {
  const { exact, prefix = '', suffix = '' } = snippet.quote;
  const before = prefix.length > CONTEXT_SHOWN ? `…${prefix.slice(-CONTEXT_SHOWN)}` : prefix;
  const after = suffix.length > CONTEXT_SHOWN ? `${suffix.slice(0, CONTEXT_SHOWN)}…` : suffix;
  return (
    <blockquote class="quote" aria-label={ctx.w.t('webQuoteLabel')}>
      <p dir="auto">
        {before && <span class="context">{before}</span>}
        <mark>{exact}</mark>
        {after && <span class="context">{after}</span>}
      </p>
    </blockquote>
  );
}

/** The page an item is about, as a link (external, no referrer). */
function PageLink({ item }: { item: Exclude<Item, Comment> }) {
  const href = safeHref(item.url);
  const title = pageTitle(item);
  if (!title) return null;
  return href ? (
    <a href={href} rel="noreferrer noopener">
      <bdi>{title}</bdi>
    </a>
  ) : (
    <bdi>{title}</bdi>
  );
}

/** The body of an item: quote, comment or text, tags, its page. */
function ItemBody({ ctx, item }: { ctx: PageContext; item: Exclude<Item, Comment> }) {
  return (
    <>
      {item.type === 'snippet' && <Quote ctx={ctx} snippet={item} />}
      {item.type === 'snippet' && item.comment && (
        <p class="text" dir="auto">
          {item.comment}
        </p>
      )}
      {item.type === 'bookmark' && item.description && (
        <p class="text" dir="auto">
          {item.description}
        </p>
      )}
      {item.type === 'status' && (
        <p class="text" dir="auto">
          {item.question && <span class="question-badge">{ctx.w.t('webQuestionBadge')}</span>}
          {item.text}
        </p>
      )}
      {item.type === 'bookmark' && item.tags.length > 0 && (
        <ul class="tags" aria-label={ctx.w.t('webTagsLabel')}>
          {item.tags.map((tag) => (
            <li key={tag}>
              <a href={tagPath(tag)}>
                <bdi>#{tag}</bdi>
              </a>
            </li>
          ))}
        </ul>
      )}
      {(item.type !== 'status' || item.url) && (
        <p class="meta">
          <PageLink item={item} />
        </p>
      )}
    </>
  );
}

/** An item in a list (stream, person, page): who did what, the body, a link to its discussion. */
export function ItemCard(props: {
  ctx: PageContext;
  item: Exclude<Item, Comment>;
  comments?: number;
  /** Heading level inside the list. */
  level?: 2 | 3;
}) {
  const { ctx, item } = props;
  const Heading = props.level === 3 ? 'h3' : 'h2';
  const label = `${ctx.names.get(item.owner) ?? item.owner} ${verb(ctx, item)}`;
  return (
    <article class="item" aria-label={label} data-item={item.id}>
      <Heading>
        <PersonLink ctx={ctx} handle={item.owner} /> {verb(ctx, item)}
      </Heading>
      <ItemBody ctx={ctx} item={item} />
      <p class="meta">
        <When ctx={ctx} at={item.createdAt} />
        {item.hidden && ` · ${ctx.w.t('webHidden')}`}
        {' · '}
        <a href={itemPath(item.id)}>
          {props.comments
            ? ctx.w.count('webDiscussionCount', props.comments)
            : ctx.w.t('webOpenDiscussion')}
        </a>
      </p>
    </article>
  );
}

/** Who liked something, by name. */
function likedBy(ctx: PageContext, likes: readonly Like[]): string {
  const names = likes.map((l) => ctx.names.get(l.owner) ?? l.owner);
  return ctx.w.count('webLikedBy', likes.length, [names.join(', ')]);
}

/** The permalink of an item: the item, "Open at the quote", likes and the discussion. */
export function ItemPage(props: {
  ctx: PageContext;
  item: Exclude<Item, Comment>;
  comments: readonly Comment[];
  likes: ReadonlyMap<string, Like[]>;
  error?: string;
  draft?: string;
}) {
  const { ctx, item, comments } = props;
  const { w } = ctx;
  const likes = props.likes.get(item.id) ?? [];
  const liked = ctx.me !== null && likes.some((l) => l.owner === ctx.me?.handle);
  const title =
    item.type === 'status'
      ? w.t(
          item.question ? 'webQuestionBy' : 'webStatusBy',
          ctx.names.get(item.owner) ?? item.owner,
        )
      : pageTitle(item);
  const atQuote = item.type === 'snippet' ? safeHref(snippetLink(item)) : undefined;
  return (
    <Layout ctx={ctx} title={title}>
      <article class="permalink" aria-labelledby="item-title">
        <h1 id="item-title" dir="auto">
          {title}
        </h1>
        <p class="by">
          <PersonLink ctx={ctx} handle={item.owner} /> {verb(ctx, item)}
          {' · '}
          <When ctx={ctx} at={item.createdAt} />
          {item.visibility === 'private' && ` · ${w.t('webPrivate')}`}
          {item.hidden && ` · ${w.t('webHidden')}`}
        </p>
        <ItemBody ctx={ctx} item={item} />
        <div class="actions">
          {atQuote && (
            <a class="button" href={atQuote} rel="noreferrer noopener">
              {w.t('webOpenAtQuote')}
            </a>
          )}
          <form class="inline" method="post" action={`${itemPath(item.id)}/like`}>
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="like" value={liked ? '0' : '1'} />
            <button type="submit" class={liked ? 'secondary' : undefined}>
              {w.t(liked ? 'webUnlike' : 'webLike')}
            </button>
          </form>
          {likes.length > 0 && <span class="meta">{likedBy(ctx, likes)}</span>}
        </div>
      </article>
      <section aria-labelledby="discussion">
        <h2 id="discussion">{w.count('webCommentsHeading', comments.length)}</h2>
        {comments.length === 0 && <p class="hint">{w.t('webNoComments')}</p>}
        <ol class="plain">
          {comments.map((c) => {
            const cl = props.likes.get(c.id) ?? [];
            return (
              <li class="comment" id={`comment-${c.id}`} key={c.id}>
                <p class="by">
                  <PersonLink ctx={ctx} handle={c.owner} />
                  {' · '}
                  <When ctx={ctx} at={c.createdAt} />
                  {cl.length > 0 && ` · ${likedBy(ctx, cl)}`}
                </p>
                <p class="text" dir="auto">
                  {c.text}
                </p>
              </li>
            );
          })}
        </ol>
        <form method="post" action={`${itemPath(item.id)}/comments`}>
          <Csrf token={ctx.csrf} />
          <label for="comment-text">{w.t('webCommentLabel')}</label>
          <textarea
            id="comment-text"
            name="text"
            required
            maxLength={LIMITS.comment}
            dir="auto"
            aria-describedby={props.error ? 'comment-error' : undefined}
            aria-invalid={props.error ? 'true' : undefined}
          >
            {props.draft ?? ''}
          </textarea>
          {props.error && (
            <p class="error" id="comment-error" role="alert">
              {props.error}
            </p>
          )}
          <p>
            <button type="submit">{w.t('webCommentSubmit')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

/** A list of items, or a line saying there are none. */
export function ItemList(props: {
  ctx: PageContext;
  items: readonly Exclude<Item, Comment>[];
  counts: ReadonlyMap<string, number>;
  empty: string;
  level?: 2 | 3;
}) {
  if (props.items.length === 0) return <p class="hint">{props.empty}</p>;
  return (
    <ol class="plain">
      {props.items.map((item) => (
        <li key={item.id}>
          <ItemCard
            ctx={props.ctx}
            item={item}
            comments={props.counts.get(item.id) ?? 0}
            level={props.level}
          />
        </li>
      ))}
    </ol>
  );
}

/** One feed activity: a created item, a comment on an item, or a like. */
function ActivityCard({ ctx, activity }: { ctx: PageContext; activity: Activity }) {
  const { item } = activity;
  if (activity.kind === 'like' || item.type === 'comment') {
    const on = item.type === 'comment' ? activity.target : item;
    const targetId = item.type === 'comment' ? item.targetId : item.id;
    const what =
      activity.kind === 'like' ? ctx.w.t('webActivityLiked') : ctx.w.t('webActivityCommented');
    return (
      <article class="item">
        <h3>
          <PersonLink ctx={ctx} handle={activity.actor} /> {what}
        </h3>
        {item.type === 'comment' && activity.kind !== 'like' && (
          <p class="text" dir="auto">
            {item.text}
          </p>
        )}
        <p class="meta">
          <When ctx={ctx} at={activity.at} />
          {' · '}
          <a href={itemPath(targetId)}>
            {on && on.type !== 'comment' ? (
              <bdi>{pageTitle(on) || ctx.w.t('webOpenDiscussion')}</bdi>
            ) : (
              ctx.w.t('webOpenDiscussion')
            )}
          </a>
        </p>
      </article>
    );
  }
  return <ItemCard ctx={ctx} item={item} level={3} />;
}

export type StreamView = 'network' | 'everyone';

/** A group the signed-in person is in, as the stream's tabs name it. */
export type GroupTab = { id: string; name: string };

export const groupPath = (id: string) => `/groups/${encodeURIComponent(id)}`;

/**
 * The stream's tabs: my network, everyone, and each of my groups (`current` is a view or the id
 * of the group whose page this is).
 */
export function StreamTabs(props: {
  ctx: PageContext;
  current: StreamView | string;
  groups: readonly GroupTab[];
}) {
  const { w } = props.ctx;
  const tab = (key: string, href: string, label: string) => (
    <li key={key}>
      <a href={href} aria-current={props.current === key ? 'page' : undefined}>
        <bdi>{label}</bdi>
      </a>
    </li>
  );
  return (
    <nav aria-label={w.t('webStreamChoice')}>
      <ul class="tabs">
        {tab('network', '/', w.t('webMyNetwork'))}
        {tab('everyone', '/?view=everyone', w.t('webEveryone'))}
        {props.groups.map((g) => tab(g.id, groupPath(g.id), g.name))}
      </ul>
    </nav>
  );
}

/** `/`: open questions first, then my network's activity or everyone's newest items. */
export function StreamPage(props: {
  ctx: PageContext;
  view: StreamView;
  groups: readonly GroupTab[];
  questions: readonly Exclude<Item, Comment>[];
  counts: ReadonlyMap<string, number>;
  activities?: readonly Activity[];
  items?: readonly Exclude<Item, Comment>[];
  next: string | undefined;
}) {
  const { ctx, view } = props;
  const { w } = ctx;
  const older = props.next
    ? `/?${new URLSearchParams({ ...(view === 'everyone' ? { view } : {}), cursor: props.next })}`
    : undefined;
  return (
    <Layout ctx={ctx} title={w.t('webStream')}>
      <h1>{w.t('webStream')}</h1>
      <section aria-labelledby="questions">
        <h2 id="questions">{w.t('webQuestionsHeading')}</h2>
        <ItemList
          ctx={ctx}
          items={props.questions}
          counts={props.counts}
          empty={w.t('webNoQuestions')}
          level={3}
        />
      </section>
      <section aria-labelledby="stream">
        <h2 id="stream">{w.t(view === 'network' ? 'webMyNetwork' : 'webEveryone')}</h2>
        <StreamTabs ctx={ctx} current={view} groups={props.groups} />
        {props.activities &&
          (props.activities.length === 0 ? (
            <p class="hint">{w.t('webNothingYet')}</p>
          ) : (
            <ol class="plain">
              {props.activities.map((a) => (
                <li key={a.key}>
                  <ActivityCard ctx={ctx} activity={a} />
                </li>
              ))}
            </ol>
          ))}
        {props.items && (
          <ItemList
            ctx={ctx}
            items={props.items}
            counts={props.counts}
            empty={w.t('webNothingYet')}
            level={3}
          />
        )}
        {older && (
          <p>
            <a href={older}>{w.t('webOlder')}</a>
          </p>
        )}
      </section>
    </Layout>
  );
}

/** `/@handle`: a person's items, their questions among them, and follow / unfollow. */
export function PersonPage(props: {
  ctx: PageContext;
  person: { handle: string; name: string };
  following: boolean;
  items: readonly Exclude<Item, Comment>[];
  counts: ReadonlyMap<string, number>;
  next: string | undefined;
}) {
  const { ctx, person } = props;
  const { w } = ctx;
  const self = ctx.me?.handle === person.handle;
  const older = props.next
    ? `${personPath(person.handle)}?${new URLSearchParams({ cursor: props.next })}`
    : undefined;
  return (
    <Layout ctx={ctx} title={person.name}>
      <h1>
        <bdi>{person.name}</bdi>
      </h1>
      <p class="meta">
        @<bdi>{person.handle}</bdi>
      </p>
      {!self && (
        <form method="post" action={`${personPath(person.handle)}/follow`}>
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="follow" value={props.following ? '0' : '1'} />
          <button type="submit" class={props.following ? 'secondary' : undefined}>
            {w.t(props.following ? 'webUnfollow' : 'webFollow')}
          </button>
        </form>
      )}
      <h2>{w.t('webSharedHeading')}</h2>
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
    </Layout>
  );
}

/** `/pages/{urlKey}`: everything the network did with one page. */
export function PageEngagementPage(props: {
  ctx: PageContext;
  summary: PageSummary;
  counts: ReadonlyMap<string, number>;
}) {
  const { ctx, summary } = props;
  const { w } = ctx;
  const href = safeHref(summary.url);
  const title = summary.title || summary.url.replace(/^https?:\/\//i, '');
  const items = [...summary.snippets, ...summary.statuses, ...summary.bookmarks].sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
  );
  return (
    <Layout ctx={ctx} title={title}>
      <h1 dir="auto">{title}</h1>
      {href && (
        <p>
          <a href={href} rel="noreferrer noopener">
            {w.t('webOpenPage')}
          </a>
        </p>
      )}
      <p class="meta">
        {summary.people.map((p, i) => (
          <span key={p.handle}>
            {i > 0 && ', '}
            <a href={personPath(p.handle)}>
              <bdi>{p.name}</bdi>
            </a>
          </span>
        ))}
      </p>
      <h2>{w.t('webOnThisPage')}</h2>
      <ItemList
        ctx={ctx}
        items={items}
        counts={props.counts}
        empty={w.t('webNothingYet')}
        level={3}
      />
    </Layout>
  );
}

/** `/search?q=`: the API's full-text search over what I may see, as a page with a form. */
export function SearchPage(props: {
  ctx: PageContext;
  q: string;
  items: readonly Item[];
  counts: ReadonlyMap<string, number>;
  next: string | undefined;
}) {
  const { ctx, q } = props;
  const { w } = ctx;
  const older = props.next
    ? `/search?${new URLSearchParams({ q, cursor: props.next })}`
    : undefined;
  return (
    <Layout ctx={ctx} title={w.t('webSearch')}>
      <h1>{w.t('webSearch')}</h1>
      <search>
        <form method="get" action="/search">
          <label for="q">{w.t('webSearchLabel')}</label>
          <input id="q" name="q" type="search" value={q} maxLength={500} required />
          <p>
            <button type="submit">{w.t('webSearchSubmit')}</button>
          </p>
        </form>
      </search>
      {q && (
        <section aria-labelledby="results">
          <h2 id="results">{w.t('webSearchResults')}</h2>
          {props.items.length === 0 ? (
            <p class="hint">{w.t('webNoResults')}</p>
          ) : (
            <ol class="plain">
              {props.items.map((item) => (
                <li key={item.id}>
                  {item.type === 'comment' ? (
                    <article class="item" data-item={item.id}>
                      <h3>
                        <PersonLink ctx={ctx} handle={item.owner} /> {w.t('webVerbComment')}
                      </h3>
                      <p class="text" dir="auto">
                        {item.text}
                      </p>
                      <p class="meta">
                        <When ctx={ctx} at={item.createdAt} />
                        {' · '}
                        <a href={`${itemPath(item.targetId)}#comment-${item.id}`}>
                          {w.t('webOpenDiscussion')}
                        </a>
                      </p>
                    </article>
                  ) : (
                    <ItemCard
                      ctx={ctx}
                      item={item}
                      comments={props.counts.get(item.id) ?? 0}
                      level={3}
                    />
                  )}
                </li>
              ))}
            </ol>
          )}
          {older && (
            <p>
              <a href={older}>{w.t('webOlder')}</a>
            </p>
          )}
        </section>
      )}
    </Layout>
  );
}
