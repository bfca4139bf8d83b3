import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snippetLink } from '../../src/core/text-fragment.ts';
import { normalizeUrl } from '../../src/core/url.ts';
import type { Snippet } from '../../src/core/wire.ts';
import {
  type ContentOnly,
  closeTab,
  engagement,
  highlightBoxes,
  highlightTexts,
  launchContentOnly,
  openStarted,
  selectText,
  snippetItem,
} from './content-harness.ts';
import { type FixtureServer, serveFixtures } from './harness.ts';

const QUOTE = 'tells the next reader that a colleague cared';
const ANN = { handle: 'ann', name: 'Ann Author' };
const SNIPPET_ID = '0190a000-0000-7000-8000-000000000001';

let fixtures: FixtureServer;
let browser: ContentOnly;
/** The selector the content script built when sharing, reused as the stored snippet's quote. */
let sharedQuote: Record<string, unknown> | undefined;

const open = (path: string) => openStarted(browser, fixtures.url(path));
const close = closeTab;

beforeAll(async () => {
  fixtures = await serveFixtures();
  browser = await launchContentOnly();
});
afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
});

describe('the content script on an article', () => {
  it('adds nothing to a page with nothing to show (not even the overlay code), then one closed host outside body', async () => {
    await browser.setFake({});
    const { page, ui } = await open('/content/article.html');
    // Nobody engaged, nothing selected: the page is untouched.
    await expect
      .poll(async () => (await browser.calls()).map((c) => c.method))
      .toContain('engagementLookup');
    await page.waitForTimeout(200);
    expect(await ui.host()).toEqual({ count: 0, mode: null });
    // Not even the overlay's code was loaded into the page.
    const loads = async () =>
      (await browser.calls()).filter((c) => c.method === 'loadOverlay').length;
    expect(await loads()).toBe(0);
    await selectText(page, QUOTE);
    await expect.poll(() => ui.host()).toEqual({ count: 1, mode: 'closed' });
    expect(await loads()).toBe(1);
    // Once loaded it stays: another selection asks for nothing more.
    await selectText(page, 'colleague');
    await page.waitForTimeout(200);
    expect(await loads()).toBe(1);
    const inBody = await page.evaluate(() => document.body.querySelectorAll('outloud-root').length);
    expect(inBody).toBe(0);
    expect(await ui.count('[data-outloud="pill"]')).toBe(0);
    await close(page, ui);
  });

  it('shares a selection as a snippet with a comment and an @mention', async () => {
    await browser.setFake({});
    const { page, ui } = await open('/content/article.html');
    await selectText(page, QUOTE);
    await expect.poll(() => ui.count('[data-outloud="share-selection"]')).toBe(1);
    await ui.click('[data-outloud="share-selection"]');
    await expect.poll(() => ui.text('[data-outloud="quote"]')).toBe(QUOTE);

    await page.keyboard.type('Worth reading, @al');
    await expect.poll(() => ui.texts('[role="option"]')).toHaveLength(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter'); // picks Albert
    await page.keyboard.type('what do you think?');
    await ui.click('[data-outloud="share"]');
    await expect.poll(() => ui.text('[data-outloud="notice"]')).toBe('Snippet shared.');
    expect(await ui.count('[data-outloud="composer"]')).toBe(0);

    const share = (await browser.calls()).find((c) => c.method === 'shareSnippet');
    expect(share?.params).toMatchObject({
      url: fixtures.url('/content/article.html'),
      title: 'Knowledge flows where people can see it',
      comment: 'Worth reading, @albert what do you think?',
      visibility: 'public',
      quote: { exact: QUOTE },
    });
    const quote = share!.params.quote as { prefix: string; suffix: string; start: number };
    expect(quote.prefix.endsWith('the page where it was found ')).toBe(true);
    expect(quote.suffix.startsWith(' about it, and who.')).toBe(true);
    sharedQuote = share!.params.quote as Record<string, unknown>;
    await close(page, ui);
  });

  it('does not let keys typed in the composer reach the page', async () => {
    await browser.setFake({});
    const { page, ui } = await open('/content/article.html');
    await page.evaluate(() => {
      (window as unknown as { keys: string[] }).keys = [];
      document.addEventListener('keydown', (e) =>
        (window as unknown as { keys: string[] }).keys.push(e.key),
      );
    });
    await selectText(page, QUOTE);
    await expect.poll(() => ui.count('[data-outloud="share-selection"]')).toBe(1);
    await page.evaluate(() => ((window as unknown as { keys: string[] }).keys.length = 0));
    await ui.click('[data-outloud="share-selection"]');
    // The composer takes the focus: it is inside Outloud's host, not on the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.localName))
      .toBe('outloud-root');
    await page.keyboard.type('jk');
    await page.keyboard.press('Escape');
    await expect.poll(() => ui.count('[data-outloud="composer"]')).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { keys: string[] }).keys)).toEqual([]);
    await close(page, ui);
  });

  it('highlights a shared snippet on the right words and shows who shared it on hover', async () => {
    expect(sharedQuote).toBeDefined();
    const url = fixtures.url('/content/article.html');
    await browser.setFake({
      engagement: {
        [url]: engagement(url, [ANN], [snippetItem(SNIPPET_ID, 'ann', sharedQuote!, 'Key point.')]),
      },
    });
    const { page, ui } = await open('/content/article.html');
    await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
    await expect.poll(() => ui.text('[data-outloud="people"]')).toBe('\u2068Ann Author\u2069');

    const [first] = await highlightBoxes(page);
    const box = { x: (first!.left + first!.right) / 2, y: (first!.top + first!.bottom) / 2 };
    await page.mouse.move(box.x, box.y);
    await expect
      .poll(() => ui.text('[data-outloud="card"]'))
      .toContain('Shared by \u2068Ann Author\u2069');
    expect(await ui.text('[data-outloud="card"]')).toContain('Key point.');
    await page.mouse.move(2, 2);
    await expect.poll(() => ui.count('[data-outloud="card"]')).toBe(0);

    // The page's own script text is never taken for page text.
    expect(
      await page.evaluate(() => (window as unknown as { pageScriptRan: string }).pageScriptRan),
    ).toContain('quote');
    await close(page, ui);
  });

  it('still highlights the snippet on an edited version of the page', async () => {
    const url = fixtures.url('/content/article-v2.html');
    await browser.setFake({
      engagement: {
        [url]: engagement(url, [ANN], [snippetItem(SNIPPET_ID, 'ann', sharedQuote!)]),
      },
    });
    const { page, ui } = await open('/content/article-v2.html');
    await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
    await close(page, ui);
  });

  it('lists a snippet whose text is gone as not found, and draws nothing for it', async () => {
    const url = fixtures.url('/content/article.html');
    const gone = {
      exact: 'a sentence that was removed from the page long ago',
      prefix: '',
      suffix: '',
    };
    await browser.setFake({
      engagement: {
        [url]: engagement(url, [ANN], [snippetItem(SNIPPET_ID, 'ann', gone)]),
      },
    });
    const { page, ui } = await open('/content/article.html');
    await expect.poll(() => ui.count('[data-outloud="pill"]')).toBe(1);
    await ui.click('[data-outloud="more"]');
    await expect.poll(() => ui.text('[data-outloud="orphans"]')).toContain('removed from the page');
    expect(await highlightTexts(page)).toEqual([]);
    await close(page, ui);
  });

  it('scrolls to a snippet when the background asks', async () => {
    const url = fixtures.url('/content/article.html');
    await browser.setFake({
      engagement: { [url]: engagement(url, [ANN], [snippetItem(SNIPPET_ID, 'ann', sharedQuote!)]) },
    });
    const { page, ui } = await open('/content/article.html');
    await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
    await browser.worker.evaluate(async (id) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      await chrome.tabs.sendMessage(tab!.id!, { type: 'outloud:scroll-to', snippetId: id });
    }, SNIPPET_ID);
    await expect.poll(() => highlightTexts(page, 'active')).toEqual([QUOTE]);
    await expect.poll(() => ui.text('[data-outloud="card"]')).toContain('Ann Author');
    await close(page, ui);
  });

  it('copies a link from the list of snippets that opens the page at the quote', async () => {
    const url = fixtures.url('/content/article.html');
    const snippet = { ...snippetItem(SNIPPET_ID, 'ann', sharedQuote!), url };
    await browser.setFake({ engagement: { [url]: engagement(url, [ANN], [snippet]) } });
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: fixtures.origin,
    });
    const { page, ui } = await open('/content/article.html');
    await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
    await ui.click('[data-outloud="more"]');
    await ui.click('[data-outloud="copy-link"]');
    await expect.poll(() => ui.text('[data-outloud="notice"]')).toBe('Link to the quote copied.');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(snippetLink(snippet as unknown as Snippet));
    expect(link.startsWith(`${url}#:~:text=`)).toBe(true);
    expect(decodeURIComponent(link)).toContain(QUOTE);
    await close(page, ui);
  });

  it('opens the composer on the keyboard command for the current selection', async () => {
    await browser.setFake({});
    const { page, ui } = await open('/content/article.html');
    await selectText(page, 'shared context');
    const answer = await browser.worker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return chrome.tabs.sendMessage(tab!.id!, { type: 'outloud:open-composer' });
    });
    // The answer tells the background not to save the selection a second time itself.
    expect(answer).toEqual({ ok: true });
    await expect.poll(() => ui.text('[data-outloud="quote"]')).toBe('shared context');
    await close(page, ui);
  });
});

