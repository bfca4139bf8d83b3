/**
 * Markup from the network renders as text. Mal, whose name is itself markup (`users add --name
 * '<img …>'`), writes titles, descriptions, tags, a snippet quote (markup the page shows as
 * text), comments and a status made of `<img onerror>`, `<script>`, `"><svg onload>` and
 * `javascript:` links, on the page Ann reads and about Ann. Ann opens the popup (this page,
 * feed, notifications), the side panel, the page overlay with its panel, the snippet hover card
 * and the composer with its mention list. Everywhere: the payload text is shown, no element came
 * from it (no `on*` attribute, no inline script, no `javascript:` URL, nothing naming the probe
 * but a snippet link's percent-encoded text directive, which quotes the snippet by design,
 * including inside the closed shadow root, read through CDP), no script ran (the payload would
 * set `window.__xss` and log `XSS-RAN`), and nothing fetched the payload's image. Every name,
 * title, tag, comment, quote and status also carries a right-to-left override
 * (`invoice \u202egnp.exe`): wherever it shows, in text or an attribute, it is isolated (inside
 * a `<bdi>` or an FSI … PDI isolate), so it reorders nothing around it.
 */
import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { OutloudUi, selectText } from './content-harness.ts';
import { bookmarkUrl, syncStatus, ui, until } from './extension-probe.ts';
import { openTab, poll, useExtension } from './journey-helpers.ts';

const RUN = "window.__xss=(window.__xss||0)+1;console.log('XSS-RAN')";
const IMG = `<img src=xss-probe onerror="${RUN}">`;
const SVG = `"><svg onload="${RUN}">`;
/** A file name that shows as "invoice exe.png" and reverses what follows, unless isolated. */
const EVIL = 'invoice \u202egnp.exe';
const NAME = `${IMG} Mal ${SVG} ${EVIL}`;
/** Every kind of payload in one string. */
const payload = (what: string) =>
  `${what} ${IMG}<script>${RUN}</script>${SVG} javascript:${RUN} <a href="javascript:${RUN}">x</a> ${EVIL}`;
/** The page's own text (escaped in its HTML), which Mal quotes. */
const QUOTE = `<img src=xss-probe onerror="window.__xss=1;console.log('XSS-RAN')"> and <script>window.__xss=1</script>`;

/**
 * In-page scan of a root (document or shadow root, open shadow roots followed) for anything the
 * payload could have created.
 */
const SCAN = `function scan(root) {
  const found = [];
  const visit = (node) => {
    for (const el of node.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const n = attr.name.toLowerCase();
        if (n.startsWith('on')) found.push(el.localName + '[' + n + ']');
        // A snippet's link quotes its words in a text directive (#:~:text=…) by design: allowed
        // when that directive is all percent-encoded, so nothing of the payload is left raw.
        const at = n === 'href' ? attr.value.indexOf(':~:') : -1;
        const encoded = at !== -1 && /^:~:text=[\\w%.~!*'()\\-,&=]*$/.test(attr.value.slice(at));
        const named = encoded ? attr.value.slice(0, at) : attr.value;
        if (/xss-probe|__xss/.test(named)) found.push(el.localName + '[' + n + '] names the probe');
        if (/^\\s*javascript:/i.test(attr.value)) found.push(el.localName + '[' + n + '] javascript:');
      }
      if (el.localName === 'script' && el.textContent.trim() !== '') found.push('inline script');
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(root);
  return found.concat(bidi(root).leaks);
}
/* Every right-to-left override under root, in text or attributes, must be isolated: inside a
   <bdi>, or after an isolate initiator (LRI, RLI, FSI) not yet closed by a PDI in its string. */
function bidi(root) {
  const RLO = '\u202e', PDI = '\u2069', OPEN = ['\u2066', '\u2067', '\u2068'];
  const inside = (text, i) => {
    let depth = 0;
    for (let k = 0; k < i; k++) {
      if (OPEN.includes(text[k])) depth++;
      else if (text[k] === PDI && depth > 0) depth--;
    }
    return depth > 0;
  };
  const out = { seen: 0, leaks: [] };
  const check = (text, inBdi, where) => {
    for (let i = text.indexOf(RLO); i !== -1; i = text.indexOf(RLO, i + 1)) {
      out.seen++;
      if (!inBdi && !inside(text, i)) out.leaks.push('override not isolated in ' + where + ': ' + JSON.stringify(text.slice(0, 120)));
    }
  };
  const visit = (node) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      check(t.nodeValue, t.parentElement?.closest('bdi') != null, t.parentElement?.localName ?? 'text');
    }
    for (const el of node.querySelectorAll('*')) {
      for (const attr of el.attributes) check(attr.value, false, el.localName + '[' + attr.name + ']');
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(root);
  return out;
}`;

/** What the payload could have left in an extension page or a web page's own DOM. */
function scanPage(page: Page): Promise<{ found: string[]; ran: unknown }> {
  return page.evaluate(
    `(() => { ${SCAN}; return { found: scan(document), ran: window.__xss ?? null }; })()`,
  );
}

/** How many right-to-left overrides a page shows (each one isolated, or `scan` says so). */
function overridesShown(page: Page): Promise<number> {
  return page.evaluate(`(() => { ${SCAN}; return bidi(document).seen; })()`);
}

