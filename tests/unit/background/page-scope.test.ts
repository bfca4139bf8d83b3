/**
 * The page a content script speaks for comes from the browser's sender, and the address a
 * message carries must be that page (after normalisation), or for a snippet the canonical the
 * page may claim: table tests of the pure decision, then the router refusing `pageState` and
 * `shareSnippet` with `page-mismatch` while leaving the outbox empty.
 */
import { describe, expect, it } from 'vitest';
import {
  matchPage,
  type SenderPlace,
  trustedAddresses,
} from '../../../src/background/page-scope.ts';
import type { PageState } from '../../../src/core/messages.ts';
import { contentSender, setup } from './helpers.ts';

describe('trustedAddresses', () => {
  it.each<[string, SenderPlace, string[]]>([
    [
      'top frame: its own address, then the tab’s',
      { url: 'https://a.example/x', tab: { url: 'https://a.example/y' }, frameId: 0 },
      ['https://a.example/x', 'https://a.example/y'],
    ],
    [
      'no frame id (Firefox’s top frame): both',
      { url: 'https://a.example/x', tab: { url: 'https://a.example/x' } },
      ['https://a.example/x'],
    ],
    [
      'a subframe: only the frame’s own, never the tab’s',
      { url: 'https://frame.example/in', tab: { url: 'https://top.example/' }, frameId: 3 },
      ['https://frame.example/in'],
    ],
    ['nothing known', { tab: {} }, []],
  ])('%s', (_name, sender, expected) => {
    expect(trustedAddresses(sender)).toEqual(expected);
  });
});

describe('matchPage', () => {
  const PAGE = ['https://news.example.com/story?id=4&utm_source=mail#part'];
  it.each<[string, string[], string, boolean, string | null]>([
    ['the same address', PAGE, PAGE[0]!, false, PAGE[0]!],
    [
      'the same page after normalisation (tracking, fragment, order, case, scheme)',
      PAGE,
      'http://NEWS.example.com/story?id=4',
      false,
      PAGE[0]!,
    ],
    [
      'secrets stripped by the page identity',
      ['https://a.example/doc?token=s3cret&x=1'],
      'https://a.example/doc?x=1',
      false,
      'https://a.example/doc?token=s3cret&x=1',
    ],
    ['another page of the same site', PAGE, 'https://news.example.com/other', false, null],
    ['another site', PAGE, 'https://victim.example/story?id=4', false, null],
    ['another query', PAGE, 'https://news.example.com/story?id=5', false, null],
    [
      'an SPA route is a different page',
      ['https://a.example/#/one'],
      'https://a.example/#/two',
      false,
      null,
    ],
    ['not a URL', PAGE, 'not a url', false, null],
    ['not http(s)', PAGE, 'javascript:alert(1)', false, null],
    ['no trusted address at all', [], PAGE[0]!, false, null],
    [
      'the tab’s address when the frame’s lags behind a pushState',
      ['https://app.example/inbox', 'https://app.example/item/7'],
      'https://app.example/item/7',
      false,
      'https://app.example/item/7',
    ],
    [
      'a same-site canonical, when the method allows one',
      PAGE,
      'https://www.example.com/story/4',
      true,
      PAGE[0]!,
    ],
    [
      'a same-site canonical, when it does not',
      PAGE,
      'https://www.example.com/story/4',
      false,
      null,
    ],
    [
      'a canonical on another site is never the page',
      PAGE,
      'https://victim.example/story/4',
      true,
      null,
    ],
    [
      'a canonical on another tenant of a shared host',
      ['https://alice.github.io/post'],
      'https://mallory.github.io/post',
      true,
      null,
    ],
    [
      'a site-wide canonical to the home page is not trusted for a deeper page',
      PAGE,
      'https://news.example.com/',
      true,
      null,
    ],
  ])('%s', (_name, trusted, sent, canonical, expected) => {
    expect(matchPage(trusted, sent, { canonical })).toBe(expected);
  });
});

describe('content methods with an address that is not the sender’s page', () => {
  type R = { ok: boolean; value?: unknown; error?: { code: string } };
  const send = (
    t: Awaited<ReturnType<typeof setup>>,
    method: string,
    params: unknown,
    sender = contentSender,
  ) => t.bg.router({ outloud: 1, channel: 'content', method, params }, sender) as Promise<R>;

  it('pageState: answers for the sender’s page, refuses another', async () => {
    const t = await setup();
    await t.signIn('alice');
    const own = await send(t, 'pageState', { href: `${contentSender.url}#intro`, canonical: null });
    expect(own.ok).toBe(true);
    expect((own.value as PageState).page?.url).toBe(contentSender.url);

    const forged = await send(t, 'pageState', {
      href: 'https://victim.example/internal/report',
      canonical: null,
    });
    expect(forged).toMatchObject({ ok: false, error: { code: 'page-mismatch' } });
  });

  it('shareSnippet: refuses a snippet “from” another page and queues nothing', async () => {
    const t = await setup();
    await t.signIn('alice');
    const draft = { quote: { exact: 'a quote' }, comment: 'forged' };
    // (Any other page of the same site could be the page's canonical, as the page could say.)
    const forged = [
      'https://victim.example/internal/report',
      'https://example.org.victim.example/article',
      'https://example.org/',
    ];
    for (const url of forged) {
      const reply = await send(t, 'shareSnippet', { ...draft, url });
      expect({ url, reply }).toMatchObject({
        url,
        reply: { ok: false, error: { code: 'page-mismatch' } },
      });
    }
    expect(await t.db.outbox.count()).toBe(0);

    // The page itself, and a canonical it may claim, are shared.
    const own = await send(t, 'shareSnippet', { ...draft, url: contentSender.url });
    expect(own.ok).toBe(true);
    const canonical = await send(t, 'shareSnippet', {
      ...draft,
      url: 'https://www.example.org/articles/canonical',
    });
    expect(canonical.ok).toBe(true);
  });
});
