// @vitest-environment happy-dom
/**
 * Text people wrote is shown isolated wherever it is displayed: every view that shows a title,
 * tag, name, comment, description, status or quote is rendered with each of them set to
 * `invoice \u202egnp.exe` (a right-to-left override that would show "invoice exe.png" and
 * reverse what follows), and every place the override ends up, in text or in an attribute,
 * must be inside a `<bdi>` or a directional isolate (FSI … PDI) in the same string.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Composer } from '../../../src/content/ui/Composer.tsx';
import { Pill } from '../../../src/content/ui/Pill.tsx';
import { SnippetCard } from '../../../src/content/ui/SnippetCard.tsx';
import {
  type Notification,
  noEngagement,
  type OverlayEngagement,
  type PageEngagement,
} from '../../../src/core/messages.ts';
import type { Bookmark, Comment, Snippet, Status } from '../../../src/core/wire.ts';
import { FSI, isolate, PDI } from '../../../src/i18n/bidi.ts';
import { linkMarkLabel, pillLabels } from '../../../src/i18n/engagement-labels.ts';
import { t } from '../../../src/i18n/i18n.ts';
import { ExcludedSites } from '../../../src/options/ExcludedSites.tsx';
import { FeedList } from '../../../src/popup/FeedList.tsx';
import { NotificationList } from '../../../src/popup/NotificationList.tsx';
import { ThisPage } from '../../../src/popup/ThisPage.tsx';
import { SidePanel } from '../../../src/sidepanel/SidePanel.tsx';
import { TagInput } from '../../../src/ui/components/TagInput.tsx';
import { fakeEnv, SIGNED_IN_AS_ANN } from '../ui/fake-env.ts';
import { installI18n } from '../ui/fake-i18n.ts';
import { click, type Rendered, renderWith, settle, typeInto } from '../ui/render.tsx';

const RLO = '\u202e';
const EVIL = `invoice ${RLO}gnp.exe`;

/** Isolate initiators (LRI, RLI, FSI); PDI closes the innermost. */
const OPENERS = new Set(['\u2066', '\u2067', FSI]);

/** True when `text[i]` sits inside an isolate opened earlier in `text` and not yet closed. */
function insideIsolate(text: string, i: number): boolean {
  let depth = 0;
  for (let k = 0; k < i; k++) {
    if (OPENERS.has(text[k]!)) depth++;
    else if (text[k] === PDI && depth > 0) depth--;
  }
  return depth > 0;
}

/** Every override under `root` and whether it is isolated (by `<bdi>` or FSI … PDI). */
function overrides(root: Element): { isolated: number; leaks: string[] } {
  let isolated = 0;
  const leaks: string[] = [];
  const check = (text: string, inBdi: boolean, where: string) => {
    for (let i = text.indexOf(RLO); i !== -1; i = text.indexOf(RLO, i + 1)) {
      if (inBdi || insideIsolate(text, i)) isolated++;
      else leaks.push(`${where}: ${JSON.stringify(text)}`);
    }
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    check(node.nodeValue ?? '', parent?.closest('bdi') != null, `text in <${parent?.localName}>`);
  }
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) check(attr.value, false, `${el.localName}[${attr.name}]`);
  }
  return { isolated, leaks };
}

const AT = '2025-01-03T09:00:00Z';
const base = (id: string, owner: string) => ({ id, owner, createdAt: AT, updatedAt: AT });
const KEY = 'a'.repeat(64);
const URL_ = 'https://example.org/guide';
const BOOKMARK: Bookmark = {
  type: 'bookmark',
  ...base('01930000-0000-7000-8000-000000000001', 'ann'),
  url: URL_,
  urlKey: KEY,
  title: EVIL,
  description: EVIL,
  tags: [EVIL, 'plain'],
  visibility: 'public',
};
const SNIPPET: Snippet = {
  type: 'snippet',
  ...base('01930000-0000-7000-8000-000000000002', 'bo'),
  url: URL_,
  urlKey: KEY,
  title: EVIL,
  quote: { exact: EVIL },
  comment: EVIL,
  mentions: [],
  visibility: 'public',
};
const STATUS: Status = {
  type: 'status',
  ...base('01930000-0000-7000-8000-000000000003', 'ann'),
  text: EVIL,
  url: URL_,
  urlKey: KEY,
  title: EVIL,
  question: true,
  mentions: [],
  visibility: 'public',
};
const COMMENT: Comment = {
  type: 'comment',
  ...base('01930000-0000-7000-8000-000000000004', 'bo'),
  targetId: BOOKMARK.id,
  text: EVIL,
  mentions: [],
};
const ACTOR = { handle: 'bo', name: EVIL };
const PEOPLE = [
  { handle: 'ann', name: EVIL, inNetwork: true, kinds: ['bookmark', 'status'] },
  { handle: 'bo', name: `${EVIL} 2`, inNetwork: true, kinds: ['snippet', 'comment'] },
  { handle: 'cy', name: `${EVIL} 3`, inNetwork: true, kinds: ['like'] },
];
function engagement(): PageEngagement {
  return {
    ...noEngagement(URL_, KEY),
    people: PEOPLE,
    counts: { bookmarks: 1, snippets: 1, comments: 1, likes: 0 },
    bookmarks: [BOOKMARK],
    snippets: [SNIPPET],
    statuses: [STATUS],
    comments: [COMMENT],
  };
}

let view: Rendered | undefined;
let plain: HTMLElement | undefined;
beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
  if (plain) {
    render(null, plain);
    plain.remove();
    plain = undefined;
  }
});

