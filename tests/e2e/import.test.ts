/**
 * Import and export in the options page, in real Chromium against the real server: a bookmark
 * file (folders, tags, a private bookmark, a page twice, non-web addresses) imported twice
 * leaves each page on the server once, with the summary saying what happened each time; the
 * exported file holds exactly those bookmarks. The optional `bookmarks` permission is not
 * granted until asked for.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseNetscape } from '../../src/core/netscape.ts';
import { normalizeUrl } from '../../src/core/url.ts';
import type { Bookmark } from '../../src/core/wire.ts';
import { FIXTURES_DIR } from './harness.ts';
import { liveOf, poll, syncNow, useExtension } from './journey-helpers.ts';

const FILE = path.join(FIXTURES_DIR, 'import/bookmarks.html');

const EXPECTED = [
  ['https://example.com/r%C3%A4ksm%C3%B6rg%C3%A5s', 'public'],
  ['https://example.org/conways-law', 'public'],
  ['https://example.org/goodharts-law', 'public'],
  ['https://example.org/salaries', 'private'],
];

/** Each bookmark's page (its normalised address) and visibility, sorted. */
const pages = (list: ReadonlyArray<{ url: string; visibility: string }>) =>
  list.map((b) => [normalizeUrl(b.url), b.visibility]).sort();

/** The counts the import summary shows now (empty while none is shown). */
async function shownCounts(page: Page): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  for (const li of await page.locator('[data-testid=import-summary] li').all()) {
    counts[(await li.getAttribute('data-count')) ?? ''] = (await li.textContent()) ?? '';
  }
  return counts;
}

/**
 * Chooses the fixture file in the options page and waits until the summary shows `expected`
 * (a summary from an earlier import may still be on screen, or be replaced, while it starts).
 */
async function importFile(page: Page, expected: Record<string, string>): Promise<void> {
  await page.locator('#import-file').setInputFiles(FILE);
  await expect.poll(() => shownCounts(page), { timeout: 15_000 }).toEqual(expected);
}

describe('bookmark import and export', () => {
  const world = useExtension({ people: { ann: 'Ann Andersson' }, signIn: 'ann' });

  it('imports a bookmark file twice: each page reaches the server once', async () => {
    const page = await world.browser.openPage('options.html');
    expect(
      await page.evaluate(() => chrome.permissions.contains({ permissions: ['bookmarks'] })),
    ).toBe(false);

    await importFile(page, {
      imported: '4 imported',
      existing: '1 already there',
      refused: '2 refused',
    });
    const reasons = await page
      .locator('[data-testid=import-result] li[data-code]')
      .allTextContents();
    // (the address and the reason are substituted values, each isolated: FSI … PDI)
    const why = '\u2068not a web page (only http and https addresses can be saved)\u2069';
    expect(reasons).toEqual([
      `\u2068javascript:alert(document.title)\u2069: ${why}`,
      `\u2068place:sort=8&maxResults=10\u2069: ${why}`,
    ]);
    await syncNow(world.browser);
    const api = world.rest.ann;
    const once = liveOf<Bookmark>(await api.changes(), 'bookmark');
    expect(pages(once)).toEqual(EXPECTED);
    expect(once.find((b) => b.url.endsWith('conways-law'))).toMatchObject({
      title: "Conway's law",
      description: 'Why our services look like our org chart.',
      tags: ['teams', 'architecture'],
    });
    const changesBefore = (await api.changes()).length;

    // Choosing the same file again (the input was cleared, so it fires again).
    await importFile(page, {
      imported: '0 imported',
      existing: '5 already there',
      refused: '2 refused',
    });
    await syncNow(world.browser);
    const twice = liveOf<Bookmark>(await api.changes(), 'bookmark');
    expect(pages(twice)).toEqual(EXPECTED);
    expect((await api.changes()).length).toBe(changesBefore);
    await page.close();
  });

  it('exports the bookmarks as a Netscape file the browser downloads', async () => {
    const page = await world.browser.openPage('options.html');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export my bookmarks' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('outloud-bookmarks-ann.html');
    const html = await readFile(await download.path(), 'utf8');
    const exported = parseNetscape(html).map((b) => ({
      url: b.url,
      visibility: b.private ? 'private' : 'public',
    }));
    expect(pages(exported)).toEqual(EXPECTED);
    await poll(() => page.locator('[data-testid=export-result]').textContent()).toBe(
      'Exported 4 bookmarks.',
    );
    await page.close();
  });
});
