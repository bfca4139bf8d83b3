/**
 * "Copy link" in the extension (issue 16): with a server that has a public address, an item
 * card in the popup's feed copies the item's web permalink (`<public URL>/items/{id}`), which
 * Chromium then opens as the server's web page (signed out: the sign-in page, coming back to
 * the item); sharing a snippet from the page offers "Copy link" at once in its notice. The clipboard is read from a web page allowed to (an extension page's origin
 * cannot be granted clipboard-read).
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import type { Snippet } from '../../src/core/wire.ts';
import { OutloudUi, selectText } from './content-harness.ts';
import { liveOf, openPopup, openTab, poll, syncNow, useExtension } from './journey-helpers.ts';

describe('Copy link to an item', () => {
  const world = useExtension({
    people: { ann: 'Ann', bo: 'Bo Builder' },
    signIn: 'ann',
    fixtures: true,
    publicUrl: true,
  });

  it("copies a feed item's permalink, and the permalink opens the item's web page", async () => {
    const { browser, fixtures, server } = world;
    expect((await world.rest.ann.put('/v1/follows/bo', undefined)).status).toBeLessThan(300);
    const id = uuidv7();
    const made = await world.rest.bo.put(`/v1/statuses/${id}`, { text: 'Who knows Kysely?' });
    expect(made.status).toBe(201);
    await syncNow(browser);

    const { page, tabId } = await openTab(browser, fixtures.url('/article.html'));
    const popup = await openPopup(browser, tabId);
    await popup.getByRole('tab', { name: 'Feed' }).click();
    const card = popup.locator(`article[data-item-id="${id}"]`);
    await card.waitFor();
    const button = card.locator(`[data-copy-permalink="${id}"]`);
    expect(await button.textContent()).toBe('Copy link');
    await button.click();
    await card.getByRole('status').getByText('Link copied.').waitFor();
    await popup.close();

    await browser.context.grantPermissions(['clipboard-read'], { origin: fixtures.origin });
    await page.bringToFront();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${server.url}/items/${id}`);

    await page.goto(copied);
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/signin');
    expect(landed.searchParams.get('next')).toBe(`/items/${id}`);
    await page.close();
  });

  it('offers Copy link to the permalink as soon as a snippet is shared from the page', async () => {
    const { browser, fixtures, server } = world;
    const { page } = await openTab(browser, fixtures.url('/article.html'));
    await page.bringToFront();
    const ui = await OutloudUi.attach(page);
    await selectText(page, 'People in a company learn fastest from each other');
    await poll(() => ui.count('[data-outloud=share-selection]')).toBe(1);
    await ui.click('[data-outloud=share-selection]');
    await poll(() => ui.count('[data-outloud=composer]')).toBe(1);
    await ui.click('[data-outloud=share]');
    await poll(() => ui.count('[data-outloud=notice] [data-outloud=copy-permalink]')).toBe(1);
    expect(await ui.text('[data-outloud=notice] [data-outloud=copy-permalink]')).toBe('Copy link');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: fixtures.origin,
    });
    await ui.click('[data-outloud=notice] [data-outloud=copy-permalink]');
    await poll(() => ui.text('[data-outloud=notice]')).toBe('Link copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());

    await syncNow(browser);
    const mine = liveOf<Snippet>(await world.rest.ann.changes(), 'snippet').filter((s) =>
      s.quote.exact.startsWith('People in a company learn fastest'),
    );
    expect(mine).toHaveLength(1);
    expect(copied).toBe(`${server.url}/items/${mine[0]!.id}`);
    await ui.detach();
    await page.close();
  });
});
