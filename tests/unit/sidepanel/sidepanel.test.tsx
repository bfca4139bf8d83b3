// @vitest-environment happy-dom
/**
 * The side panel against a fake browser API: the page's items with descriptions, tags, quotes
 * and threads; like/unlike, comment, reply, status; a quote click asks the tab to scroll.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PageEngagement, UiMethod } from '../../../src/core/messages.ts';
import type { Bookmark, Comment, Snippet } from '../../../src/core/wire.ts';
import type { SidePanelApi } from '../../../src/sidepanel/api.ts';
import { SidePanel } from '../../../src/sidepanel/SidePanel.tsx';
import { installI18n } from '../ui/fake-i18n.ts';
import { click, settle, typeInto } from '../ui/render.tsx';

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

type Call = { method: UiMethod; params: unknown };

function fakeApi() {
  const calls: Call[] = [];
  const sent: unknown[] = [];
  const api: SidePanelApi = {
    async call(method, params) {
      calls.push({ method, params });
      switch (method) {
        case 'tabInfo':
          return {
            url: 'https://example.org/guide',
            title: 'The guide',
            bookmarkable: true,
            reason: null,
          } as never;
        case 'pageEngagement':
          return pageEngagement() as never;
        case 'searchPeople':
          return [] as never;
        default:
          return null as never;
      }
    },
    activeTab: async () => ({ id: 7, url: 'https://example.org/guide', title: 'The guide' }),
    onTabChange: () => () => undefined,
    async sendToTab(tabId, message) {
      sent.push({ tabId, message });
    },
  };
  return { api, calls, sent };
}

let root: HTMLElement;

async function mount(api: SidePanelApi): Promise<void> {
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<SidePanel api={api} />, root);
  });
  await settle();
}

beforeAll(installI18n);
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the side panel', () => {
  it("shows the page's bookmarks, snippets and comment threads", async () => {
    const { api } = fakeApi();
    await mount(api);
    const bookmark = root.querySelector(`[data-item="${BOOKMARK.id}"]`)!;
    expect(bookmark.textContent).toContain('Ann Author');
    expect(bookmark.textContent).toContain('The best intro to the topic.');
    expect([...bookmark.querySelectorAll('.tags li')].map((li) => li.textContent)).toEqual([
      '#onboarding',
      '#howto',
    ]);
    const reply = bookmark.querySelector(`[data-comment="${C1.id}"] [data-comment="${R1.id}"]`);
    expect(reply?.textContent).toContain('Thanks @bo');
    const snippet = root.querySelector(`[data-item="${SNIPPET.id}"]`)!;
    expect(snippet.querySelector('.quote')?.textContent).toBe('“start with the why”');
    expect(snippet.textContent).toContain('So true');
  });

  it('unlikes an item the user likes and likes one they do not', async () => {
    const { api, calls } = fakeApi();
    await mount(api);
    await click(root.querySelector(`[data-like="${BOOKMARK.id}"]`)!);
    await click(root.querySelector(`[data-like="${SNIPPET.id}"]`)!);
    await settle();
    expect(calls.filter((c) => c.method === 'like' || c.method === 'unlike')).toEqual([
      { method: 'unlike', params: { targetId: BOOKMARK.id } },
      { method: 'like', params: { targetId: SNIPPET.id } },
    ]);
  });

  it('adds a comment and a reply', async () => {
    const { api, calls } = fakeApi();
    await mount(api);
    const form = root.querySelector(`[data-item="${SNIPPET.id}"] > .comment-form`)!;
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
    expect(calls.filter((c) => c.method === 'addComment').map((c) => c.params)).toEqual([
      { targetId: SNIPPET.id, text: 'Great find @ann' },
      { targetId: C1.id, text: 'Me too' },
    ]);
  });

  it('asks the tab to scroll to a snippet when its quote is clicked', async () => {
    const { api, sent } = fakeApi();
    await mount(api);
    await click(root.querySelector(`[data-quote="${SNIPPET.id}"]`)!);
    expect(sent).toEqual([
      { tabId: 7, message: { type: 'outloud:scroll-to', snippetId: SNIPPET.id } },
    ]);
  });

  it('shares the page with a status', async () => {
    const { api, calls } = fakeApi();
    await mount(api);
    const form = root.querySelector('.status-form') as HTMLFormElement;
    await typeInto(form.querySelector('textarea')!, 'Who knows more about this?');
    const [question] = form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    await click(question!);
    await act(async () => {
      form.requestSubmit();
    });
    await settle();
    expect(calls.find((c) => c.method === 'postStatus')?.params).toEqual({
      text: 'Who knows more about this?',
      url: 'https://example.org/guide',
      title: 'The guide',
      question: true,
      visibility: 'public',
    });
  });

  it('says so for a tab that is not a web page', async () => {
    const { api } = fakeApi();
    await mount({ ...api, activeTab: async () => null });
    expect(root.textContent).toContain('web pages (http and https) only');
  });
});
