/**
 * One page identity: the popup's `tabInfo`/`bookmarkTab` use the canonical the tab's content
 * script reports, vetted by the same rule as the content script's `pageIdentity`, so a bookmark
 * and a snippet of a page whose canonical differs from its address share one urlKey.
 */
import { describe, expect, it } from 'vitest';
import { tabPageUrl } from '../../../src/background/tab-page.ts';
import { pageIdentity, urlKey } from '../../../src/core/url.ts';
import type { Bookmark } from '../../../src/core/wire.ts';
import { fakePlatform, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };

const TAB = 'https://news.example.com/story/123?page=2&session=abc';
const CANONICAL = 'https://news.example.com/story/123';

describe('tabPageUrl', () => {
  it('uses a same-site canonical the content script reports, resolved', async () => {
    const p = fakePlatform();
    p.contentAnswer = { canonical: '/story/123' };
    expect(await tabPageUrl(p, { id: 1, url: TAB })).toBe(CANONICAL);
    expect(p.sent).toEqual([{ tabId: 1, message: { type: 'outloud:canonical' } }]);
  });

  it('keeps the tab URL for no canonical, another site, a home-page canonical, no script', async () => {
    const p = fakePlatform();
    for (const answer of [
      { canonical: null },
      { canonical: 'https://evil.example.org/story/123' },
      { canonical: 'https://news.example.com/' },
      { canonical: 42 },
      null,
    ]) {
      p.contentAnswer = answer;
      expect(await tabPageUrl(p, { id: 1, url: TAB })).toBe(TAB);
    }
    p.contentAnswer = undefined; // no content script: sendToTab rejects
    expect(await tabPageUrl(p, { id: 1, url: TAB })).toBe(TAB);
  });

  it('gives up on a content script that does not answer in time', async () => {
    const p = fakePlatform();
    p.sendToTab = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await tabPageUrl(p, { id: 1, url: TAB }, 50)).toBe(TAB);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('asks nothing for a tab that is not a web page', async () => {
    const p = fakePlatform();
    expect(await tabPageUrl(p, { id: 1, url: 'chrome://settings/' })).toBe('chrome://settings/');
    expect(p.sent).toEqual([]);
  });

  it('agrees with the content script’s pageIdentity', async () => {
    const p = fakePlatform();
    for (const canonical of [
      '/story/123',
      'https://www.example.com/a',
      'https://news.example.com/',
    ]) {
      p.contentAnswer = { canonical };
      const mine = await urlKey(await tabPageUrl(p, { id: 1, url: TAB }));
      expect(mine).toBe(await urlKey(pageIdentity(TAB, canonical).url));
    }
  });
});

describe('bookmarkTab and tabInfo with a canonical', () => {
  it('save and show the canonical page, the key the content script uses', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(4, { id: 4, url: TAB, title: 'Story' });
    t.platform.contentAnswer = { canonical: CANONICAL };
    expect(await t.ui('tabInfo', { tabId: 4 })).toEqual({
      ok: true,
      value: { url: CANONICAL, title: 'Story', bookmarkable: true, reason: null },
    });
    const reply = (await t.ui('bookmarkTab', { tabId: 4 })) as Ok<{ bookmark: Bookmark }>;
    expect(reply.value.bookmark.url).toBe(CANONICAL);
    expect(reply.value.bookmark.urlKey).toBe(await urlKey(pageIdentity(TAB, CANONICAL).url));
  });
});
