/**
 * Test fixtures for the background: a fresh fake-indexeddb database per test, an in-memory
 * `storage.local`, a fake browser platform and a fully wired background over a fake server.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createServices } from '../../../src/background/service.ts';
import type { ManagedPolicy } from '../../../src/core/managed-settings.ts';
import type { BackgroundToContent } from '../../../src/core/messages.ts';
import { type OutloudDb, openDb } from '../../../src/platform/db.ts';
import type { BadgeLook, Platform, TabLike } from '../../../src/platform/extension.ts';
import type { Identity } from '../../../src/platform/identity.ts';
import { leaseLock } from '../../../src/platform/lock.ts';
import type { KeyValueStore } from '../../../src/platform/settings.ts';
import { createFakeServer, type FakeServer } from './fake-server.ts';

let counter = 0;

/** A database in its own fresh IndexedDB factory. */
export function freshDb(): Promise<OutloudDb> {
  return openDb(`outloud-test-${++counter}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

/** `storage.local` in memory (values deep-copied, as the browser does). */
export function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(keys) {
      const out: Record<string, unknown> = {};
      for (const k of keys) if (data.has(k)) out[k] = structuredClone(data.get(k));
      return out;
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of keys) data.delete(k);
    },
  };
}

export type FakePlatform = Platform & {
  tabs: Map<number, TabLike>;
  activeId: number | null;
  badges: Map<number | null, BadgeLook>;
  sent: Array<{ tabId: number; message: BackgroundToContent }>;
  /** What a content script answers to messages (undefined: no content script). */
  contentAnswer: unknown;
  sidePanels: Array<number | null>;
  /** Frames the overlay bundle was injected into. */
  overlays: Array<{ tabId: number; frameId: number }>;
};

export function fakePlatform(): FakePlatform {
  const p: FakePlatform = {
    tabs: new Map(),
    activeId: null,
    badges: new Map(),
    sent: [],
    contentAnswer: undefined,
    sidePanels: [],
    overlays: [],
    async activeTab() {
      return p.activeId === null ? null : (p.tabs.get(p.activeId) ?? null);
    },
    async tab(id) {
      return p.tabs.get(id) ?? null;
    },
    async setBadge(tabId, look) {
      p.badges.set(tabId, look);
    },
    async openSidePanel(tabId) {
      p.sidePanels.push(tabId);
    },
    async webTabs() {
      return [...p.tabs.values()].filter((t) => /^https?:/.test(t.url ?? '')).map((t) => t.id);
    },
    async injectOverlay(tabId, frameId) {
      p.overlays.push({ tabId, frameId });
    },
    async sendToTab(tabId, message) {
      p.sent.push({ tabId, message });
      if (p.contentAnswer === undefined) {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }
      return p.contentAnswer;
    },
  };
  return p;
}

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';

/** Chrome's redirect address for this extension (`identity.getRedirectURL()`). */
export const REDIRECT_URL = `https://${EXTENSION_ID}.chromiumapp.org/`;

export type FakeIdentity = Identity & {
  opened: string[];
  facts: Awaited<ReturnType<Identity['browserFacts']>>;
};

/**
 * The browser's auth window over the fake server: it opens the `/auth/start` address, where
 * the server's scripted login (`server.auth.login`) decides how it ends, and answers the
 * address it was redirected to, or rejects as the browser does when the window is closed.
 */
export function fakeIdentity(server: FakeServer): FakeIdentity {
  const identity: FakeIdentity = {
    opened: [],
    facts: { os: 'linux', brands: ['Chromium', 'Google Chrome'], userAgent: 'Mozilla/5.0' },
    redirectUrl: () => REDIRECT_URL,
    async launch(url) {
      identity.opened.push(url);
      if (server.down) throw new Error('Authorization page could not be loaded.');
      return server.authorize(url);
    },
    browserFacts: async () => identity.facts,
  };
  return identity;
}
export const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

/** A sender that is one of the extension's own pages. */
export const pageSender = { id: EXTENSION_ID, url: `${ORIGIN}popup.html` };
/** A sender that is the extension's content script in tab 7. */
export const contentSender = {
  id: EXTENSION_ID,
  url: 'https://example.org/article',
  tab: { id: 7, url: 'https://example.org/article' },
};

/** A wired background over a fake server, with timers collected instead of scheduled. */
export async function setup(
  options: { server?: FakeServer; managed?: () => Promise<ManagedPolicy> } = {},
) {
  const server = options.server ?? createFakeServer();
  const identity = fakeIdentity(server);
  const db = await freshDb();
  const store = memoryStore();
  const platform = fakePlatform();
  const timers: Array<() => void> = [];
  let clock = Date.parse('2025-06-01T12:00:00Z');
  const bg = createServices({
    db,
    store,
    fetch: (input, init) => server.fetch(input, init),
    platform,
    identity,
    managed: options.managed,
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    lock: leaseLock(db),
    now: () => clock,
    random: () => 0.5,
    setTimer: (fn) => timers.push(fn),
  });
  /** Calls a ui method as an extension page would. */
  const ui = (method: string, params: unknown = {}) =>
    bg.router({ outloud: 1, channel: 'ui', method, params }, pageSender) as Promise<
      { ok: true; value: never } | { ok: false; error: { code: string; message: string } }
    >;
  let nextTab = 1000;
  /**
   * Bookmarks `url` as a person does: a tab at that address and the one-click bookmark
   * (`bookmarkTab`), answered as the page would get it.
   */
  const bookmarkPage = async ({ url, title = '' }: { url: string; title?: string }) => {
    const id = nextTab++;
    platform.tabs.set(id, { id, url, title });
    return ui('bookmarkTab', { tabId: id });
  };
  /** Signs in as `handle` (created on the fake server). */
  const signIn = async (handle = 'alice', name = 'Alice') => {
    const token = server.addUser(handle, name);
    const reply = await ui('signIn', { serverUrl: 'http://server.test', token });
    if (!reply.ok) throw new Error(`signIn failed: ${reply.error.message}`);
    await idle(bg);
    return token;
  };
  return {
    server,
    db,
    store,
    platform,
    identity,
    bg,
    ui,
    bookmarkPage,
    signIn,
    timers,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

/** Waits until every sync run started so far (by actions, sign-in…) has finished. */
export async function idle(bg: { sync: { settled(): Promise<void> } }): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await bg.sync.settled();
  }
}