/** Mounts a component that needs no environment. */
async function mount(node: preact.ComponentChild): Promise<HTMLElement> {
  plain = document.createElement('div');
  document.body.append(plain);
  await act(async () => {
    render(node, plain!);
  });
  await settle();
  return plain;
}

function expectIsolated(root: Element, atLeast: number) {
  const { isolated, leaks } = overrides(root);
  expect(leaks).toEqual([]);
  // The view did show the text (the check above is not vacuous).
  expect(isolated).toBeGreaterThanOrEqual(atLeast);
}

describe('user text shown isolated', () => {
  it('popup feed: names, titles, quotes, comments, descriptions and statuses', async () => {
    const env = fakeEnv({
      feed: [BOOKMARK, SNIPPET, STATUS, COMMENT].map((item) => ({ item, person: ACTOR })),
    });
    view = await renderWith(env, <FeedList />);
    // 4 names, 3 titles, a description, a quote and its comment, a status, a comment
    expectIsolated(view.root, 12);
  });

  it('popup notifications', async () => {
    const items: Notification[] = [SNIPPET, STATUS, COMMENT].map((item, i) => ({
      id: `n${i}`,
      kind: 'mention',
      at: AT,
      actor: ACTOR,
      item,
      read: false,
    }));
    const env = fakeEnv({ markNotificationsRead: null });
    view = await renderWith(
      env,
      <NotificationList loaded={{ items, unread: 3 }} failure={null} onRead={() => undefined} />,
    );
    expectIsolated(view.root, 9);
  });

  it('popup: who engaged with this page', async () => {
    const env = fakeEnv({ pageEngagement: engagement() });
    view = await renderWith(env, <ThisPage url={URL_} me={null} />);
    expectIsolated(view.root, 3);
  });

  it('bookmark editor: tag chips, their remove buttons and tag suggestions', async () => {
    const root = await mount(
      <TagInput id="tags" tags={[EVIL]} known={[`${EVIL}!`, 'invoices']} onChange={() => {}} />,
    );
    await typeInto(root.querySelector('input')!, 'invo');
    // chip, its button's label and title, two suggestions of which one is the override
    expectIsolated(root, 4);
  });

  it('options: excluded sites', async () => {
    const root = await mount(<ExcludedSites sites={[`${RLO}knab.example`]} onChange={() => {}} />);
    expectIsolated(root, 2);
  });

  it('side panel: page title, people, descriptions, tags, quotes, comments, statuses, names', async () => {
    const env = fakeEnv(
      {
        getStatus: SIGNED_IN_AS_ANN,
        tabInfo: { url: URL_, title: EVIL, bookmarkable: true, reason: null },
        pageEngagement: engagement(),
        searchPeople: [],
      },
      { id: 7, url: URL_, title: EVIL },
    );
    view = await renderWith(env, <SidePanel />);
    expect(view.root.querySelector('[data-item-id]')).not.toBeNull();
    expectIsolated(view.root, 12);
  });

  it('overlay: the pill, its snippet list, the hover card and the composer', async () => {
    const overlay: OverlayEngagement = { ...engagement(), labels: pillLabels(engagement()) };
    const root = await mount(
      <div>
        <Pill
          engagement={overlay}
          orphans={[]}
          onOpenPanel={() => {}}
          onShowSnippet={() => {}}
          onDismiss={() => {}}
        />
        <SnippetCard snippet={SNIPPET} name={EVIL} x={0} y={0} />
        <Composer
          quote={SNIPPET.quote}
          x={0}
          y={0}
          onShare={async () => {}}
          onCancel={() => {}}
          search={async () => []}
          choices={async () => ({
            audience: { kind: 'public' },
            groups: [{ id: '0190a000-0000-7000-8000-000000000001', name: EVIL, kind: 'closed' }],
          })}
        />
      </div>,
    );
    await click(root.querySelector('[data-outloud=more]')!);
    // pill names (2), snippet entry (quote, name, comment), card (name, comment), composer quote
    expectIsolated(root, 8);
  });
});

describe('user text isolated in plain strings', () => {
  it('t() isolates every substituted value except numbers', () => {
    expect(t('tagRemove', EVIL)).toBe(`Remove tag ${isolate(EVIL)}`);
    expect(t('signedInAs', [EVIL, 'ann', 'https://x.example'])).toContain(`${isolate(EVIL)} (@`);
    const counted = t('contentCountBookmarks', ['1,500']);
    expect(counted).not.toContain(FSI);
  });

  it('lists of names isolate each name, so one cannot reorder the next', () => {
    const people = PEOPLE.map(({ handle, name }) => ({ handle, name }));
    for (const label of [
      linkMarkLabel({ count: 3, people }),
      pillLabels({ people: PEOPLE, counts: engagement().counts }).people,
      pillLabels({ people: PEOPLE.slice(0, 2), counts: engagement().counts }).people,
    ]) {
      const host = document.createElement('p');
      host.title = label;
      expect(overrides(host).leaks).toEqual([]);
      // each name's override is closed before the next name starts
      for (const name of PEOPLE.slice(0, 2).map((p) => p.name)) {
        expect(label).toContain(isolate(name));
      }
    }
  });

  it('a snippet in the feed isolates the quote from the comment', async () => {
    const env = fakeEnv({ feed: [{ item: SNIPPET, person: ACTOR }] });
    view = await renderWith(env, <FeedList />);
    const quote = view.root.querySelector('.quote bdi');
    const comment = view.root.querySelector('.item-text bdi');
    expect([quote?.textContent, comment?.textContent]).toEqual([EVIL, EVIL]);
    expect(quote!.contains(comment) || comment!.contains(quote)).toBe(false);
  });
});
