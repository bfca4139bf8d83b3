/**
 * The web face and the extension meet (issue 16): a colleague without the extension comments on
 * and likes Ann's bookmark from its web permalink, and after a sync Ann's side panel on that page
 * shows the comment under the bookmark and the like in its count.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { openTab, syncNow, useExtension } from './journey-helpers.ts';

describe('web engagement reaches the extension', () => {
  const world = useExtension({
    people: { ann: 'Ann Author', bo: 'Bo Builder' },
    signIn: 'ann',
    fixtures: true,
  });

  it("a comment and a like from the web appear in Ann's side panel after sync", async () => {
    const { browser, fixtures, server } = world;
    const url = fixtures.url('/article.html');
    const id = uuidv7();
    const made = await world.rest.ann.put(`/v1/bookmarks/${id}`, { url, title: 'The article' });
    expect(made.status).toBe(201);
    await syncNow(browser);

    // Bo, on the web alone: sign in with the token form, comment, like.
    const web = await browser.context.newPage();
    await web.goto(`${server.url}/items/${id}`);
    await web.fill('#token', world.tokens.bo);
    await web.click('form[action="/signin"] button[type=submit]');
    await web.waitForURL(`${server.url}/items/${id}`);
    await web.fill('#comment-text', 'Seen from the web');
    await web.click('form[action$="/comments"] button[type=submit]');
    await web.waitForURL(/#comment-/);
    await web.click('form[action$="/like"] button[type=submit]');
    await web.waitForURL(`${server.url}/items/${id}`);
    await web.close();

    await syncNow(browser);
    const { page, tabId } = await openTab(browser, url);
    const panel = await browser.openPage(`sidepanel.html?tab=${tabId}`);
    const item = panel.locator(`[data-item-id="${id}"]`);
    await expect
      .poll(() => item.locator('.thread .comment .item-text').first().textContent())
      .toBe('Seen from the web');
    expect(await item.locator('.thread .comment').first().textContent()).toContain('Bo Builder');
    const like = item.locator(`[data-like="${id}"]`);
    expect(await like.getAttribute('aria-pressed')).toBe('false');
    expect(await like.locator('.count').textContent()).toBe(' · 1');
    await panel.close();
    await page.close();
  });
});