describe('link marks', () => {
  it('looks no link up while the local index knows no page', async () => {
    await browser.setFake({
      settings: {
        overlay: true,
        linkMarks: true,
        excluded: false,
        signedIn: true,
        knownPages: false,
      },
    });
    const { page, ui } = await open('/content/links.html');
    await expect
      .poll(async () => (await browser.calls()).map((c) => c.method))
      .toContain('engagementLookup');
    // Past the 600 ms after which links.html adds a link, and the mutation batch after it.
    await page.waitForTimeout(1200);
    const methods = (await browser.calls()).map((c) => c.method);
    expect(methods).not.toContain('linkEngagement');
    expect(methods).not.toContain('linkLookup');
    expect(await ui.count('[data-outloud="mark"]')).toBe(0);
    await close(page, ui);
  });

  it('marks links whose target colleagues engaged with, including links added later', async () => {
    const article = normalizeUrl(fixtures.url('/content/article.html'));
    const v2 = normalizeUrl(fixtures.url('/content/article-v2.html'));
    await browser.setFake({
      links: {
        [article]: { count: 2, people: [ANN, { handle: 'bo', name: 'Bo' }] },
        [v2]: { count: 1, people: [ANN] },
      },
    });
    const { page, ui } = await open('/content/links.html');
    // In view: to-article (2), to-v2 (1), and the link added after 600 ms (1).
    await expect
      .poll(async () => (await ui.texts('[data-outloud="mark"]')).sort())
      .toEqual(['1', '1', '2']);
    expect(await ui.attr('[data-count="2"]', 'title')).toBe(
      // names isolated one by one, then the list (FSI … PDI), so no name can reorder another
      '2 from your network: \u2068\u2068Ann Author\u2069 and \u2068Bo\u2069\u2069',
    );
    // The far link gets its mark once it scrolls into view.
    await page.evaluate(() => document.getElementById('far')!.scrollIntoView());
    const linkY = await page.evaluate(
      () => document.getElementById('far')!.getBoundingClientRect().top,
    );
    // Until the next frame the mark on screen may still be the one placed before the scroll.
    const offBy = async () => {
      const marks = await ui.texts('[data-outloud="mark"]');
      if (!marks.includes('2')) return Number.POSITIVE_INFINITY;
      return Math.abs((await ui.centre('[data-count="2"]')).y - linkY);
    };
    await expect.poll(offBy).toBeLessThan(20);

    // Targets go to the background as resolved hrefs (it normalises them, off this thread).
    const calls = await browser.calls();
    const lookups = calls.filter((c) => c.method === 'linkLookup');
    const asked = lookups.flatMap((c) => c.params.urls as string[]);
    expect(asked).toContain(fixtures.url('/content/article.html?utm_source=newsletter'));
    expect(asked).toContain(fixtures.url('/content/article-v2.html'));
    expect(asked.some((u) => u.startsWith('mailto:'))).toBe(false);
    // A page with few links asks about all of them, the far one too, with the page state
    // itself: one round trip for the whole page (the link added later goes to a known target).
    const first = calls.find((c) => c.method === 'pageState')!.params.links as string[];
    expect(first).toContain(fixtures.url('/content/article-v2.html'));
    expect(first).toContain(fixtures.url('/content/article.html'));
    expect(lookups.map((c) => c.params.urls)).toEqual([first]);
    expect(calls.filter((c) => c.method === 'linkEngagement')).toEqual([]);
    await close(page, ui);
  });
});

