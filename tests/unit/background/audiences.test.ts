/**
 * The caller's groups in the background (read after every sync and on request, the last known
 * list offline), the audience remembered per site, group items in the local copy (labels,
 * the feed's filter, gone on a tombstone) and the refusals of malformed audiences.
 */
import { describe, expect, it } from 'vitest';
import type {
  AudienceChoices,
  FeedEntry,
  KnownGroups,
  PageEngagement,
} from '../../../src/core/messages.ts';
import { urlKey } from '../../../src/core/url.ts';
import type { Bookmark, Group, Snippet } from '../../../src/core/wire.ts';
import { itemById } from '../../../src/platform/mirror-queries.ts';
import { contentSender, idle, setup } from './helpers.ts';

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const gid = (n: number) => `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const iid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

function group(
  n: number,
  name: string,
  role: Group['role'],
  kind: Group['kind'] = 'closed',
): Group {
  return {
    id: gid(n),
    name,
    description: '',
    kind,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    members: 3,
    role,
    requested: false,
  };
}

const DESIGN = group(1, 'Design', 'member');
const ARCH = group(2, 'Architecture', 'owner');
const OPEN = group(3, 'Open floor', null, 'open');

function value<T>(reply: unknown): T {
  const r = reply as Reply<T>;
  if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function groupSnippet(n: number, owner: string, groups: string[]): Promise<Snippet> {
  const url = 'https://example.org/spec';
  return {
    type: 'snippet',
    id: iid(n),
    owner,
    createdAt: `2025-02-0${n}T10:00:00Z`,
    updatedAt: `2025-02-0${n}T10:00:00Z`,
    url,
    urlKey: await urlKey(url),
    title: 'The spec',
    quote: { exact: 'the quoted words' },
    comment: '',
    mentions: [],
    visibility: 'group',
    groups,
  };
}

describe('the known groups and the audiences', () => {
  it('reads the groups after sync and on request, and keeps the last list offline', async () => {
    const t = await setup();
    t.server.groups = [DESIGN, OPEN];
    await t.signIn('bo', 'Bo');
    expect(t.server.requests).toContain('/v1/groups');
    const first = value<KnownGroups>(await t.ui('knownGroups'));
    expect(first.items.map((g) => g.name)).toEqual(['Design', 'Open floor']);
    expect(first.fetchedAt).not.toBeNull();

    t.server.groups = [DESIGN, ARCH, OPEN];
    // Without `refresh` the stored list answers; with it the server is read again.
    expect(value<KnownGroups>(await t.ui('knownGroups')).items).toHaveLength(2);
    expect(value<KnownGroups>(await t.ui('knownGroups', { refresh: true })).items).toHaveLength(3);

    t.server.down = true;
    const offline = value<KnownGroups>(await t.ui('knownGroups', { refresh: true }));
    expect(offline.items.map((g) => g.name)).toEqual(['Design', 'Architecture', 'Open floor']);
    t.server.down = false;

    // A server without groups has none.
    t.server.groups = null;
    expect(value<KnownGroups>(await t.ui('knownGroups', { refresh: true })).items).toEqual([]);
  });

  it('offers my groups by name, remembers the choice per site, and drops groups I left', async () => {
    const t = await setup();
    t.server.groups = [DESIGN, ARCH, OPEN];
    await t.signIn('bo', 'Bo');
    const figma = 'https://www.figma.com/file/1';
    const start = value<AudienceChoices>(await t.ui('audienceChoices', { url: figma }));
    // Open groups I am not in are not offered.
    expect(start).toEqual({
      audience: { kind: 'public' },
      groups: [
        { id: ARCH.id, name: 'Architecture', kind: 'closed' },
        { id: DESIGN.id, name: 'Design', kind: 'closed' },
      ],
    });
    const chosen = { kind: 'group', groups: [DESIGN.id, ARCH.id] };
    value(await t.ui('rememberAudience', { url: figma, audience: chosen }));
    value(await t.ui('rememberAudience', { audience: { kind: 'private' } }));
    const again = async (url?: string) =>
      value<AudienceChoices>(await t.ui('audienceChoices', url ? { url } : {})).audience;
    expect(await again('https://figma.com/other')).toEqual(chosen);
    expect(await again('https://example.org/')).toEqual({ kind: 'public' });
    expect(await again()).toEqual({ kind: 'private' });
    // Kept in the browser only.
    expect(t.server.requests.some((r) => r.includes('audience'))).toBe(false);

    t.server.groups = [DESIGN, OPEN];
    await t.ui('knownGroups', { refresh: true });
    expect(await again(figma)).toEqual({ kind: 'group', groups: [DESIGN.id] });
    t.server.groups = [OPEN];
    await t.ui('knownGroups', { refresh: true });
    expect(await again(figma)).toEqual({ kind: 'private' });
  });

  it('keeps the one-click bookmark public, and sends the audience the editor picks', async () => {
    const t = await setup();
    t.server.groups = [DESIGN];
    await t.signIn('bo', 'Bo');
    value(
      await t.ui('rememberAudience', {
        url: 'https://wiki.example.org/a',
        audience: { kind: 'group', groups: [DESIGN.id] },
      }),
    );
    // The remembered choice starts the pickers; the one-click bookmark stays public by default.
    const saved = value<{ bookmark: Bookmark }>(
      await t.bookmarkPage({ url: 'https://wiki.example.org/b' }),
    );
    expect(saved.bookmark.visibility).toBe('public');
    expect(saved.bookmark.groups).toBeUndefined();
    const id = saved.bookmark.id;

    const grouped = value<Bookmark>(
      await t.ui('updateBookmark', {
        id,
        patch: { visibility: 'group', groups: [DESIGN.id] },
      }),
    );
    expect(grouped).toMatchObject({ visibility: 'group', groups: [DESIGN.id] });
    await idle(t.bg);
    expect(t.server.items.get(id)).toMatchObject({ visibility: 'group', groups: [DESIGN.id] });

    // Back to public drops the groups, locally and in what is sent.
    const edited = value<Bookmark>(
      await t.ui('updateBookmark', { id, patch: { visibility: 'public' } }),
    );
    expect(edited.visibility).toBe('public');
    expect(edited.groups).toBeUndefined();
    // A title edit keeps the audience as it is.
    value(
      await t.ui('updateBookmark', { id, patch: { visibility: 'group', groups: [DESIGN.id] } }),
    );
    const titled = value<Bookmark>(await t.ui('updateBookmark', { id, patch: { title: 'B' } }));
    expect(titled).toMatchObject({ title: 'B', visibility: 'group', groups: [DESIGN.id] });
    await idle(t.bg);
    const sent = t.server.syncRequests.flat().filter((m) => m.id === id);
    const bodies = sent.map((m) => m.data as { visibility?: string; groups?: string[] });
    expect(bodies.map((b) => [b.visibility, b.groups])).toContainEqual(['public', undefined]);
    expect(bodies.at(-1)).toMatchObject({ title: 'B', visibility: 'group', groups: [DESIGN.id] });
    expect(t.server.items.get(id)).toMatchObject({ title: 'B', groups: [DESIGN.id] });
  });

  it('remembers the snippet composer’s audience for the page’s site', async () => {
    const t = await setup();
    t.server.groups = [DESIGN];
    await t.signIn('bo', 'Bo');
    const content = (method: string, params: unknown = {}) =>
      t.bg.router({ outloud: 1, channel: 'content', method, params }, contentSender);
    expect(value<AudienceChoices>(await content('audienceChoices')).audience).toEqual({
      kind: 'public',
    });
    const shared = value<Snippet>(
      await content('shareSnippet', {
        url: 'https://example.org/article',
        quote: { exact: 'words' },
        visibility: 'group',
        groups: [DESIGN.id],
      }),
    );
    expect(shared).toMatchObject({ visibility: 'group', groups: [DESIGN.id] });
    expect(value<AudienceChoices>(await content('audienceChoices')).audience).toEqual({
      kind: 'group',
      groups: [DESIGN.id],
    });
  });

  it('forgets the groups and the remembered choices on sign-out', async () => {
    const t = await setup();
    t.server.groups = [DESIGN];
    await t.signIn('bo', 'Bo');
    value(await t.ui('rememberAudience', { url: 'https://a.org/', audience: { kind: 'private' } }));
    value(await t.ui('signOut', {}));
    expect(t.store.data.has('audiences')).toBe(false);
    expect(value<KnownGroups>(await t.ui('knownGroups'))).toEqual({ items: [], fetchedAt: null });
  });
});

describe('group items in the local copy', () => {
  it('labels them, filters the feed by group, and drops them on a tombstone', async () => {
    const t = await setup();
    t.server.groups = [DESIGN, ARCH];
    await t.signIn('bo', 'Bo');
    t.server.addUser('ann', 'Ann');
    const inDesign = await groupSnippet(1, 'ann', [DESIGN.id]);
    const inArch = await groupSnippet(2, 'ann', [ARCH.id]);
    t.server.changes.push(
      { type: 'snippet', key: inDesign.id, deleted: false, value: inDesign },
      { type: 'snippet', key: inArch.id, deleted: false, value: inArch },
    );
    value(await t.ui('syncNow'));
    const page = value<PageEngagement>(
      await t.ui('pageEngagement', { url: 'https://example.org/spec' }),
    );
    expect(page.snippets.map((s) => s.id).sort()).toEqual([inDesign.id, inArch.id]);
    expect(page.groupNames).toEqual({ [DESIGN.id]: 'Design', [ARCH.id]: 'Architecture' });

    const feed = async (group?: string) =>
      value<FeedEntry[]>(await t.ui('feed', group ? { limit: 10, group } : { limit: 10 })).map(
        (e) => e.item.id,
      );
    expect(await feed(DESIGN.id)).toEqual([inDesign.id]);
    expect(await feed(ARCH.id)).toEqual([inArch.id]);

    // Bo leaves Design: the change feed sends a tombstone, and the next pull removes it.
    t.server.changes.push({ type: 'snippet', key: inDesign.id, deleted: true });
    value(await t.ui('syncNow'));
    expect(await itemById(t.db, inDesign.id)).toBeUndefined();
    const after = value<PageEngagement>(
      await t.ui('pageEngagement', { url: 'https://example.org/spec' }),
    );
    expect(after.snippets.map((s) => s.id)).toEqual([inArch.id]);
    expect(await feed(DESIGN.id)).toEqual([]);
  });
});

describe('open pages follow the local copy', () => {
  it('asks every open web page to look again after a pull that changed something', async () => {
    const t = await setup();
    t.server.groups = [DESIGN];
    await t.signIn('bo', 'Bo');
    t.platform.tabs.set(1, { id: 1, url: 'https://example.org/spec', title: 'Spec' });
    t.platform.tabs.set(2, { id: 2, url: 'chrome://settings', title: 'Settings' });
    t.platform.tabs.set(3, { id: 3, url: 'http://intranet/wiki', title: 'Wiki' });
    const refreshes = () =>
      t.platform.sent.filter((m) => m.message.type === 'outloud:refresh').map((m) => m.tabId);
    // Nothing new: no page is disturbed.
    value(await t.ui('syncNow'));
    await idle(t.bg);
    expect(refreshes()).toEqual([]);

    const snippet = await groupSnippet(1, 'ann', [DESIGN.id]);
    t.server.changes.push({ type: 'snippet', key: snippet.id, deleted: true });
    value(await t.ui('syncNow'));
    await idle(t.bg);
    expect(refreshes().sort()).toEqual([1, 3]);

    // In exact mode pages are asked of the server: refreshing them would send every open page.
    t.platform.sent.length = 0;
    value(await t.ui('setSettings', { lookupMode: 'exact' }));
    t.server.changes.push({ type: 'snippet', key: iid(2), deleted: true });
    value(await t.ui('syncNow'));
    await idle(t.bg);
    expect(refreshes()).toEqual([]);
  });
});

describe('malformed audiences are refused', () => {
  it.each<[string, unknown]>([
    ['rememberAudience', { audience: { kind: 'group', groups: [] } }],
    ['rememberAudience', { audience: { kind: 'group', groups: [1, 2, 3, 4, 5, 6].map(gid) } }],
    ['rememberAudience', { audience: { kind: 'group', groups: ['design'] } }],
    ['rememberAudience', { audience: { kind: 'group', groups: [gid(1), gid(1)] } }],
    ['rememberAudience', { audience: { kind: 'everyone' } }],
    ['rememberAudience', { url: 'javascript:alert(1)', audience: { kind: 'public' } }],
    ['postStatus', { text: 'hi', visibility: 'group' }],
    ['postStatus', { text: 'hi', visibility: 'public', groups: [gid(1)] }],
    ['feed', { group: 'not-a-uuid' }],
  ])('%s %j', async (method, params) => {
    const t = await setup();
    await t.signIn('bo', 'Bo');
    const reply = (await t.ui(method, params)) as Reply<unknown>;
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('invalid');
    expect(await t.db.outbox.count()).toBe(0);
  });

  it('refuses groups on a bookmark edit that is not for groups', async () => {
    const t = await setup();
    t.server.groups = [DESIGN];
    await t.signIn('bo', 'Bo');
    const saved = value<{ bookmark: Bookmark }>(
      await t.bookmarkPage({ url: 'https://example.org/x' }),
    );
    await idle(t.bg);
    const reply = (await t.ui('updateBookmark', {
      id: saved.bookmark.id,
      patch: { visibility: 'private', groups: [DESIGN.id] },
    })) as Reply<unknown>;
    expect(!reply.ok && reply.error.code).toBe('invalid');
    const group = (await t.ui('updateBookmark', {
      id: saved.bookmark.id,
      patch: { visibility: 'group' },
    })) as Reply<unknown>;
    expect(!group.ok && group.error.code).toBe('invalid');
  });
});
