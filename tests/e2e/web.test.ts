/**
 * The web face in real Chromium (no extension): a colleague follows a permalink while signed
 * out, is sent to the token form and back, sees the quote marked, comments from the web (the
 * API then has the comment), and "Open at the quote" lands Chromium on the quoted words of the
 * fixture page. The same permalink with JavaScript disabled still shows the quote, a reply can
 * be written and sent with the keyboard alone, and axe finds no serious or critical WCAG
 * violation on any page (settings and a group's page included) in light or dark.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { axeViolations } from './a11y-axe.ts';
import {
  type FixtureServer,
  launchPlainChromium,
  type RunningServer,
  serveFixtures,
  startServer,
} from './harness.ts';

const QUOTE = 'write their reasoning';

describe('web pages in Chromium', () => {
  let server: RunningServer;
  let fixtures: FixtureServer;
  let browser: Browser;
  let ann = '';
  let bo = '';
  let snippetId = '';
  let urlKey = '';
  let groupId = '';

  const api = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await fetch(new URL(url, server.url), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    server = await startServer();
    fixtures = await serveFixtures();
    ann = (await server.cli(['users', 'add', '--handle', 'ann', '--name', 'Ann Author'])).trim();
    bo = (await server.cli(['users', 'add', '--handle', 'bo', '--name', 'Bo Builder'])).trim();
    snippetId = uuidv7();
    const snippet = await api('PUT', `/v1/snippets/${snippetId}`, bo, {
      url: fixtures.url('/journeys/long.html'),
      title: 'A long report',
      quote: { exact: QUOTE },
      comment: 'This is the part to read',
    });
    urlKey = String(snippet.urlKey);
    await api('PUT', `/v1/statuses/${uuidv7()}`, bo, { text: 'Who reviews this?', question: true });
    await api('PUT', `/v1/follows/bo`, ann);
    groupId = uuidv7();
    await api('PUT', `/v1/groups/${groupId}`, ann, { name: 'Reviewers', kind: 'closed' });
    await api('PUT', `/v1/statuses/${uuidv7()}`, ann, {
      text: 'Reviewing the long report',
      visibility: 'group',
      groups: [groupId],
    });
    browser = await launchPlainChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await server?.stop();
  });

  it('signs in with a token, shows the permalink, takes a comment and opens at the quote', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/items/${snippetId}`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(await axeViolations(page)).toEqual([]);
    await page.fill('#token', ann);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/items/${snippetId}`);
    expect(await page.textContent('mark')).toBe(QUOTE);
    expect(await page.textContent('main')).toContain('Bo Builder');
    expect(await page.textContent('main')).toContain('This is the part to read');

    await page.fill('#comment-text', 'Read it, agreed');
    await page.click('form[action$="/comments"] button[type=submit]');
    await page.waitForURL(/#comment-/);
    expect(await page.textContent('.comment .text')).toBe('Read it, agreed');
    // The extension's page lookup (as Bo's side panel reads it) has the web's comment.
    const summary = await api('GET', `/v1/pages/${urlKey}`, bo);
    expect(JSON.stringify(summary.comments)).toContain('Read it, agreed');

    // JavaScript off: the same session still gets the quote and the discussion.
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    await noScript.addCookies(await context.cookies());
    const still = await noScript.newPage();
    await still.goto(`${server.url}/items/${snippetId}`);
    expect(await still.textContent('mark')).toBe(QUOTE);
    expect(await still.textContent('main')).toContain('Read it, agreed');
    await noScript.close();

    // "Open at the quote": Chromium scrolls the fixture page to the quoted words.
    await page.click('a:has-text("Open at the quote")');
    await page.waitForURL(/long\.html/);
    await expect
      .poll(
        () =>
          page.evaluate((quote) => {
            const far = document.getElementById('far')!.firstChild as Text;
            const range = document.createRange();
            const at = far.data.toLowerCase().indexOf(quote);
            range.setStart(far, at);
            range.setEnd(far, at + quote.length);
            const r = range.getBoundingClientRect();
            return scrollY > 0 && r.top >= 0 && r.bottom <= innerHeight;
          }, QUOTE),
        { timeout: 10_000 },
      )
      .toBe(true);
    await context.close();
  });

  it('takes a reply on the permalink from the keyboard alone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/signin?next=${encodeURIComponent(`/items/${snippetId}`)}`);
    /** Presses Tab until the focused element matches `selector` (at most 60 times). */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
          return;
        }
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo('#token');
    await page.keyboard.type(ann);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/items/${snippetId}`);
    await tabTo('#comment-text');
    await page.keyboard.type('Replied without a mouse');
    await tabTo('form[action$="/comments"] button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#comment-/);
    const id = new URL(page.url()).hash.slice(1);
    expect(await page.textContent(`#${id} .text`)).toBe('Replied without a mouse');
    await context.close();
  });

  it('passes axe on every page in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`${server.url}/signin`);
      expect(await axeViolations(page), `sign-in ${colorScheme}`).toEqual([]);
      await page.fill('#token', ann);
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/`);
      for (const p of [
        '/',
        '/?view=everyone',
        `/items/${snippetId}`,
        '/@bo',
        `/pages/${urlKey}`,
        '/search?q=reasoning',
        `/groups/${groupId}`,
        '/settings',
        '/items/0190a0a0-0000-7000-8000-000000000001',
      ]) {
        await page.goto(`${server.url}${p}`);
        expect(await axeViolations(page), `${p} ${colorScheme}`).toEqual([]);
      }
      await context.close();
    }
  });
});
