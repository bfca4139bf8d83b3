/**
 * A fake background for component tests: an in-memory answer per method (a value or a function
 * of the params), a log of every call, recorders for opened tabs, the options page, the clipboard
 * and messages sent to a tab, and a tab the page shows that a test can change.
 */
import type {
  BackgroundToContent,
  SyncStatus,
  UiMethod,
  UiParamsOf,
  UiResults,
} from '../../../src/core/messages.ts';
import type { Bookmark, Person } from '../../../src/core/wire.ts';
import type { PageEnv, TabRef } from '../../../src/ui/env.ts';

type Handler<M extends UiMethod> =
  | UiResults[M]
  | ((params: UiParamsOf<M>) => UiResults[M] | Promise<UiResults[M]>);
export type Handlers = { [M in UiMethod]?: Handler<M> };

export type FakeEnv = PageEnv & {
  calls: Array<{ method: UiMethod; params: unknown }>;
  opened: string[];
  optionsOpened: number;
  /** Texts written to the clipboard, in order. */
  copied: string[];
  /** Set to make the next clipboard writes fail, as a browser refusing them would. */
  clipboardRefuses: boolean;
  handlers: Handlers;
  /** The tab `activeTab()` answers (null: no tab a page could show). */
  tab: TabRef | null;
  /** Messages sent to tabs, in order. */
  sent: Array<{ tabId: number; message: BackgroundToContent }>;
  /** Tells the page the active tab changed (after setting `tab`), as the browser would. */
  changeTab(): void;
  /** The params of every call of `method`, in order. */
  callsOf<M extends UiMethod>(method: M): Array<UiParamsOf<M>>;
};

/** An error as `callUi` throws it. */
export class FakeRpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The tab a fake environment shows unless a test sets another. */
export const TAB: TabRef = { id: 7, url: 'https://example.org/guide', title: 'The guide' };

/** Builds a fake environment; unhandled methods reject with code `not-faked`. */
export function fakeEnv(handlers: Handlers, tab: TabRef | null = TAB): FakeEnv {
  const listeners = new Set<() => void>();
  const env: FakeEnv = {
    calls: [],
    opened: [],
    optionsOpened: 0,
    copied: [],
    clipboardRefuses: false,
    handlers,
    tab,
    sent: [],
    call: (async (method: UiMethod, params: unknown) => {
      env.calls.push({ method, params });
      const handler = (env.handlers as Record<string, unknown>)[method];
      if (handler === undefined) throw new FakeRpcError('not-faked', `${method} is not faked`);
      return typeof handler === 'function' ? await handler(params) : handler;
    }) as PageEnv['call'],
    openTab(url) {
      env.opened.push(url);
    },
    openOptions() {
      env.optionsOpened++;
    },
    async copyText(text) {
      if (env.clipboardRefuses)
        throw new DOMException('Document is not focused.', 'NotAllowedError');
      env.copied.push(text);
    },
    async activeTab(tabId) {
      return env.tab && (tabId === undefined || tabId === env.tab.id) ? env.tab : null;
    },
    onTabChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async sendToTab(tabId, message) {
      env.sent.push({ tabId, message });
    },
    changeTab() {
      for (const listener of listeners) listener();
    },
    callsOf(method) {
      return env.calls.filter((c) => c.method === method).map((c) => c.params) as never;
    },
  };
  return env;
}

export const ANN: Person = {
  handle: 'ann',
  name: 'Ann Andersson',
  createdAt: '2025-01-01T00:00:00Z',
};
export const BOB: Person = { handle: 'bob', name: 'Bob Berg', createdAt: '2025-01-01T00:00:00Z' };

/** The status of someone signed in as Ann with nothing waiting. */
export const SIGNED_IN_AS_ANN: SyncStatus = {
  signedIn: true,
  me: ANN,
  lastSyncAt: null,
  pending: 0,
  failed: [],
  error: null,
  lookup: { mode: 'local', chosen: false, auto: null },
  firstSync: null,
  permalinkBase: null,
};

/** A bookmark as the background answers it. */
export function bookmark(over: Partial<Bookmark> = {}): Bookmark {
  return {
    type: 'bookmark',
    id: '01930000-0000-7000-8000-000000000001',
    owner: 'ann',
    createdAt: '2025-01-02T10:00:00Z',
    updatedAt: '2025-01-02T10:00:00Z',
    url: 'https://example.org/article',
    urlKey: 'a'.repeat(64),
    title: 'An article',
    description: '',
    tags: [],
    visibility: 'public',
    ...over,
  };
}
