// @vitest-environment happy-dom
/**
 * The side panel against the fake page environment: the page's items with descriptions, tags, quotes
 * and threads; like/unlike, comment, reply, status; a quote click asks the tab to scroll; a
 * snippet's "Copy link" copies the page at its quote.
 */
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PageEngagement } from '../../../src/core/messages.ts';
import { snippetLink } from '../../../src/core/text-fragment.ts';
import type { Bookmark, Comment, Snippet } from '../../../src/core/wire.ts';
import { SidePanel } from '../../../src/sidepanel/SidePanel.tsx';
import { type FakeEnv, fakeEnv, type Handlers, SIGNED_IN_AS_ANN } from '../ui/fake-env.ts';
import { installI18n } from '../ui/fake-i18n.ts';
import { click, type Rendered, renderWith, settle, typeInto } from '../ui/render.tsx';

const AT = '2024-05-01T10:00:00.000Z';
const owned = (id: string, owner: string) => ({ id, owner, createdAt: AT, updatedAt: AT });
const BOOKMARK: Bookmark = {
  type: 'bookmark',
  ...owned('01900000-0000-7000-8000-000000000001', 'ann'),
  url: 'https://example.org/guide',
  urlKey: 'a'.repeat(64),
  title: 'The guide',
  description: 'The best intro to the topic.',
  tags: ['onboarding', 'howto'],
  visibility: 'public',
};
const SNIPPET: Snippet = {
  type: 'snippet',
  ...owned('01900000-0000-7000-8000-000000000002', 'bo'),
  url: 'https://example.org/guide',
  urlKey: 'a'.repeat(64),
  title: 'The guide',
  quote: { exact: 'start with the why' },
  comment: 'So true',
  mentions: [],
  visibility: 'public',
};
const comment = (id: string, targetId: string, owner: string, text: string): Comment => ({
  type: 'comment',
  ...owned(id, owner),
  targetId,
  text,
  mentions: [],
});
const C1 = comment('01900000-0000-7000-8000-000000000003', BOOKMARK.id, 'bo', 'Agreed!');
const R1 = comment('01900000-0000-7000-8000-000000000004', C1.id, 'ann', 'Thanks @bo');

function pageEngagement(): PageEngagement {
  return {
    url: 'https://example.org/guide',
    urlKey: 'a'.repeat(64),
    people: [
      { handle: 'ann', name: 'Ann Author', inNetwork: true, kinds: ['bookmark'] },
      { handle: 'bo', name: 'Bo Builder', inNetwork: false, kinds: ['snippet', 'comment'] },
    ],
    counts: { bookmarks: 1, snippets: 1, comments: 2, likes: 1 },
    bookmarks: [BOOKMARK],
    snippets: [SNIPPET],
    statuses: [],
    comments: [C1, R1],
    likedByMe: [BOOKMARK.id],
    likeCounts: { [BOOKMARK.id]: 1 },
    myBookmark: null,
  };
}

function sidePanelHandlers(): Handlers {
  return {
    getStatus: { ...SIGNED_IN_AS_ANN, me: { handle: 'ann', name: 'Ann Author', createdAt: AT } },
    tabInfo: {
      url: 'https://example.org/guide',
      title: 'The guide',
      bookmarkable: true,
      reason: null,
    },
    pageEngagement: () => pageEngagement(),
    searchPeople: [],
    like: null,
    unlike: null,
    deleteComment: null,
    addComment: (p) => comment('01900000-0000-7000-8000-0000000000aa', p.targetId, 'ann', p.text),
    postStatus: (p) => ({
      type: 'status',
      ...owned('01900000-0000-7000-8000-0000000000bb', 'ann'),
      text: p.text,
      url: p.url ?? null,
      urlKey: null,
      title: p.title ?? '',
      question: p.question ?? false,
      mentions: [],
      visibility: p.visibility ?? 'public',
    }),
  };
}

let view: Rendered | undefined;

async function mount(env: FakeEnv): Promise<HTMLElement> {
  view = await renderWith(env, <SidePanel />);
  return view.root;
}

beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('the side panel', () => {
  it("shows the page's bookmarks, snippets and comment threads", async () => {
    const root = await mount(fakeEnv(sidePanelHandlers()));
    const bookmark = root.querySelector(`[data-item-id="${BOOKMARK.id}"]`)!;
    expect(bookmark.textContent).toContain('Ann Author');
    expect(bookmark.textContent).toContain('The best intro to the topic.');
    expect([...bookmark.querySelectorAll('.tags li')].map((li) => li.textContent)).toEqual([
      '#onboarding',
      '#howto',
    ]);
    const reply = bookmark.querySelector(`[data-comment="${C1.id}"] [data-comment="${R1.id}"]`);
    expect(reply?.textContent).toContain('Thanks @bo');
    const snippet = root.querySelector(`[data-item-id="${SNIPPET.id}"]`)!;
    expect(snippet.querySelector('.quote')?.textContent).toBe('“start with the why”');
    expect(snippet.textContent).toContain('So true');
  });

  it('unlikes an item the user likes and likes one they do not', async () => {
    const env = fakeEnv(sidePanelHandlers());
    const root = await mount(env);
    await click(root.querySelector(`[data-like="${BOOKMARK.id}"]`)!);
    await click(root.querySelector(`[data-like="${SNIPPET.id}"]`)!);
    await settle();
    expect(env.calls.filter((c) => c.method === 'like' || c.method === 'unlike')).toEqual([
      { method: 'unlike', params: { targetId: BOOKMARK.id } },
      { method: 'like', params: { targetId: SNIPPET.id } },
    ]);
  });

  it('adds a comment and a reply', async () => {
    const env = fakeEnv(sidePanelHandlers());
    const root = await mount(env);
    const form = root.querySelector(`[data-item-id="${SNIPPET.id}"] > .comment-form`)!;
    await typeInto(form.querySelector('textarea')!, 'Great find @ann');
    await act(async () => {
      (form as HTMLFormElement).requestSubmit();
    });
    await settle();
    const replyButton = [
      ...root.querySelectorAll(`[data-comment="${C1.id}"] > .actions button`),
    ].find((b) => b.textContent === 'Reply')!;
    await click(replyButton);
    const replyForm = root.querySelector(`[data-comment="${C1.id}"] > .comment-form`)!;
    await typeInto(replyForm.querySelector('textarea')!, 'Me too');
    await act(async () => {
      (replyForm as HTMLFormElement).requestSubmit();
    });
    await settle();
    expect(env.callsOf('addComment')).toEqual([
      { targetId: SNIPPET.id, text: 'Great find @ann' },
      { targetId: C1.id, text: 'Me too' },
    ]);
  });

  it('asks the tab to scroll to a snippet when its quote is clicked', async () => {
    const env = fakeEnv(sidePanelHandlers());
    const root = await mount(env);
    await click(root.querySelector(`[data-quote="${SNIPPET.id}"]`)!);
    expect(env.sent).toEqual([
      { tabId: 7, message: { type: 'outloud:scroll-to', snippetId: SNIPPET.id } },
    ]);
  });

  it("copies a snippet's link, the page at its quote, and says so; nothing else has one", async () => {
    const env = fakeEnv(sidePanelHandlers());
    const root = await mount(env);
    const snippet = root.querySelector(`[data-item-id="${SNIPPET.id}"]`)!;
    expect(root.querySelectorAll('[data-copy-link]')).toHaveLength(1);
    const button = snippet.querySelector<HTMLButtonElement>(`[data-copy-link="${SNIPPET.id}"]`)!;
    expect(button.textContent).toBe('Copy link to the quote');
    await click(button);
    await settle();
    expect(env.copied).toEqual([snippetLink(SNIPPET)]);
    expect(env.copied[0]).toBe('https://example.org/guide#:~:text=start%20with%20the%20why');
    expect(snippet.querySelector('[role=status]')?.textContent).toBe('Link to the quote copied.');

    env.clipboardRefuses = true;
    await click(button);
    await settle();
    expect(snippet.querySelector('[role=status]')?.textContent).toBe(
      'The link could not be copied.',
    );
  });

  it('gives every item a Copy link to its web permalink when the server has a public address', async () => {
    const base = 'https://outloud.example';
    const handlers = sidePanelHandlers();
    const env = fakeEnv({
      ...handlers,
      getStatus: { ...SIGNED_IN_AS_ANN, permalinkBase: base },
    });
    const root = await mount(env);
    await settle();
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-copy-permalink]')];
    expect(buttons.map((b) => b.dataset.copyPermalink)).toEqual([BOOKMARK.id, SNIPPET.id]);
    expect(buttons.map((b) => b.textContent)).toEqual(['Copy link', 'Copy link']);
    const snippet = root.querySelector(`[data-item-id="${SNIPPET.id}"]`)!;
    // The snippet keeps its quote link beside it, under its own name.
    expect(snippet.querySelector('[data-copy-link]')?.textContent).toBe('Copy link to the quote');
    await click(snippet.querySelector<HTMLButtonElement>('[data-copy-permalink]')!);
    await settle();
    expect(env.copied).toEqual([`${base}/items/${SNIPPET.id}`]);
    expect(snippet.querySelector('[data-copy-permalink] + [role=status]')?.textContent).toBe(
      'Link copied.',
    );
  });

  it('has no permalink Copy link when the server has no public address', async () => {
    const root = await mount(fakeEnv(sidePanelHandlers()));
    await settle();
    expect(root.querySelectorAll('[data-copy-permalink]')).toHaveLength(0);
    expect(root.querySelectorAll('[data-copy-link]')).toHaveLength(1);
  });

  it('shares the page with a status', async () => {
    const env = fakeEnv(sidePanelHandlers());
    const root = await mount(env);
    const form = root.querySelector('.status-form') as HTMLFormElement;
    const box = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    // The page is attached from the start: the side panel is about it.
    expect(box('attach').checked).toBe(true);
    await typeInto(form.querySelector('textarea')!, 'Who knows more about this?');
    await click(box('question'));
    await act(async () => {
      form.requestSubmit();
    });
    await settle();
    await typeInto(form.querySelector('textarea')!, 'A note to self');
    await click(form.querySelector('input[type="radio"][value="private"]')!);
    await act(async () => {
      form.requestSubmit();
    });
    await settle();
    expect(env.callsOf('postStatus')).toEqual([
      {
        text: 'Who knows more about this?',
        url: 'https://example.org/guide',
        title: 'The guide',
        question: true,
      },
      {
        text: 'A note to self',
        url: 'https://example.org/guide',
        title: 'The guide',
        visibility: 'private',
      },
    ]);
    // Each post reloads the page's discussion.
    expect(env.callsOf('pageEngagement')).toHaveLength(3);
  });

  it('says so for a tab that is not a web page', async () => {
    const root = await mount(fakeEnv(sidePanelHandlers(), null));
    expect(root.textContent).toContain('web pages (http and https) only');
  });

  it('follows the active tab: a tab change shows the new tab', async () => {
    const env = fakeEnv(sidePanelHandlers());
    const root = await mount(env);
    expect(root.querySelector('[data-item-id]')).not.toBeNull();
    env.tab = null;
    await act(async () => env.changeTab());
    await settle();
    expect(root.textContent).toContain('web pages (http and https) only');
  });

  it('follows and unfollows the people shown, with no button for yourself', async () => {
    let network = new Set<string>();
    const env = fakeEnv({
      ...sidePanelHandlers(),
      pageEngagement: () => ({
        ...pageEngagement(),
        people: pageEngagement().people.map((p) => ({
          ...p,
          inNetwork: p.handle === 'ann' || network.has(p.handle),
        })),
      }),
      follow: ({ handle }) => {
        network = new Set([...network, handle]);
        return null;
      },
      unfollow: ({ handle }) => {
        network = new Set([...network].filter((h) => h !== handle));
        return null;
      },
    });
    const root = await mount(env);
    const people = root.querySelector('.page-people')!;
    expect(people.querySelector('[data-person="ann"] button')).toBeNull();
    const follow = () => people.querySelector<HTMLButtonElement>('[data-follow="bo"]')!;
    expect(follow().getAttribute('aria-pressed')).toBe('false');
    // Its name says whom, in text only screen readers read (no user text in attributes).
    expect(follow().textContent).toBe('Follow Bo Builder');
    expect(follow().querySelector('.visually-hidden bdi')?.textContent).toBe('Bo Builder');
    await click(follow());
    await settle();
    expect(env.callsOf('follow')).toEqual([{ handle: 'bo' }]);
    expect(follow().getAttribute('aria-pressed')).toBe('true');
    expect(follow().textContent).toBe('Following Bo Builder');
    await click(follow());
    await settle();
    expect(env.callsOf('unfollow')).toEqual([{ handle: 'bo' }]);
    expect(follow().getAttribute('aria-pressed')).toBe('false');
  });

  it('deletes your own comment, and offers no Delete on the comments of others', async () => {
    const env = fakeEnv(sidePanelHandlers());
    const root = await mount(env);
    expect(root.querySelector(`[data-delete="${C1.id}"]`)).toBeNull();
    const mine = root.querySelector<HTMLButtonElement>(`[data-delete="${R1.id}"]`)!;
    expect(mine.textContent).toBe('Delete');
    await click(mine);
    await settle();
    expect(env.callsOf('deleteComment')).toEqual([{ id: R1.id }]);
    // The discussion reloads after the delete.
    expect(env.callsOf('pageEngagement')).toHaveLength(2);
  });
});
