// @vitest-environment happy-dom
/**
 * The options page's import and export against a fake background and a fake bookmark source:
 * the permission is asked on the click, batches of at most 100 go out and are added up into
 * one summary with reasons in words, a refused permission is said plainly, a bookmark file is
 * parsed and imported, and export offers the background's file for download.
 */
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BookmarkTreeNode } from '../../../src/core/import-entry.ts';
import type { ImportSummary, UiParamsOf } from '../../../src/core/messages.ts';
import type { BookmarkSource } from '../../../src/options/browser-bookmarks.ts';
import { TransferSection } from '../../../src/options/TransferSection.tsx';
import { type FakeEnv, fakeEnv } from '../ui/fake-env.ts';
import { installI18n, iso } from '../ui/fake-i18n.ts';
import { $, button, click, type Rendered, renderWith, settle } from '../ui/render.tsx';

let view: Rendered | undefined;
beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

/** A background that imports every http(s) entry it has not seen before. */
function importingEnv(): FakeEnv {
  const seen = new Set<string>();
  return fakeEnv({
    importBookmarks: ({ bookmarks }: UiParamsOf<'importBookmarks'>): ImportSummary => {
      const summary: ImportSummary = { imported: 0, existing: 0, refused: [] };
      for (const b of bookmarks) {
        if (!/^https?:/.test(b.url)) summary.refused.push({ url: b.url, code: 'not-http' });
        else if (seen.has(b.url)) summary.existing++;
        else {
          seen.add(b.url);
          summary.imported++;
        }
      }
      return summary;
    },
    exportBookmarks: { html: '<!DOCTYPE NETSCAPE-Bookmark-file-1>', count: 1, handle: 'ann' },
  });
}

function source(granted: boolean, tree: BookmarkTreeNode[]): BookmarkSource & { asked: number } {
  const s = {
    asked: 0,
    request: async () => {
      s.asked++;
      return granted;
    },
    tree: async () => tree,
  };
  return s;
}

const TREE: BookmarkTreeNode[] = [
  {
    title: '',
    children: [
      {
        title: 'Bookmarks bar',
        children: Array.from({ length: 230 }, (_, i) => ({
          title: `Page ${i}`,
          url: `https://example.org/${i}`,
        })),
      },
      { title: 'Other', children: [{ title: 'Tool', url: 'javascript:void(0)' }] },
    ],
  },
];

describe('import from the browser', () => {
  it('asks for the permission on the click, sends batches of 100 and sums them up', async () => {
    const env = importingEnv();
    const src = source(true, TREE);
    view = await renderWith(env, <TransferSection signedIn source={src} save={() => {}} />);
    expect(src.asked).toBe(0);
    await click(button(view.root, "Import this browser's bookmarks"));
    await settle(10);
    expect(src.asked).toBe(1);
    const sizes = env.callsOf('importBookmarks').map((c) => c.bookmarks.length);
    expect(sizes).toEqual([100, 100, 31]);
    expect(env.callsOf('importBookmarks')[0]?.visibility).toBe('public');
    const summary = $(view.root, '[data-testid=import-summary]').textContent;
    expect(summary).toBe('230 imported0 already there1 refused');
    expect($(view.root, '[data-code=not-http]').textContent).toBe(
      iso('{javascript:void(0)}: {not a web page (only http and https addresses can be saved)}'),
    );
  });

  it('says so when the permission is refused, and imports nothing', async () => {
    const env = importingEnv();
    view = await renderWith(
      env,
      <TransferSection signedIn source={source(false, TREE)} save={() => {}} />,
    );
    await click(button(view.root, "Import this browser's bookmarks"));
    await settle();
    expect(env.callsOf('importBookmarks')).toEqual([]);
    expect($(view.root, '[role=alert]').textContent).toContain(
      "Outloud was not allowed to read this browser's bookmarks.",
    );
  });
});

describe('import from a file', () => {
  it('imports the file privately when asked, and again adds nothing', async () => {
    const env = importingEnv();
    view = await renderWith(
      env,
      <TransferSection signedIn source={source(true, [])} save={() => {}} />,
    );
    await click($(view.root, 'input[name=import-visibility][value=private]'));
    const html =
      '<DL><DT><A HREF="https://example.org/x" TAGS="a,b">X</A><DD>Why' +
      '<DT><A HREF="https://example.org/y">Y</A></DL>';
    const input = $<HTMLInputElement>(view.root, '#import-file');
    const choose = async () => {
      Object.defineProperty(input, 'files', {
        configurable: true,
        value: [new File([html], 'bookmarks.html', { type: 'text/html' })],
      });
      await act(async () => {
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await settle(10);
    };
    await choose();
    const [sent] = env.callsOf('importBookmarks');
    expect(sent?.visibility).toBe('private');
    expect(sent?.bookmarks[0]).toEqual({
      url: 'https://example.org/x',
      title: 'X',
      description: 'Why',
      tags: ['a', 'b'],
    });
    expect($(view.root, '[data-count=imported]').textContent).toBe('2 imported');
    await choose();
    expect($(view.root, '[data-count=imported]').textContent).toBe('0 imported');
    expect($(view.root, '[data-count=existing]').textContent).toBe('2 already there');
  });
});

describe('import caps', () => {
  it('says how many bookmarks a file may hold and how deep folders go', async () => {
    view = await renderWith(
      importingEnv(),
      <TransferSection signedIn source={source(true, [])} save={() => {}} />,
    );
    expect($(view.root, '#import-file-help').textContent).toBe(
      'An HTML bookmark file, as browsers and bookmarking services export it, with at most ' +
        '10,000 bookmarks. Folders nested deeper than 64 levels are flattened.',
    );
  });

  it('refuses a file of more than 10,000 bookmarks, saying so, and imports nothing', async () => {
    const env = importingEnv();
    view = await renderWith(
      env,
      <TransferSection signedIn source={source(true, [])} save={() => {}} />,
    );
    const html = Array.from(
      { length: 10_001 },
      (_, i) => `<DT><A HREF="https://e.io/${i}">${i}</A>`,
    );
    const input = $<HTMLInputElement>(view.root, '#import-file');
    Object.defineProperty(input, 'files', {
      configurable: true,
      value: [new File([html.join('\n')], 'big.html', { type: 'text/html' })],
    });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle(10);
    expect(env.callsOf('importBookmarks')).toEqual([]);
    expect($(view.root, '[role=alert]').textContent).toContain(
      'That file holds 10,001 bookmarks; one import takes at most 10,000. Nothing was imported',
    );
  });
});

describe('export', () => {
  it('offers the background’s file for download under the user’s handle', async () => {
    const env = importingEnv();
    const saved: Array<[string, string]> = [];
    view = await renderWith(
      env,
      <TransferSection
        signedIn
        source={source(true, [])}
        save={(name, html) => saved.push([name, html])}
      />,
    );
    await click(button(view.root, 'Export my bookmarks'));
    await settle();
    expect(saved).toEqual([['outloud-bookmarks-ann.html', '<!DOCTYPE NETSCAPE-Bookmark-file-1>']]);
    expect($(view.root, '[data-testid=export-result]').textContent).toBe('Exported 1 bookmark.');
  });

  it('is disabled while signed out', async () => {
    view = await renderWith(
      importingEnv(),
      <TransferSection signedIn={false} source={source(true, [])} save={() => {}} />,
    );
    expect(button(view.root, 'Export my bookmarks').disabled).toBe(true);
    expect(button(view.root, "Import this browser's bookmarks").disabled).toBe(true);
    expect(view.root.textContent).toContain('Sign in to import or export bookmarks.');
  });
});
