/**
 * Every journey with the keyboard alone, in real Chromium against the real server: the
 * one-click bookmark (opening the popup saves the page; focus starts in the tags field), a
 * status update with an @mention picked from the suggestions, and a snippet share: text
 * selected with caret browsing (Chromium's F7 mode, switched on in the profile), Tab to the
 * share button, the composer, a mention, Tab to Share. Focus is visible wherever the keyboard
 * puts it, and returns to the page element it came from when the composer closes. The server
 * is checked for what was made.
 */
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Bookmark, Snippet, Status } from '../../src/core/wire.ts';
import { overlayRoot } from './a11y-axe.ts';
import { highlightTexts, OutloudUi } from './content-harness.ts';
import { liveOf, openPopup, openTab, poll, syncNow, useExtension } from './journey-helpers.ts';

/** The focused element's outline as computed (a visible focus ring is a solid 2px line). */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });

/** What has focus inside Outloud's closed shadow root (its `data-outloud`, else its id). */
async function focusedInOverlay(cdp: CDPSession, root: string) {
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: root,
    functionDeclaration: `function () {
      const a = this.activeElement;
      if (!a) return null;
      const s = getComputedStyle(a);
      return { what: a.getAttribute('data-outloud') || a.id || a.localName,
               ring: s.outlineStyle + ' ' + s.outlineWidth };
    }`,
    returnByValue: true,
  });
  return result.value as { what: string; ring: string } | null;
}