describe('single-page navigation', () => {
  it('refreshes the overlay when the page pushes a new URL', async () => {
    const a = fixtures.url('/content/spa/a');
    await browser.setFake({
      engagement: { [a]: engagement(a, [{ handle: 'bea', name: 'Bea Builder' }]) },
    });
    const { page, ui } = await open('/content/spa.html');
    expect(await ui.count('[data-outloud="pill"]')).toBe(0);
    await page.click('#go-a');
    await expect.poll(() => ui.text('[data-outloud="people"]')).toBe('\u2068Bea Builder\u2069');
    await page.click('#go-b');
    await expect.poll(() => ui.count('[data-outloud="pill"]')).toBe(0);
    await page.goBack();
    await expect.poll(() => ui.text('[data-outloud="people"]')).toBe('\u2068Bea Builder\u2069');
    await close(page, ui);
  });
});

describe('settings and dismissal', () => {
  const url = () => fixtures.url('/content/article.html');
  const withSnippet = () => ({
    [url()]: engagement(url(), [ANN], [snippetItem(SNIPPET_ID, 'ann', sharedQuote!)]),
  });

  for (const [name, settings] of [
    [
      'the overlay is off',
      { overlay: false, linkMarks: false, excluded: false, signedIn: true, knownPages: true },
    ],
    [
      'the site is excluded',
      { overlay: true, linkMarks: true, excluded: true, signedIn: true, knownPages: true },
    ],
    [
      'nobody is signed in',
      { overlay: true, linkMarks: true, excluded: false, signedIn: false, knownPages: true },
    ],
  ] as const) {
    it(`shows nothing and asks nothing about the page when ${name}`, async () => {
      await browser.setFake({ settings, engagement: withSnippet() });
      const { page, ui } = await open('/content/article.html');
      await expect.poll(async () => (await browser.calls()).length).toBeGreaterThan(0);
      await page.waitForTimeout(300);
      expect(await ui.count('[data-outloud="pill"]')).toBe(0);
      expect(await highlightTexts(page)).toEqual([]);
      const methods = (await browser.calls()).map((c) => c.method);
      expect(methods).toContain('pageState');
      expect(methods).not.toContain('engagementLookup');
      expect(methods).not.toContain('linkEngagement');
      expect(methods).not.toContain('linkLookup');
      expect(methods).not.toContain('loadOverlay');
      await close(page, ui);
    });
  }

  it('loads the overlay again when the background fails the first times', async () => {
    await browser.setFake({ engagement: withSnippet(), failOverlay: 2 });
    const { page, ui } = await open('/content/article.html');
    await expect.poll(() => ui.count('[data-outloud="pill"]'), { timeout: 10_000 }).toBe(1);
    const loads = (await browser.calls()).filter((c) => c.method === 'loadOverlay');
    expect(loads).toHaveLength(3);
    await close(page, ui);
  });

  it('hides the pill on a whole site when asked, and remembers it', async () => {
    await browser.setFake({ engagement: withSnippet() });
    const { page, ui } = await open('/content/article.html');
    await expect.poll(() => ui.count('[data-outloud="pill"]')).toBe(1);
    await ui.focus('[data-outloud="more"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.count('[data-outloud="overlay"] .panel')).toBe(1);
    await ui.click('[data-outloud="overlay"] .row button:last-child');
    await expect.poll(() => ui.count('[data-outloud="pill"]')).toBe(0);
    await page.reload();
    await page.waitForTimeout(500);
    expect(await ui.count('[data-outloud="pill"]')).toBe(0);
    await browser.worker.evaluate(() => chrome.storage.local.remove('contentDismissed'));
    await close(page, ui);
  });
});
