/**
 * The README's Firefox picture: the demo scene of tests/e2e/screenshots-scene.ts (the real
 * server with `outloud-server demo`, the local article the demo people engaged with) seen in
 * headless Firefox ESR with the Firefox build, signed in as `ada`. Runs outside vitest too
 * (`npm run screenshots`), so nothing here imports vitest.
 */
import { serveFixtures, startServer } from '../e2e/harness.ts';
import { ARTICLE_PATH, parseDemoTokens, seedArticle } from '../e2e/screenshots-scene.ts';
import { launchFirefox, OverlayReader } from './harness.ts';

/** Writes the article with Outloud's overlay in Firefox, a highlight's card open, to `file`. */
export async function firefoxOverlayScreenshot(file: string): Promise<void> {
  const [server, fixtures, ff] = await Promise.all([
    startServer(),
    serveFixtures(),
    launchFirefox(),
  ]);
  try {
    const tokens = parseDemoTokens(await server.cli(['demo']));
    const articleUrl = fixtures.url(ARTICLE_PATH);
    await seedArticle(server.url, tokens, articleUrl);
    await ff.ui('signIn', { serverUrl: server.url, token: tokens.get('ada') ?? '' });
    // Signing in starts a sync; "Sync now" answers at once while that one runs. Ask until a
    // sync has finished with nothing left to send, as the options page shows it.
    const until = Date.now() + 30_000;
    for (;;) {
      const state = await ff.ui<{ lastSyncAt: string | null; pending: number }>('syncNow');
      if (state.lastSyncAt && state.pending === 0) break;
      if (Date.now() > until) throw new Error(`no sync finished: ${JSON.stringify(state)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const page = await ff.browser.newPage();
    await page.setViewport({ width: 1200, height: 760 });
    await page.goto(articleUrl);
    await page.bringToFront();
    const overlay = new OverlayReader(page);
    while ((await overlay.count('[data-outloud="people"]')) === 0) {
      if (Date.now() > until) throw new Error('no overlay on the article in Firefox');
      await new Promise((r) => setTimeout(r, 150));
    }
    // Hovering a highlight shows who shared it and their comment.
    const quote = await page.$eval('blockquote', (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(quote.x, quote.y);
    while ((await overlay.count('[data-outloud="card"]')) === 0) {
      if (Date.now() > until) throw new Error('no card for the highlight in Firefox');
      await page.mouse.move(quote.x + 1, quote.y);
      await new Promise((r) => setTimeout(r, 150));
    }
    await new Promise((r) => setTimeout(r, 400));
    await page.screenshot({ path: file as `${string}.png` });
  } finally {
    await Promise.allSettled([ff.close(), fixtures.close(), server.stop()]);
  }
}
