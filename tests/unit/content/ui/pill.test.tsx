// @vitest-environment happy-dom
/**
 * The overlay's list of snippets: each snippet found on the page has "Copy link" (its page at
 * the quote, written by the overlay; see tests/e2e/content.test.ts for the clipboard), those not
 * found have none, and there is no such button where the clipboard cannot be written.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Pill } from '../../../../src/content/ui/Pill.tsx';
import { noEngagement, type OverlayEngagement } from '../../../../src/core/messages.ts';
import type { Snippet } from '../../../../src/core/wire.ts';
import { pillLabels } from '../../../../src/i18n/engagement-labels.ts';
import { installI18n } from '../../ui/fake-i18n.ts';
import { click, settle } from '../../ui/render.tsx';

function snippet(id: string, exact: string): Snippet {
  return {
    type: 'snippet',
    id,
    owner: 'bob',
    createdAt: '2025-01-03T09:00:00Z',
    updatedAt: '2025-01-03T09:00:00Z',
    url: 'https://example.org/a',
    urlKey: 'a'.repeat(64),
    title: 'A',
    quote: { exact },
    comment: '',
    mentions: [],
    visibility: 'public',
  };
}
const FOUND = snippet('01930000-0000-7000-8000-0000000000f1', 'words on the page');
const LOST = snippet('01930000-0000-7000-8000-0000000000f2', 'words long gone');

function overlay(): OverlayEngagement {
  const e = {
    ...noEngagement(FOUND.url, FOUND.urlKey),
    people: [{ handle: 'bob', name: 'Bob Berg', inNetwork: true, kinds: ['snippet' as const] }],
    counts: { bookmarks: 0, snippets: 2, comments: 0, likes: 0 },
    snippets: [FOUND, LOST],
  };
  return { ...e, labels: pillLabels(e) };
}

let root: HTMLElement | undefined;
async function mount(
  onCopyLink?: (id: string) => void,
  onCopyPermalink?: (id: string) => void,
): Promise<HTMLElement> {
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(
      <Pill
        engagement={overlay()}
        orphans={[LOST.id]}
        onOpenPanel={() => {}}
        onShowSnippet={() => {}}
        onCopyLink={onCopyLink}
        onCopyPermalink={onCopyPermalink}
        onDismiss={() => {}}
      />,
      root!,
    );
  });
  await settle();
  await click(root.querySelector('[data-outloud=more]')!);
  return root;
}

beforeAll(installI18n);
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = undefined;
});

describe("the overlay's snippet list", () => {
  it('offers Copy link for each snippet found on the page, and copies that one', async () => {
    const copied: string[] = [];
    const list = await mount((id) => copied.push(id));
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('[data-outloud=copy-link]')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Copy link to the quote']);
    expect(buttons[0]!.closest('li')!.textContent).toContain('words on the page');
    expect(list.querySelector('[data-outloud=orphans] [data-outloud=copy-link]')).toBeNull();
    await click(buttons[0]!);
    expect(copied).toEqual([FOUND.id]);
  });

  it('offers Copy link to the permalink beside the quote link when the server has an address', async () => {
    const copied: string[] = [];
    const list = await mount(
      () => {},
      (id) => copied.push(id),
    );
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('[data-outloud=copy-permalink]')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Copy link']);
    expect(buttons[0]!.closest('li')!.textContent).toContain('words on the page');
    expect(list.querySelector('[data-outloud=orphans] [data-outloud=copy-permalink]')).toBeNull();
    await click(buttons[0]!);
    expect(copied).toEqual([FOUND.id]);
    // Without a public address (or a clipboard) the overlay passes no handler: no button.
    render(null, root!);
    root!.remove();
    const plain = await mount(() => {});
    expect(plain.querySelector('[data-outloud=copy-permalink]')).toBeNull();
  });

  it('has no Copy link where the clipboard cannot be written', async () => {
    const list = await mount();
    expect(list.querySelector('[data-outloud=snippet-entry]')).not.toBeNull();
    expect(list.querySelector('[data-outloud=copy-link]')).toBeNull();
  });
});
