// @vitest-environment happy-dom
/**
 * The popup's feed and notifications open a snippet at its quote: the link's address and what
 * a click opens are the snippet's page with its `#:~:text=` directive (`snippetLink`); other
 * items open their page as shared.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UiResults } from '../../../src/core/messages.ts';
import { snippetLink } from '../../../src/core/text-fragment.ts';
import type { Snippet } from '../../../src/core/wire.ts';
import { FeedList } from '../../../src/popup/FeedList.tsx';
import { NotificationList } from '../../../src/popup/NotificationList.tsx';
import { bookmark, fakeEnv } from '../ui/fake-env.ts';
import { installI18n } from '../ui/fake-i18n.ts';
import { $, click, type Rendered, renderWith } from '../ui/render.tsx';

const SNIPPET: Snippet = {
  type: 'snippet',
  id: '01930000-0000-7000-8000-0000000000b1',
  owner: 'bob',
  createdAt: '2025-01-03T09:00:00Z',
  updatedAt: '2025-01-03T09:00:00Z',
  url: 'https://app.example.org/wiki#/pages/42',
  urlKey: 'c'.repeat(64),
  title: 'Release notes',
  quote: {
    exact: 'rollback is one command',
    prefix: 'As of version 3, a ',
    suffix: ' and takes under a minute.',
  },
  comment: '@ann this is what you asked about',
  mentions: ['ann'],
  visibility: 'public',
};
const AT_QUOTE =
  'https://app.example.org/wiki#/pages/42:~:text=version%203%2C%20a-,rollback%20is%20one%20command,-and%20takes%20under&text=rollback%20is%20one%20command';

let view: Rendered | undefined;
beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

/** The card of the item with `id`, its title link, and the link's address. */
function linkOf(root: HTMLElement, id: string) {
  const link = $<HTMLAnchorElement>(root, `[data-item-id="${id}"] a.item-link`);
  return { link, href: link.getAttribute('href') };
}

describe('the popup opens a snippet at its quote', () => {
  it('the address is the page with the text directive, after its own route', () => {
    expect(snippetLink(SNIPPET)).toBe(AT_QUOTE);
  });

  it('feed: a snippet links to its quote and opens there; a bookmark opens its page', async () => {
    const page = bookmark({ url: 'https://example.org/plain#part-2' });
    const feed: UiResults['feed'] = [
      { item: SNIPPET, person: { handle: 'bob', name: 'Bob Berg' } },
      { item: page, person: { handle: 'ann', name: 'Ann Andersson' } },
    ];
    const env = fakeEnv({ feed });
    view = await renderWith(env, <FeedList />);
    const snippet = linkOf(view.root, SNIPPET.id);
    expect(snippet.href).toBe(AT_QUOTE);
    expect(snippet.link.textContent).toBe('Release notes');
    await click(snippet.link);
    const plain = linkOf(view.root, page.id);
    expect(plain.href).toBe('https://example.org/plain#part-2');
    await click(plain.link);
    expect(env.opened).toEqual([AT_QUOTE, 'https://example.org/plain#part-2']);
  });

  it('notifications: a mention in a snippet opens the page at the quote', async () => {
    const env = fakeEnv({});
    const loaded: UiResults['notifications'] = {
      unread: 0,
      items: [
        {
          id: 'n1',
          kind: 'mention',
          at: SNIPPET.createdAt,
          actor: { handle: 'bob', name: 'Bob Berg' },
          read: true,
          item: SNIPPET,
        },
      ],
    };
    view = await renderWith(
      env,
      <NotificationList loaded={loaded} failure={null} onRead={() => {}} />,
    );
    const { link, href } = linkOf(view.root, SNIPPET.id);
    expect(href).toBe(AT_QUOTE);
    await click(link);
    expect(env.opened).toEqual([AT_QUOTE]);
  });

  it('a snippet without a title still shows its page, not the directive', async () => {
    const untitled = { ...SNIPPET, title: '' };
    const env = fakeEnv({ feed: [{ item: untitled, person: { handle: 'bob', name: 'Bob' } }] });
    view = await renderWith(env, <FeedList />);
    const { link, href } = linkOf(view.root, SNIPPET.id);
    expect(href).toBe(AT_QUOTE);
    expect(link.textContent).toBe('app.example.org/wiki#/pages/42');
  });
});