/** The same scan inside Outloud's CLOSED shadow root, through the DevTools protocol. */
async function scanClosedRoot(cdp: CDPSession): Promise<string[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
    nodeId: root.nodeId,
    selector: 'outloud-root',
  });
  const found: string[] = [];
  for (const nodeId of nodeIds) {
    const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 0, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (!shadow) continue;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function () { ${SCAN}; return scan(this).concat(bidi(this).seen > 0 ? [] : ['no override shown']); }`,
      returnByValue: true,
    });
    found.push(...(result.value as string[]));
  }
  return found;
}

describe('markup from the network renders as text', () => {
  const world = useExtension({ people: { ann: 'Ann Reader', mal: NAME }, fixtures: true });
  let article: Page;
  let tabId: number;
  const messages: string[] = [];
  const probeRequests: string[] = [];

  const watch = (page: Page) => {
    page.on('console', (m) => messages.push(m.text()));
    return page;
  };

  beforeAll(async () => {
    world.browser.context.on('request', (r) => {
      if (r.url().includes('xss-probe')) probeRequests.push(r.url());
    });
    const options = await world.browser.openPage('options.html');
    await ui(options, 'signIn', { serverUrl: world.server.url, token: world.tokens.ann });
    await ui(options, 'follow', { handle: 'mal' });
    const url = world.fixtures.url('/security/xss.html');
    const { bookmark: mine } = await bookmarkUrl(options, url, 'Ann reads this');
    await until(
      async () => (await ui<{ pending: number }>(options, 'syncNow')).pending === 0,
      'push',
    );

    const snippetId = uuidv7();
    const put = (type: string, id: string, data?: object) => ({ id, op: 'put', type, data });
    const res = await fetch(`${world.server.url}/v1/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.tokens.mal}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        mutations: [
          put('bookmark', uuidv7(), {
            url,
            title: payload('title'),
            description: payload('description'),
            tags: ['<b>bold</b>', `"><img src=xss-probe>`, '<svg/onload=window.__xss=1>', EVIL],
          }),
          put('snippet', snippetId, { url, quote: { exact: QUOTE }, comment: payload('note') }),
          put('status', uuidv7(), { text: `${payload('status')} @ann`, url }),
          put('comment', uuidv7(), { targetId: mine.id, text: `${payload('reply')} @ann` }),
          put('comment', uuidv7(), { targetId: snippetId, text: payload('thread') }),
          put('like', mine.id),
        ],
      }),
    });
    const { results } = (await res.json()) as { results: Array<{ status: number }> };
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    await ui(options, 'syncNow');
    await until(async () => (await syncStatus(options)).error === null, 'pull');
    await options.close();
    ({ page: article, tabId } = await openTab(world.browser, url));
    watch(article);
  });

  /** A surface showed the payload as text, created nothing from it and ran nothing. */
  async function expectInert(where: string, page: Page): Promise<void> {
    await poll(() => page.evaluate(() => document.body.textContent ?? '')).toContain('xss-probe');
    expect(await scanPage(page), where).toEqual({ found: [], ran: null });
    expect(await overridesShown(page), where).toBeGreaterThan(0);
  }

  it('popup: this page, feed and notifications', async () => {
    const popup = watch(await world.browser.openPage(`popup.html?tab=${tabId}`));
    await poll(() => popup.locator('body').textContent()).toContain(NAME);
    await expectInert('popup: this page', popup);
    for (const [tab, text] of [
      ['Feed', 'status '],
      ['Notifications', 'reply '],
    ] as const) {
      await popup.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      await popup.locator('article.item').first().waitFor();
      await poll(() => popup.locator('body').textContent()).toContain(text + IMG);
      await expectInert(`popup: ${tab}`, popup);
    }
    await popup.close();
  });

  it('side panel', async () => {
    const panel = watch(await world.browser.openPage(`sidepanel.html?tab=${tabId}`));
    await panel.locator('[data-section=snippets] article').first().waitFor();
    await poll(() => panel.locator('body').textContent()).toContain(QUOTE);
    expect(await panel.locator('body').textContent()).toContain(`thread ${IMG}`);
    expect(await panel.locator('body').textContent()).toContain(NAME);
    await expectInert('side panel', panel);
    await panel.close();
  });

  it('page overlay, its panel, the hover card and the composer with mentions', async () => {
    await article.bringToFront();
    const view = await OutloudUi.attach(article);
    const cdp = await world.browser.context.newCDPSession(article);
    const inert = async (where: string) => {
      expect(await scanClosedRoot(cdp), where).toEqual([]);
      expect(await scanPage(article), where).toEqual({ found: [], ran: null });
    };
    await poll(() => view.text('[data-outloud="people"]')).toContain(NAME);
    await inert('overlay: pill');

    if ((await view.attr('[data-outloud=more]', 'aria-expanded')) !== 'true') {
      await view.click('[data-outloud=more]');
    }
    await poll(() => view.count('.panel')).toBe(1);
    await inert('overlay: panel');

    await article.locator('#payload').hover();
    await poll(() => view.text('[data-outloud=card]')).toContain(`note ${IMG}`);
    await inert('overlay: hover card');

    await selectText(article, QUOTE);
    await poll(() => view.count('[data-outloud=share-selection]')).toBe(1);
    await view.click('[data-outloud=share-selection]');
    await poll(() => view.text('[data-outloud=composer]')).toContain('<script>window.__xss=1');
    await article.keyboard.type('see @ma');
    await poll(() => view.text('[data-outloud=mentions]')).toContain(NAME);
    await inert('composer with mentions');
    await article.keyboard.press('Escape');
    await article.keyboard.press('Escape');
    await view.detach();
    await cdp.detach();
  });

  it('ran no payload anywhere and fetched no payload image', () => {
    expect(messages.filter((m) => /XSS-RAN|Refused to (execute|load)/.test(m))).toEqual([]);
    expect(probeRequests).toEqual([]);
  });
});
