/**
 * An in-memory server that answers like the REST contract (issue 3) for the routes the
 * background uses: `GET /v1/me`, `POST /v1/sync`, `GET /v1/changes`, `GET /v1/<plural>/{id}`,
 * `GET /v1/pages/{urlKey}`, `GET /v1/pages?prefix=`, `GET /v1/org`, `GET /v1/groups`. Tests steer it to fail (5xx, 429 with
 * Retry-After, a response lost after the commit) and read its state.
 */
import { sharedUrl, urlKey } from '../../../src/core/url.ts';
import type {
  Bookmark,
  Change,
  Comment,
  Follow,
  Group,
  Like,
  Mutation,
  MutationResult,
  Person,
} from '../../../src/core/wire.ts';
import { createFakeAuth, type FakeAuth } from './fake-auth.ts';

type Stored = Bookmark | Comment;

export type FakeServer = {
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  /** Adds a user; answers their token. */
  addUser(handle: string, name?: string): string;
  /** Writes as `handle` directly (another device or person). */
  mutate(handle: string, mutations: Mutation[]): Promise<MutationResult[]>;
  items: Map<string, Stored>;
  likes: Map<string, Like>;
  follows: Map<string, Follow>;
  changes: Change[];
  /** Every `POST /v1/sync` body received. */
  syncRequests: Mutation[][];
  /** The next requests answer this status (with optional headers) instead. */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  /** The next sync is committed but its response is lost (the client sees a network error). */
  loseNextResponse(): void;
  /** Requests fail as if the server were down. */
  down: boolean;
  /** Every request's path and query, in order. */
  requests: string[];
  /** Answers a request instead of the fake when it returns a response (an interruption, say). */
  intercept: ((url: URL) => Response | null) | null;
  /** What `GET /v1/org` answers besides the counts it makes (k and the prefix length). */
  org: { bucketMinPages: number; prefixLength: number; publicUrl?: string } | null;
  /** What `GET /v1/groups` answers (to everyone); null: the route is missing (404). */
  groups: Group[] | null;
  /** Extra validation: a mutation a rule answers for is refused with that status and error. */
  rules: Array<(m: Mutation) => { status: number; code: string; message: string } | null>;
  /** Sign-in with the organisation, devices and expiry (`fake-auth.ts`). */
  auth: FakeAuth;
  /** The browser's auth window at `/auth/start`: the redirect address it ends at. */
  authorize(startUrl: string): string;
};

const PLURALS: Record<string, 'bookmark' | 'comment'> = {
  bookmarks: 'bookmark',
  comments: 'comment',
};

