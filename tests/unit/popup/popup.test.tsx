// @vitest-environment happy-dom
/** The popup against a fake background: one-click bookmark, editing, undo, other pages, sign-in. */
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { noEngagement, type SyncStatus, type UiResults } from '../../../src/core/messages.ts';
import { TYPING_SAVE_DELAY_MS } from '../../../src/popup/BookmarkEditor.tsx';
import { Popup } from '../../../src/popup/Popup.tsx';
import {
  bookmark,
  type FakeEnv,
  FakeRpcError,
  fakeEnv,
  type Handlers,
  SIGNED_IN_AS_ANN,
} from '../ui/fake-env.ts';
import { installI18n, iso } from '../ui/fake-i18n.ts';
import {
  $,
  button,
  click,
  press,
  type Rendered,
  renderWith,
  settle,
  typeInto,
} from '../ui/render.tsx';

const signedIn = SIGNED_IN_AS_ANN;
const page: UiResults['tabInfo'] = {
  url: 'https://example.org/article',
  title: 'An article',
  bookmarkable: true,
  reason: null,
};

const DESIGN = {
  id: '01930000-0000-7000-8000-00000000d001',
  name: 'Design',
  kind: 'closed' as const,
};

function popupHandlers(over: Handlers = {}): Handlers {
  return {
    getStatus: signedIn,
    tabInfo: page,
    bookmarkTab: { bookmark: bookmark(), created: true, removedParams: [] },
    myTags: ['research', 'rust', 'react'],
    updateBookmark: (p) => ({ ...bookmark(), ...p.patch }),
    deleteBookmark: null,
    audienceChoices: { audience: { kind: 'public' }, groups: [DESIGN] },
    rememberAudience: null,
    notifications: { items: [], unread: 0 },
    pageEngagement: {
      ...noEngagement(page.url!, 'a'.repeat(64)),
      people: [
        { handle: 'ann', name: 'Ann Andersson', inNetwork: true, kinds: ['bookmark'] },
        { handle: 'bob', name: 'Bob Berg', inNetwork: true, kinds: ['snippet', 'like'] },
        { handle: 'cy', name: 'Cy', inNetwork: false, kinds: ['bookmark'] },
      ],
      counts: { bookmarks: 2, snippets: 1, comments: 0, likes: 1 },
    },
    ...over,
  };
}

let view: Rendered | undefined;
async function open(env: FakeEnv, tabId?: number) {
  view = await renderWith(env, <Popup tabId={tabId} />);
  return view.root;
}

beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
  vi.useRealTimers();
});

