/**
 * "Copy link" in the extension (issue 16): with a server that has a public address, an item
 * card in the popup's feed copies the item's web permalink (`<public URL>/items/{id}`), which
 * Chromium then opens as the server's web page (signed out: the sign-in page, coming back to
 * the item). The clipboard is read from a web page allowed to (an extension page's origin
 * cannot be granted clipboard-read).
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { openPopup, openTab, syncNow, useExtension } from './journey-helpers.ts';

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
});