export function createFakeServer(): FakeServer {
  const tokens = new Map<string, Person>();
  const items = new Map<string, Stored>();
  const likes = new Map<string, Like>();
  const follows = new Map<string, Follow>();
  const changes: Change[] = [];
  const syncRequests: Mutation[][] = [];
  let failures: Array<{ status: number; headers: Record<string, string> }> = [];
  let loseNext = false;
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const now = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };

  const log = (type: Change['type'], key: string, value?: Change['value']) => {
    changes.push(value ? { type, key, deleted: false, value } : { type, key, deleted: true });
  };
  const err = (status: number, code: string, message: string, extra: object = {}) => ({
    status,
    body: { error: { code, message, ...extra } },
  });

  async function putBookmark(me: string, id: string, data: Record<string, unknown>) {
    const url = data.url;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
      return err(400, 'invalid', 'url: must be an http(s) URL');
    }
    const key = await urlKey(url);
    const existing = items.get(id);
    if (existing && existing.owner !== me) return err(403, 'forbidden', 'not yours');
    for (const other of items.values()) {
      if (
        other.type === 'bookmark' &&
        other.owner === me &&
        other.urlKey === key &&
        other.id !== id
      ) {
        return err(409, 'conflict', 'you already bookmarked this page', { existingId: other.id });
      }
    }
    const fields: Omit<Bookmark, 'type' | 'id' | 'owner' | 'createdAt' | 'updatedAt'> = {
      url: sharedUrl(url),
      urlKey: key,
      title: (data.title as string | undefined) ?? '',
      description: (data.description as string | undefined) ?? '',
      tags: (data.tags as string[] | undefined) ?? [],
      visibility: (data.visibility as Bookmark['visibility'] | undefined) ?? 'public',
      ...(data.visibility === 'group'
        ? { groups: [...((data.groups as string[] | undefined) ?? [])].sort() }
        : {}),
    };
    if (existing && existing.type === 'bookmark') {
      const same = (Object.keys(fields) as Array<keyof typeof fields>).every(
        (k) => JSON.stringify(existing[k]) === JSON.stringify(fields[k]),
      );
      if (same) return { status: 200, body: existing };
    }
    const at = now();
    const bookmark: Bookmark = {
      type: 'bookmark',
      id,
      owner: me,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      ...fields,
    };
    items.set(id, bookmark);
    log('bookmark', id, bookmark);
    return { status: existing ? 200 : 201, body: bookmark };
  }

  async function apply(me: string, m: Mutation): Promise<{ status: number; body: unknown }> {
    for (const rule of server.rules) {
      const refusal = rule(m);
      if (refusal) return err(refusal.status, refusal.code, refusal.message);
    }
    const data = (m.data ?? {}) as Record<string, unknown>;
    if (m.type === 'bookmark' && m.op === 'put') return putBookmark(me, m.id, data);
    if ((m.type === 'bookmark' || m.type === 'comment') && m.op === 'delete') {
      const existing = items.get(m.id);
      if (!existing) return err(404, 'not-found', 'no such item');
      if (existing.owner !== me) return err(403, 'forbidden', 'not yours');
      items.delete(m.id);
      log(m.type, m.id);
      return { status: 204, body: null };
    }
    if (m.type === 'comment' && m.op === 'put') {
      if (items.get(m.id)) return { status: 200, body: items.get(m.id) };
      const at = now();
      const comment: Comment = {
        type: 'comment',
        id: m.id,
        owner: me,
        createdAt: at,
        updatedAt: at,
        targetId: String(data.targetId),
        text: String(data.text),
        mentions: [],
      };
      items.set(m.id, comment);
      log('comment', m.id, comment);
      return { status: 201, body: comment };
    }
    if (m.type === 'like') {
      const key = `${me}/${m.id}`;
      if (m.op === 'delete') {
        if (!likes.delete(key)) return err(404, 'not-found', 'not liked');
        log('like', key);
        return { status: 204, body: null };
      }
      if (!items.has(m.id)) return err(404, 'not-found', 'no such item');
      if (likes.has(key)) return { status: 200, body: likes.get(key) };
      const like: Like = { type: 'like', owner: me, targetId: m.id, createdAt: now() };
      likes.set(key, like);
      log('like', key, like);
      return { status: 201, body: like };
    }
    if (m.type === 'follow') {
      const key = `${me}/${m.id}`;
      if (m.op === 'delete') {
        if (!follows.delete(key)) return err(404, 'not-found', 'not followed');
        log('follow', key);
        return { status: 204, body: null };
      }
      if (follows.has(key)) return { status: 200, body: follows.get(key) };
      const follow: Follow = { type: 'follow', follower: me, followee: m.id, createdAt: now() };
      follows.set(key, follow);
      log('follow', key, follow);
      return { status: 201, body: follow };
    }
    return err(400, 'invalid', `type: ${m.type} not supported by the fake`);
  }

  async function mutate(handle: string, mutations: Mutation[]): Promise<MutationResult[]> {
    const results: MutationResult[] = [];
    for (const m of mutations) {
      const r = await apply(handle, m);
      results.push({ id: m.id, type: m.type, op: m.op, status: r.status, body: r.body });
    }
    return results;
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

  const fakeAuth = createFakeAuth({
    tokens,
    now,
    addUser: (handle, name) => server.addUser(handle, name),
  });

  const server: FakeServer = {
    auth: fakeAuth.auth,
    authorize: fakeAuth.authorize,
    items,
    likes,
    follows,
    changes,
    syncRequests,
    down: false,
    requests: [],
    intercept: null,
    org: { bucketMinPages: 50, prefixLength: 3 },
    groups: [],
    rules: [],
    addUser(handle, name = handle) {
      // A person's first token is `token-<handle>`; more sign-ins get more tokens.
      const existing = [...tokens.values()].find((p) => p.handle === handle);
      const token = existing ? `token-${handle}-${tokens.size + 1}` : `token-${handle}`;
      const person: Person = existing ?? { handle, name, createdAt: now() };
      tokens.set(token, person);
      if (!existing) log('person', handle, person);
      if (!fakeAuth.auth.devices.has(token)) fakeAuth.device(token, handle, 'script');
      return token;
    },
    mutate,
    failNext(count, status, headers = {}) {
      failures = Array.from({ length: count }, () => ({ status, headers }));
    },
    loseNextResponse() {
      loseNext = true;
    },
    async fetch(input, init = {}) {
      if (server.down) throw new TypeError('fetch failed');
      const url = new URL(input);
      server.requests.push(`${url.pathname}${url.search}`);
      const intercepted = server.intercept?.(url);
      if (intercepted) return intercepted;
      const failure = failures.shift();
      if (failure) {
        return json(
          failure.status,
          { error: { code: 'unavailable', message: 'try later' } },
          failure.headers,
        );
      }
      const open = await fakeAuth.publicRoute(url, init, json);
      if (open) return open;
      const auth = new Headers(init.headers).get('authorization') ?? '';
      const token = auth.replace(/^Bearer /, '');
      if (fakeAuth.auth.expired.has(token)) {
        return json(401, { error: { code: 'token_expired', message: 'token too old' } });
      }
      const me = tokens.get(token);
      if (!me) return json(401, { error: { code: 'unauthorized', message: 'bad token' } });
      const own = fakeAuth.privateRoute(url, init, token, json);
      if (own) return own;
      const path = url.pathname;
      if (path === '/v1/me') return json(200, me);
      if (path === '/v1/org') {
        if (!server.org) return json(404, { error: { code: 'not-found', message: 'no route' } });
        const live = [...items.values()];
        const pages = new Set(live.flatMap((i) => (i.type === 'comment' ? [] : [i.urlKey])));
        return json(200, {
          pages: pages.size,
          items: live.length,
          people: new Set([...tokens.values()].map((p) => p.handle)).size,
          ...server.org,
        });
      }
      if (path === '/v1/groups') {
        if (!server.groups) return json(404, { error: { code: 'not-found', message: 'no route' } });
        return json(200, { items: server.groups });
      }
      if (path === '/v1/sync' && init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { mutations: Mutation[] };
        syncRequests.push(body.mutations);
        const results = await mutate(me.handle, body.mutations);
        if (loseNext) {
          loseNext = false;
          throw new TypeError('network connection lost');
        }
        return json(200, { results });
      }
      if (path === '/v1/changes') {
        const cursor = Number(url.searchParams.get('cursor') ?? '0');
        const limit = Number(url.searchParams.get('limit') ?? '100');
        const visible = changes
          .map((c, i) => ({ c, seq: i + 1 }))
          .filter(({ seq }) => seq > cursor);
        const page = visible.slice(0, limit);
        const last = page.at(-1)?.seq ?? cursor;
        return json(200, {
          items: page.map(({ c }) => c),
          cursor: String(last),
          hasMore: visible.length > page.length,
        });
      }
      const item = /^\/v1\/(bookmarks|comments)\/([^/]+)$/.exec(path);
      if (item && PLURALS[item[1]!]) {
        const found = items.get(item[2]!);
        return found
          ? json(200, found)
          : json(404, { error: { code: 'not-found', message: 'none' } });
      }
      return json(404, { error: { code: 'not-found', message: `no route ${path}` } });
    },
  };
  return server;
}