describe('popup, one-click bookmark', () => {
  it('bookmarks the named tab at once and shows it saved publicly', async () => {
    const env = fakeEnv(popupHandlers());
    const root = await open(env, 7);
    expect(env.callsOf('tabInfo')).toEqual([{ tabId: 7 }]);
    expect(env.callsOf('bookmarkTab')).toEqual([{ tabId: 7 }]);
    expect($(root, '#bookmark-title').textContent).toBe('Saved publicly');
    expect($<HTMLInputElement>(root, '#bm-title').value).toBe('An article');
    expect(document.activeElement?.id).toBe('bm-tags');
    expect(root.textContent).not.toContain('You had already saved this page');
  });

  it('opens an existing bookmark for editing and names removed secret parameters', async () => {
    const env = fakeEnv(
      popupHandlers({
        bookmarkTab: {
          bookmark: bookmark({ tags: ['rust'], visibility: 'private' }),
          created: false,
          removedParams: ['token', 'sig'],
        },
      }),
    );
    const root = await open(env);
    expect(env.callsOf('bookmarkTab')).toEqual([{}]);
    expect($(root, '#bookmark-title').textContent).toBe('Saved privately');
    expect(root.textContent).toContain('You had already saved this page');
    expect($(root, '[data-testid=removed-params]').textContent).toBe(
      iso('Removed from the saved address because they look secret: {token, sig}'),
    );
    expect($(root, '.chips').textContent).toContain('rust');
    expect(button(root, 'Delete')).toBeTruthy();
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Undo');
  });

  it('saves tags at once, with suggestions from your own tags chosen by keyboard', async () => {
    const env = fakeEnv(popupHandlers());
    const root = await open(env);
    const input = $<HTMLInputElement>(root, '#bm-tags');
    await typeInto(input, 'r');
    const options = [...root.querySelectorAll('[role=option]')].map((o) => o.textContent);
    expect(options).toEqual(['research', 'rust', 'react']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    await press(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(
      root.querySelectorAll('[role=option]')[1]!.id,
    );
    await press(input, 'Enter');
    await settle();
    expect(env.callsOf('updateBookmark')).toEqual([
      { id: bookmark().id, patch: { tags: ['rust'] } },
    ]);
    await typeInto(input, 'reading, ');
    await settle();
    expect(env.callsOf('updateBookmark').at(-1)).toEqual({
      id: bookmark().id,
      patch: { tags: ['rust', 'reading'] },
    });
    await typeInto(input, 'res');
    await press(input, 'Escape');
    expect(root.querySelector('[role=option]')).toBeNull();
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('makes the bookmark private with the audience picker and says so', async () => {
    const env = fakeEnv(popupHandlers());
    const root = await open(env);
    const pub = $<HTMLInputElement>(root, 'input[name="bm-audience"][value="public"]');
    const onlyMe = $<HTMLInputElement>(root, 'input[name="bm-audience"][value="private"]');
    expect(pub.checked).toBe(true);
    await click(onlyMe);
    await settle();
    expect(onlyMe.checked).toBe(true);
    expect($(root, '#bookmark-title').textContent).toBe('Saved privately');
    expect(env.callsOf('updateBookmark')).toEqual([
      { id: bookmark().id, patch: { visibility: 'private' } },
    ]);
    expect(env.callsOf('rememberAudience')).toEqual([
      { url: bookmark().url, audience: { kind: 'private' } },
    ]);
    expect(root.textContent).toContain('Changes saved');
  });

  it('shares the bookmark with a group, then back with everyone', async () => {
    const env = fakeEnv(popupHandlers());
    const root = await open(env);
    const design = $<HTMLInputElement>(root, `input[name="bm-group"][value="${DESIGN.id}"]`);
    expect(design.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Who can see it');
    await click(design);
    await settle();
    expect($(root, '#bookmark-title').textContent).toBe('Saved for \u2068Design\u2069');
    await click($(root, 'input[name="bm-audience"][value="public"]'));
    await settle();
    expect(design.checked).toBe(false);
    expect(env.callsOf('updateBookmark')).toEqual([
      { id: bookmark().id, patch: { visibility: 'group', groups: [DESIGN.id] } },
      { id: bookmark().id, patch: { visibility: 'public' } },
    ]);
  });

  it('offers at most five groups at once, and says why the others are off', async () => {
    const groups = Array.from({ length: 7 }, (_, i) => ({
      id: `01930000-0000-7000-8000-00000000e00${i}`,
      name: `Team ${i}`,
      kind: 'open' as const,
    }));
    const env = fakeEnv(
      popupHandlers({ audienceChoices: { audience: { kind: 'public' }, groups } }),
    );
    const root = await open(env);
    const box = (i: number) =>
      $<HTMLInputElement>(root, `input[name="bm-group"][value="${groups[i]!.id}"]`);
    for (let i = 0; i < 5; i++) await click(box(i));
    await settle();
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => [box(i).checked, box(i).disabled])).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [true, false],
      [true, false],
      [false, true],
      [false, true],
    ]);
    expect($(root, '#bm-hint').textContent).toBe('At most 5 groups at once.');
    expect(box(5).getAttribute('aria-describedby')).toBe('bm-hint');
    await click(box(0));
    await settle();
    expect(box(5).disabled).toBe(false);
    expect(root.querySelector('#bm-hint')).toBeNull();
  });

  it('saves typing after a quiet pause, as one patch, and at once on Enter', async () => {
    const env = fakeEnv(popupHandlers());
    const root = await open(env);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const title = $<HTMLInputElement>(root, '#bm-title');
    await typeInto(title, 'A');
    await typeInto(title, 'A better title');
    expect(env.callsOf('updateBookmark')).toEqual([]);
    await vi.advanceTimersByTimeAsync(TYPING_SAVE_DELAY_MS - 100);
    expect(env.callsOf('updateBookmark')).toEqual([]);
    await vi.advanceTimersByTimeAsync(110);
    expect(env.callsOf('updateBookmark')).toEqual([
      { id: bookmark().id, patch: { title: 'A better title' } },
    ]);
    const description = $<HTMLTextAreaElement>(root, '#bm-description');
    await typeInto(description, 'Read');
    await typeInto(description, 'Read it');
    await press(description, 'Enter', { ctrlKey: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(env.callsOf('updateBookmark').at(-1)).toEqual({
      id: bookmark().id,
      patch: { description: 'Read it' },
    });
    await typeInto(title, 'Final');
    await press(title, 'Enter');
    await vi.advanceTimersByTimeAsync(0);
    expect(env.callsOf('updateBookmark').at(-1)).toEqual({
      id: bookmark().id,
      patch: { title: 'Final' },
    });
    expect(env.callsOf('updateBookmark')).toHaveLength(3);
  });

  it('shows why an edit was refused', async () => {
    const env = fakeEnv(
      popupHandlers({
        updateBookmark: () => {
          throw new FakeRpcError('invalid', 'Tags are at most 64 characters.');
        },
      }),
    );
    const root = await open(env);
    await click($(root, 'input[name="bm-audience"][value="private"]'));
    await settle();
    expect($(root, '[role=alert]').textContent).toBe(
      'Your change was not saved: Tags are at most 64 characters.',
    );
  });

  it('undoes the bookmark, and can save it again', async () => {
    const env = fakeEnv(popupHandlers());
    const root = await open(env);
    await click(button(root, 'Undo'));
    await settle();
    expect(env.callsOf('deleteBookmark')).toEqual([{ id: bookmark().id }]);
    expect($(root, '#bookmark-title').textContent).toBe('Bookmark removed');
    await click(button(root, 'Save it again'));
    await settle();
    expect(env.callsOf('bookmarkTab')).toHaveLength(2);
    expect($(root, '#bookmark-title').textContent).toBe('Saved publicly');
  });

  it('says why a page cannot be bookmarked, and shows no editor when the save is refused', async () => {
    const env = fakeEnv(
      popupHandlers({
        tabInfo: { url: null, title: 'Settings', bookmarkable: false, reason: 'not-http' },
        bookmarkTab: () => {
          throw new FakeRpcError('not-http', 'Only web pages (http and https) can be saved.');
        },
      }),
    );
    const root = await open(env);
    expect(root.textContent).toContain('This page cannot be bookmarked');
    expect(root.textContent).toContain('Outloud saves web pages only');
    expect(root.querySelector('#bm-title')).toBeNull();
    expect(root.querySelector('[role=alert]')).toBeNull();
  });

  it('sends the save with its first messages, before knowing the answer to them', async () => {
    let releaseStatus: (s: SyncStatus) => void = () => {};
    const env = fakeEnv(
      popupHandlers({
        getStatus: () =>
          new Promise<SyncStatus>((r) => {
            releaseStatus = r;
          }),
      }),
    );
    const root = await open(env);
    expect(
      env.calls
        .map((c) => c.method)
        .slice(0, 3)
        .sort(),
    ).toEqual(['bookmarkTab', 'getStatus', 'tabInfo']);
    expect(root.textContent).toContain('Loading…');
    await act(async () => releaseStatus(signedIn));
    await settle();
    expect(env.callsOf('bookmarkTab')).toHaveLength(1);
    expect($(root, '#bookmark-title').textContent).toBe('Saved publicly');
  });

  it('lists who in your network engaged with the page, without you', async () => {
    const env = fakeEnv(popupHandlers());
    const root = await open(env);
    const people = $(root, '.this-page');
    expect(people.textContent).toContain('Bob Berg');
    expect(people.textContent).toContain('shared a snippet, liked something here');
    expect(people.textContent).not.toContain('Ann Andersson');
    expect(people.textContent).toContain('…and 1 more person in your organisation.');
  });

  it('follows someone from the people on the page, who then counts as your network', async () => {
    const following = new Set(['bob']);
    const base = popupHandlers().pageEngagement as UiResults['pageEngagement'];
    const env = fakeEnv(
      popupHandlers({
        pageEngagement: () => ({
          ...base,
          people: base.people.map((p) => ({
            ...p,
            inNetwork: p.handle === 'ann' || following.has(p.handle),
          })),
        }),
        follow: ({ handle }) => {
          following.add(handle);
          return null;
        },
      }),
    );
    const root = await open(env);
    const section = $(root, '.this-page');
    const cy = () => $<HTMLButtonElement>(section, '[data-follow="cy"]');
    expect($(section, '[data-follow="bob"]').getAttribute('aria-pressed')).toBe('true');
    expect(cy().getAttribute('aria-pressed')).toBe('false');
    expect(section.querySelector('[data-follow="ann"]')).toBeNull();
    cy().focus();
    await click(cy());
    await settle();
    expect(env.callsOf('follow')).toEqual([{ handle: 'cy' }]);
    expect(cy().getAttribute('aria-pressed')).toBe('true');
    // Cy moved into the network list, and the button kept the focus.
    expect(section.querySelector('.people')!.textContent).toContain('Cy');
    expect(section.textContent).not.toContain('more person');
    expect(document.activeElement).toBe(cy());
  });
});

describe('popup, signed out and sync trouble', () => {
  it('explains sign-in and opens the settings', async () => {
    const env = fakeEnv(
      popupHandlers({
        getStatus: {
          ...signedIn,
          signedIn: false,
          me: null,
          error: { code: 'unauthorized', message: 'The server did not accept your token.' },
        },
        bookmarkTab: () => {
          throw new FakeRpcError('signed-out', 'Sign in to Outloud first.');
        },
      }),
    );
    const root = await open(env);
    expect(root.querySelector('#bm-title')).toBeNull();
    expect(root.textContent).toContain('You are not signed in to an Outloud server yet.');
    expect($(root, '[role=alert]').textContent).toBe(
      'Sync failed: The server did not accept your token.',
    );
    await click(button(root, 'Open settings'));
    expect(env.optionsOpened).toBe(1);
  });

  it('shows refused items with their reasons and retries them', async () => {
    const failing: SyncStatus = {
      ...signedIn,
      failed: [
        { id: 'x', type: 'status', op: 'put', code: 'invalid', message: 'text is too long' },
      ],
    };
    const env = fakeEnv(popupHandlers({ getStatus: failing, retryFailed: signedIn }));
    const root = await open(env);
    expect(root.textContent).toContain('The server refused 1 item:');
    expect(root.textContent).toContain(iso('{Status update}: {text is too long}'));
    await click(button(root, 'Retry'));
    await settle();
    expect(env.callsOf('retryFailed')).toHaveLength(1);
    expect(root.textContent).not.toContain('text is too long');
  });
});

describe('popup, the server no longer accepts the sign-in', () => {
  it.each([
    ['token-expired', 'Your sign-in has expired.'],
    ['unauthorized', "The server no longer accepts this browser's sign-in"],
  ])(
    'after %s asks to sign in again, says nothing is lost and keeps working',
    async (code, words) => {
      const env = fakeEnv(
        popupHandlers({
          getStatus: { ...signedIn, pending: 2, error: { code, message: 'bad token' } },
        }),
      );
      const root = await open(env);
      const notice = $(root, '[data-testid=sign-in-again]');
      expect(notice.textContent).toContain('Sign in again');
      expect(notice.textContent).toContain(words);
      expect(notice.textContent).toContain('Nothing is lost');
      expect(notice.textContent?.replace(/[\u2068\u2069]/g, '')).toContain('Waiting to be sent: 2');
      // The sync failure stays announced beside the notice, as before.
      expect($(root, '[role=alert]').textContent).toMatch(/^Sync failed: /);
      // The page is still there: what is made now waits in the outbox too.
      expect(root.querySelector('#bm-title')).not.toBeNull();
      await click(button(root, 'Sign in again…'));
      expect(env.optionsOpened).toBe(1);
    },
  );
});

describe('popup tabs', () => {
  it('moves between tabs with the arrow keys and shows the unread count', async () => {
    const env = fakeEnv(
      popupHandlers({
        notifications: {
          unread: 2,
          items: [
            {
              id: 'n1',
              kind: 'mention',
              at: '2025-01-03T09:00:00Z',
              actor: { handle: 'bob', name: 'Bob Berg' },
              read: false,
              item: {
                type: 'status',
                id: '01930000-0000-7000-8000-0000000000aa',
                owner: 'bob',
                createdAt: '2025-01-03T09:00:00Z',
                updatedAt: '2025-01-03T09:00:00Z',
                text: '@ann do you know Kysely?',
                url: 'https://kysely.dev/',
                urlKey: 'b'.repeat(64),
                title: 'Kysely',
                question: true,
                mentions: ['ann'],
                visibility: 'public',
              },
            },
          ],
        },
        markNotificationsRead: null,
        listGroups: [],
      }),
    );
    const root = await open(env);
    const tabs = () => [...root.querySelectorAll<HTMLElement>('[role=tab]')];
    expect(tabs().map((t) => t.textContent)).toEqual([
      'This page',
      'Status',
      'Feed',
      'Notifications22 unread',
      'Groups',
    ]);
    await press(tabs()[0]!, 'End');
    expect(tabs()[4]!.getAttribute('aria-selected')).toBe('true');
    await press(tabs()[4]!, 'ArrowLeft');
    expect(tabs()[3]!.getAttribute('aria-selected')).toBe('true');
    await settle();
    expect(env.callsOf('markNotificationsRead')).toHaveLength(1);
    const item = $(root, '.notifications .item');
    expect(item.classList.contains('unread')).toBe(true);
    expect(item.textContent).toContain('Bob Berg mentioned you');
    await click($(item, 'a'));
    expect(env.opened).toEqual(['https://kysely.dev/']);
    await press(tabs()[3]!, 'ArrowRight');
    await press(tabs()[4]!, 'ArrowRight');
    expect(tabs()[0]!.getAttribute('aria-selected')).toBe('true');
  });
});

describe('popup, the local copy', () => {
  const plain = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');

  it('shows the first sync’s progress, n of about N, until it is complete', async () => {
    const env = fakeEnv(
      popupHandlers({ getStatus: { ...signedIn, firstSync: { applied: 12_500, total: 100_000 } } }),
    );
    const root = await open(env);
    const progress = $(root, '[data-testid=first-sync]');
    expect(plain(progress.textContent)).toBe(
      "Getting your organisation's activity: 12,500 of about 100,000",
    );
    expect(progress.getAttribute('role')).toBe('status');
    const bar = progress.querySelector('progress')!;
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['12500', '100000']);
    view?.unmount();
    const done = await open(fakeEnv(popupHandlers()));
    expect(done.querySelector('[data-testid=first-sync]')).toBeNull();
  });

  it('says when the organisation’s size chose the range mode, and not when the person did', async () => {
    const auto = { mode: 'range' as const, items: 300_000, budget: 250_000 };
    const root = await open(
      fakeEnv(
        popupHandlers({
          getStatus: { ...signedIn, lookup: { mode: 'range', chosen: false, auto } },
        }),
      ),
    );
    expect(plain($(root, '[data-testid=auto-range]').textContent)).toContain(
      'Your organisation is large (300,000 items, more than the 250,000',
    );
    view?.unmount();
    const chosen = await open(
      fakeEnv(
        popupHandlers({
          getStatus: { ...signedIn, lookup: { mode: 'range', chosen: true, auto } },
        }),
      ),
    );
    expect(chosen.querySelector('[data-testid=auto-range]')).toBeNull();
  });
});