describe('the keyboard alone', () => {
  const world = useExtension({
    people: { ann: 'Ann Andersson', bo: 'Bo Berg' },
    signIn: 'ann',
    fixtures: true,
    browser: { preferences: { settings: { a11y: { caretbrowsing: { enabled: true } } } } },
  });
  let article: { page: Page; tabId: number };

  it('bookmarks the page and posts a status with a mention', async () => {
    await syncNow(world.browser);
    article = await openTab(world.browser, world.fixtures.url('/content/article.html'));
    const popup = await openPopup(world.browser, article.tabId);
    await poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('bm-tags');
    await popup.keyboard.type('reading');
    await popup.keyboard.press('Enter');
    expect(await focusRing(popup)).toBe('solid 2px');

    for (let i = 0; i < 12; i++) {
      if ((await popup.evaluate(() => document.activeElement?.getAttribute('role'))) === 'tab') {
        break;
      }
      await popup.keyboard.press('Shift+Tab');
    }
    await popup.keyboard.press('ArrowRight');
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe('Status');
    expect(await focusRing(popup)).toBe('solid 2px');
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('status-text');
    await popup.keyboard.type('Could you look at the import? @b');
    await popup.getByRole('option', { name: '\u2068Bo Berg\u2069 (@\u2068bo\u2069)' }).waitFor();
    await popup.keyboard.press('Enter');
    await popup.keyboard.type('thanks');
    await popup.keyboard.press('Control+Enter');
    await popup.getByText('Posted. \u2068@bo\u2069 will be notified.').waitFor();
    await popup.close();

    await syncNow(world.browser);
    const changes = await world.rest.ann.changes();
    const [status] = liveOf<Status>(changes, 'status');
    expect(status).toMatchObject({
      text: 'Could you look at the import? @bo thanks',
      mentions: ['bo'],
    });
    const [bookmark] = liveOf<Bookmark>(changes, 'bookmark');
    expect(bookmark).toMatchObject({ title: await article.page.title(), tags: ['reading'] });
  });

  it('shares a snippet: caret selection, Tab to Share, composer, focus back on the page', async () => {
    const { page } = article;
    await page.bringToFront();

    // Caret browsing: Tab to the first link, move the caret into the text, select three words.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Links');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Control+ArrowRight');
    const selected = (await page.evaluate(() => getSelection()?.toString() ?? '')).trim();
    expect(selected.split(/\s+/).length).toBeGreaterThanOrEqual(2);

    const ui = await OutloudUi.attach(page);
    await poll(() => ui.count('[data-outloud=share-selection]')).toBe(1);
    const cdp = await page.context().newCDPSession(page);
    const root = await overlayRoot(cdp);
    // Tab through the page and into Outloud's UI until the share button has focus; the page
    // element focused last on the way is where focus must come back to.
    let shareFocused = false;
    for (let i = 0; i < 15 && !shareFocused; i++) {
      await page.keyboard.press('Tab');
      await page.evaluate(() => {
        const a = document.activeElement;
        if (a && a.localName !== 'outloud-root' && a !== document.body) {
          for (const el of document.querySelectorAll('[data-kb-origin]')) {
            el.removeAttribute('data-kb-origin');
          }
          a.setAttribute('data-kb-origin', '');
        }
      });
      shareFocused = (await focusedInOverlay(cdp, root))?.what === 'share-selection';
    }
    expect(shareFocused).toBe(true);
    expect((await focusedInOverlay(cdp, root))?.ring).toBe('solid 2px');

    await page.keyboard.press('Enter');
    await poll(async () => (await focusedInOverlay(cdp, root))?.what).toBe('outloud-comment');
    await page.keyboard.type('Worth reading, @b');
    await poll(() => ui.count('[data-outloud=mentions] [role=option]')).toBe(1);
    await page.keyboard.press('Enter');
    await page.keyboard.type('what do you think?');
    await page.keyboard.press('Tab');
    // The audience picker (one stop for its radios; this person is in no group), with a ring.
    expect(await focusedInOverlay(cdp, root)).toEqual({
      what: 'outloud-audience-public',
      ring: 'solid 2px',
    });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const share = await focusedInOverlay(cdp, root);
    expect(share).toEqual({ what: 'share', ring: 'solid 2px' });
    await page.keyboard.press('Enter');
    await poll(() => ui.text('[data-outloud=notice]')).toBe('Snippet shared.');
    expect(await ui.count('[data-outloud=composer]')).toBe(0);
    await ui.detach();

    const origin = await page.evaluate(() => ({
      back: document.activeElement?.hasAttribute('data-kb-origin') ?? false,
      body: document.activeElement === document.body,
      marked: document.querySelectorAll('[data-kb-origin]').length,
    }));
    // Back on the page element Tab left from (or on the page itself when none had focus).
    expect(origin.marked > 0 ? origin.back : origin.body).toBe(true);
    await cdp.detach();

    await syncNow(world.browser);
    const [snippet] = liveOf<Snippet>(await world.rest.ann.changes(), 'snippet');
    expect(snippet?.quote.exact).toBe(selected);
    expect(snippet).toMatchObject({
      comment: 'Worth reading, @bo what do you think?',
      mentions: ['bo'],
      visibility: 'public',
    });
  });

  it("reaches a highlight's card: Tab to the pill, open its list, pick the snippet", async () => {
    const { page } = await openTab(world.browser, world.fixtures.url('/content/article.html'));
    const ui = await OutloudUi.attach(page);
    await poll(() => ui.count('[data-outloud=more]')).toBe(1);
    await poll(() => highlightTexts(page)).toHaveLength(1);
    const [quote] = await highlightTexts(page);
    const cdp = await page.context().newCDPSession(page);
    const root = await overlayRoot(cdp);
    let onToggle = false;
    for (let i = 0; i < 20 && !onToggle; i++) {
      await page.keyboard.press('Tab');
      onToggle = (await focusedInOverlay(cdp, root))?.what === 'more';
    }
    expect(onToggle).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => ui.count('[data-outloud=snippet-entry]')).toBe(1);
    // The list says what hovering the highlight would: whose snippet, and their comment.
    const entry = await ui.text('[data-outloud=snippet-entry]');
    expect(entry).toContain('Worth reading, @bo what do you think?');
    // The list comes before the pill's buttons: Shift+Tab reaches the snippet.
    let onSnippet = false;
    for (let i = 0; i < 6 && !onSnippet; i++) {
      await page.keyboard.press('Shift+Tab');
      onSnippet = (await focusedInOverlay(cdp, root))?.what === 'snippet-entry';
    }
    expect(onSnippet).toBe(true);
    expect((await focusedInOverlay(cdp, root))?.ring).toBe('solid 2px');
    await page.keyboard.press('Enter');
    await poll(() => highlightTexts(page, 'active')).toEqual([quote]);
    await poll(() => ui.text('[data-outloud=card]')).toContain('Worth reading');
    await cdp.detach();
    await ui.detach();
    await page.close();
  });
});
