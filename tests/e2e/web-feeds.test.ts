/**
 * Feeds, settings, tags, trending and the language switch in real Chromium (no extension): a
 * person signs in on the web, makes a feed token on /settings, and the network feed's address
 * shown there, fetched with no cookie (as a feed reader does), is well-formed Atom that a feed
 * parser reads, with the colleague's bookmark in it; revoking the token on the same page makes
 * that address refuse. The "Svenska" link switches the pages to Swedish without JavaScript.
 * axe finds no serious or critical WCAG violation on /settings (with a new token shown), a tag
 * page and /trending, in light and dark.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed } from 'feedsmith';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { axeViolations } from './a11y-axe.ts';
import { chromiumPath, type RunningServer, startServer } from './harness.ts';

describe('feeds and settings in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let ann = '';
  let bookmarkId = '';

  beforeAll(async () => {
    server = await startServer();
    ann = (await server.cli(['users', 'add', '--handle', 'ann', '--name', 'Ann Author'])).trim();
    const bo = (
      await server.cli(['users', 'add', '--handle', 'bo', '--name', 'Bo Builder'])
    ).trim();
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const res = await fetch(new URL(path, server.url), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    bookmarkId = uuidv7();
    await call('PUT', `/v1/bookmarks/${bookmarkId}`, bo, {
      url: 'https://docs.example/runbook',
      title: 'The on-call runbook',
      description: 'Read before your first shift',
      tags: ['oncall', 'ops'],
    });
    await call('PUT', '/v1/follows/bo', ann);
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('makes a feed token in settings whose feed a cookie-less reader parses, then revokes it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/settings`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.fill('#token', ann);
    await page.click('form[action="/signin"] button[type=submit]');
    await page.waitForURL(`${server.url}/settings`);

    await page.fill('#feed-name', 'My feed reader');
    await page.click('form[action="/settings/feeds"] button[type=submit]');
    const address = await page.inputValue('#feed-network');
    expect(address.startsWith(`${server.url}/feeds/network?token=olf_`)).toBe(true);
    expect(await page.textContent('#feeds')).toContain('My feed reader');

    // A feed reader: no cookie, no header.
    const res = await fetch(address);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parseAtomFeed(xml);
    expect(feed.id).toBe(`${server.url}/feeds/network`);
    const entry = feed.entries?.find((e) => e.id === `urn:uuid:${bookmarkId}`);
    expect(entry?.links?.[0]?.href).toBe(`${server.url}/items/${bookmarkId}`);
    expect(entry?.authors?.[0]?.name).toBe('Bo Builder');
    expect(String(entry?.content?.value)).toContain('Read before your first shift');
    // Chromium without the session's cookie reads it too; the token opens nothing else.
    const reader = await browser.newContext();
    expect((await reader.request.get(address)).status()).toBe(200);
    const token = new URL(address).searchParams.get('token') ?? '';
    const apiWithFeedToken = await reader.request.get(`${server.url}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(apiWithFeedToken.status()).toBe(401);

    // Revoked on the settings page: the same address is refused.
    await page.goto(`${server.url}/settings`);
    await page.click('#feeds form[action$="/revoke"] button');
    await page.waitForURL(/notice=feedRevoked/);
    expect(await page.textContent('[role=status]')).toContain('Feed token revoked.');
    expect((await fetch(address)).status).toBe(401);
    await reader.close();
    await context.close();
  });

  it('switches to Swedish with a link, and passes axe on settings, a tag and trending', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.url}/signin`);
      await page.fill('#token', ann);
      await page.click('form[action="/signin"] button[type=submit]');
      await page.waitForURL(`${server.url}/`);
      await page.click('a:has-text("Trending")');
      await page.waitForURL(`${server.url}/trending`);
      await page.click('a:has-text("#oncall")');
      await page.waitForURL(`${server.url}/tags/oncall`);
      expect(await page.textContent('main')).toContain('The on-call runbook');

      await page.goto(`${server.url}/settings`);
      await page.fill('#feed-name', `Reader ${colorScheme}`);
      await page.click('form[action="/settings/feeds"] button[type=submit]');
      await page.waitForSelector('#feed-network');
      // axe needs script in the page: a second context with it, sharing the session cookie.
      const axeContext = await browser.newContext({ colorScheme });
      await axeContext.addCookies(await context.cookies());
      const axePage = await axeContext.newPage();
      for (const path of ['/settings', '/tags/oncall', '/trending', '/trending?days=30']) {
        await axePage.goto(`${server.url}${path}`);
        expect(await axeViolations(axePage), `${path} ${colorScheme}`).toEqual([]);
      }
      // The page right after creating a token, with its addresses to copy.
      await axePage.goto(`${server.url}/settings`);
      await axePage.fill('#feed-name', 'Another reader');
      await axePage.click('form[action="/settings/feeds"] button[type=submit]');
      await axePage.waitForSelector('#feed-network');
      expect(await axeViolations(axePage), `new token ${colorScheme}`).toEqual([]);

      // The language switch, without JavaScript: a link and a cookie.
      await page.goto(`${server.url}/trending`);
      await page.click('a[hreflang=sv]');
      await page.waitForURL(`${server.url}/trending`);
      expect(await page.getAttribute('html', 'lang')).toBe('sv');
      expect(await page.textContent('h1')).toBe('Trendar');
      await page.goto(`${server.url}/settings`);
      expect(await page.textContent('h1')).toBe('Inställningar');
      await axePage.goto(`${server.url}/language/sv?next=%2Fsettings`);
      expect(await axeViolations(axePage), `settings sv ${colorScheme}`).toEqual([]);
      await axeContext.close();
      await context.close();
    }
  });
});
