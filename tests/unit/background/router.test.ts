/** The router: who may call what, parameter validation, and error answers. */
import { describe, expect, it } from 'vitest';
import { HandlerError } from '../../../src/background/errors.ts';
import { MENU } from '../../../src/background/menus.ts';
import {
  createRouter,
  describeInvalid,
  type Sender,
  type UiHandlers,
} from '../../../src/background/router.ts';
import { UiParams } from '../../../src/core/messages.ts';
import { isStorableText } from '../../../src/core/well-formed.ts';
import { contentSender, EXTENSION_ID, idle, ORIGIN, pageSender, setup } from './helpers.ts';

const envelope = (channel: string, method: string, params: unknown = {}) => ({
  outloud: 1,
  channel,
  method,
  params,
});

describe('sender checks', () => {
  it.each<[string, string, boolean, Sender]>([
    ['the popup', 'ui', true, pageSender],
    [
      'an options page open in a tab',
      'ui',
      true,
      {
        id: EXTENSION_ID,
        url: `${ORIGIN}options.html`,
        tab: { id: 3, url: `${ORIGIN}options.html` },
      },
    ],
    ['the side panel', 'ui', true, { id: EXTENSION_ID, url: `${ORIGIN}sidepanel.html` }],
    ['a content script', 'ui', false, contentSender],
    [
      'another extension',
      'ui',
      false,
      { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzz/popup.html' },
    ],
    [
      'a page of another extension claiming our id',
      'ui',
      false,
      { id: EXTENSION_ID, url: 'chrome-extension://zzzz/x.html' },
    ],
    ['a sender without url', 'ui', false, { id: EXTENSION_ID }],
    ['our content script', 'content', true, contentSender],
    ['an extension page on the content channel', 'content', false, pageSender],
    [
      'an extension page in a tab on the content channel',
      'content',
      false,
      { id: EXTENSION_ID, url: `${ORIGIN}popup.html`, tab: { id: 3 } },
    ],
    ['a content script of another extension', 'content', false, { ...contentSender, id: 'other' }],
  ])('%s on the %s channel: allowed=%s', async (_name, channel, allowed, sender) => {
    const t = await setup();
    const [method, params] =
      channel === 'ui'
        ? ['getSettings', {}]
        : ['pageState', { href: 'https://example.org/article', canonical: null }];
    const reply = (await t.bg.router(envelope(channel, method, params), sender)) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(reply.ok).toBe(allowed);
    if (!allowed) expect(reply.error?.code).toBe('forbidden');
  });

  it('gives a content script none of the ui-only methods', async () => {
    const t = await setup();
    for (const method of ['signIn', 'getStatus', 'bookmarkTab', 'deleteBookmark', 'getSettings']) {
      const reply = await t.bg.router(envelope('content', method), contentSender);
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('ignores messages that are not Outloud envelopes', async () => {
    const t = await setup();
    expect(t.bg.router({ type: 'ping' }, pageSender)).toBeUndefined();
    expect(t.bg.router('hello', pageSender)).toBeUndefined();
    expect(t.bg.router(null, pageSender)).toBeUndefined();
    expect(await t.bg.router(envelope('admin', 'getStatus'), pageSender)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('parameter validation', () => {
  it.each([
    ['pageEngagement', { url: 'javascript:alert(1)' }, 'url: must match pattern'],
    ['pageEngagement', { url: 'https://example.org/', extra: 1 }, "unexpected field 'extra'"],
    ['updateBookmark', { id: 'not-a-uuid', patch: {} }, 'id: must match pattern'],
    [
      'updateBookmark',
      { id: '0190a000-0000-7000-8000-000000000001', patch: { tags: [''] } },
      'patch.tags.0',
    ],
    ['postStatus', { text: '' }, 'text: must not have fewer than 1 characters'],
    ['setSettings', { lookupMode: 'everything' }, 'lookupMode'],
    ['signIn', { serverUrl: 'ftp://x.example', token: 't' }, 'serverUrl'],
    ['feed', { limit: 10_000 }, 'limit'],
  ])('%s(%j) is refused naming the field', async (method, params, message) => {
    const t = await setup();
    const reply = await t.ui(method, params);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid');
      expect(reply.error.message).toContain(message);
    }
  });

  it('refuses a forged envelope with params of the wrong type', async () => {
    const t = await setup();
    expect(await t.ui('pageEngagement', 'https://example.org')).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await t.ui('nope')).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('describes a missing required field', () => {
    expect(describeInvalid(UiParams.addComment, { text: 'x' })).toMatch(/targetId|required/);
  });
});

describe('handler errors', () => {
  it('answers a HandlerError with its code and an unexpected error as internal', async () => {
    const ok = async () => 'fine';
    const handlers = Object.fromEntries(Object.keys(UiParams).map((k) => [k, ok]));
    const router = createRouter({
      extensionId: EXTENSION_ID,
      extensionOrigin: ORIGIN,
      ui: {
        ...handlers,
        getStatus: async () => {
          throw new HandlerError('signed-out', 'Sign in first.');
        },
        myTags: async () => {
          throw new Error('disk on fire');
        },
      } as unknown as UiHandlers,
      content: handlers as never,
    });
    expect(await router(envelope('ui', 'getStatus'), pageSender)).toEqual({
      ok: false,
      error: { code: 'signed-out', message: 'Sign in first.', params: {} },
    });
    expect(await router(envelope('ui', 'myTags'), pageSender)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(await router(envelope('ui', 'getSettings'), pageSender)).toEqual({
      ok: true,
      value: 'fine',
    });
  });

  it('says an action needs a signed-in user', async () => {
    const t = await setup();
    expect(await t.bookmarkPage({ url: 'https://example.org/' })).toMatchObject({
      ok: false,
      error: { code: 'signed-out' },
    });
  });
});

describe('well-formed text at the boundary', () => {
  it('queues a bookmark, snippet, status and comment with lone surrogates and NUL repaired', async () => {
    const t = await setup();
    await t.signIn('alice');
    const bookmark = await t.bookmarkPage({
      url: 'https://example.org/a',
      title: 'Cut emoji \ud83d',
    });
    expect(bookmark).toMatchObject({
      ok: true,
      value: { bookmark: { title: 'Cut emoji \ufffd' } },
    });
    if (!bookmark.ok) return;
    const id = (bookmark.value as { bookmark: { id: string } }).bookmark.id;
    const update = await t.ui('updateBookmark', {
      id,
      patch: { description: 'a\u0000b', tags: ['x\udc00'] },
    });
    expect(update).toMatchObject({ ok: true });
    const snippet = await t.ui('shareSnippet', {
      url: 'https://example.org/a',
      quote: { exact: 'quoted\u0000 text\ud800', prefix: '\udfffp' },
      comment: 'c\ud800',
    });
    expect(snippet).toMatchObject({
      ok: true,
      value: { quote: { exact: 'quoted text\ufffd', prefix: '\ufffdp' }, comment: 'c\ufffd' },
    });
    expect(await t.ui('postStatus', { text: 'busy \udbff' })).toMatchObject({
      ok: true,
      value: { text: 'busy \ufffd' },
    });
    expect(await t.ui('addComment', { targetId: id, text: 'ok\u0000' })).toMatchObject({
      ok: true,
      value: { text: 'ok' },
    });
    const strings = (v: unknown): string[] =>
      typeof v === 'string'
        ? [v]
        : Array.isArray(v)
          ? v.flatMap(strings)
          : v !== null && typeof v === 'object'
            ? Object.values(v).flatMap(strings)
            : [];
    const written = [...(await t.db.outbox.toArray()), ...(await t.db.items.toArray())];
    expect(written.length).toBeGreaterThan(0);
    for (const s of strings(written)) expect(isStorableText(s)).toBe(true);
  });

  it('repairs tab titles and selections the context menu saves without the router', async () => {
    const t = await setup();
    await t.signIn('alice');
    // 499 letters then an emoji: the 500-unit cut splits the pair.
    const tab = { id: 9, url: 'https://example.org/post', title: `${'a'.repeat(499)}😀` };
    t.platform.tabs.set(9, tab);
    await t.bg.menus.onClicked({ menuItemId: MENU.bookmarkPage, pageUrl: tab.url }, tab);
    await t.bg.menus.onClicked(
      { menuItemId: MENU.shareSelection, pageUrl: tab.url, selectionText: 'sel\u0000\udc00' },
      { ...tab, title: 'T\u0000' },
    );
    await idle(t.bg);
    const items = await t.db.items.toArray();
    expect(items.map((i) => (i.type === 'snippet' ? [i.title, i.quote.exact] : [i.title]))).toEqual(
      expect.arrayContaining([[`${'a'.repeat(499)}\ufffd`], ['T', 'sel\ufffd']]),
    );
  });

  it('validates the repaired text: a comment of only NUL is empty and refused', async () => {
    const t = await setup();
    await t.signIn('alice');
    const reply = await t.ui('addComment', {
      targetId: '0190a0b0-0000-7000-8000-000000000000',
      text: '\u0000',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await t.db.outbox.count()).toBe(0);
  });
});
