/**
 * Content-script benchmarks in headless Chromium (`npm run bench -- content`):
 * - main-thread time of a page load (top-level tasks of the page's renderer main thread in a
 *   DevTools trace), and the script time within it (evaluation, callbacks, microtasks, timers,
 *   frames: the content script's own JavaScript when compared with the same page without it),
 *   with the content script, with an empty content script, with one that only asks its
 *   background once (on the quiet article: the floor of any overlay that knows about the page),
 *   and with the script
 *   excluded (`/noext/`, same browser), on an article nobody engaged with (the usual page: the
 *   overlay is not loaded), the same article with activity, and a 10,000-link page;
 * - on the 10,000-link page: time from the script's start until the marks on the links in view
 *   are placed and until every link is looked up, and the longest main-thread task, against the
 *   same page with the script excluded;
 * - anchoring and drawing 100 highlights on a 1 MB page (unchanged, and edited so stored
 *   positions are stale) as boxes in a closed shadow root, against the same drawn with the CSS
 *   Custom Highlight API (the page-readable way used before), and placing the boxes again;
 * - collecting 10,000 links' targets in slices, against reading every link's `href`.
 * The content script runs with the stand-in background of the browser tests, answering from
 * canned data (as the real one does from its local index), so only the page's cost is measured.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { normalizeUrl } from '../../src/core/url.ts';
import { engagement, launchContentOnly, snippetItem } from '../../tests/e2e/content-harness.ts';
import { launchPlainChromium, ROOT, serveFixtures } from '../../tests/e2e/harness.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

/** Page loads per figure (`CONTENT_BENCH_LOADS`, default 7): more loads, a firmer median. */
const RUNS = Math.max(3, Number(process.env.CONTENT_BENCH_LOADS ?? 7) || 7);
const WORDS =
  'work out loud share snippet colleague network page read think team question answer idea note draft review plan build learn expert context search find bookmark tag status comment like follow organisation knowledge'.split(
    ' ',
  );

/** A deterministic pseudo-random word stream (mulberry32). */
function words(seed: number): () => string {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return WORDS[((t ^ (t >>> 14)) >>> 0) % WORDS.length]!;
  };
}

function paragraph(next: () => string, n: number): string {
  return Array.from({ length: n }, next).join(' ');
}

/** About 1 MB of text in 2,000 paragraphs; `edited` adds an introduction and changes words. */
function megabytePage(edited: boolean): string {
  const next = words(42);
  const paras: string[] = [];
  for (let i = 0; i < 2000; i++) {
    let p = paragraph(next, 80);
    if (edited && i % 50 === 3) p = p.replace(/ (\w+) /, ' CHANGED ');
    paras.push(`<p>${p}.</p>`);
  }
  const intro = edited ? `<p>${paragraph(words(7), 200)}</p>` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>1 MB</title></head><body>${intro}${paras.join('\n')}</body></html>`;
}

function linksPage(): string {
  const items = Array.from(
    { length: 10_000 },
    (_, i) => `<li><a href="/target/${i}?utm_source=list">Target ${i}</a> — note ${i}</li>`,
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>10,000 links</title></head><body><h1>Links</h1><ul>${items.join('')}</ul></body></html>`;
}

/** A content script that asks its background about the page once, and does nothing else. */
const ASK_ONCE = `chrome.runtime.sendMessage({ outloud: 1, channel: 'content', method: 'pageState',
  params: { href: location.href, canonical: null } });`;

/** Records long tasks from the very start of every page, in the page's own world. */
const LONGTASK_INIT = `
window.__longtasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(e.duration); })
  .observe({ type: 'longtask', buffered: true });
`;

type Load = {
  taskMs: number;
  scriptMs: number;
  longest: number;
  marked: number | null;
  indexed: number | null;
};

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; beginData?: { url?: string }; data?: { url?: string } };
};

/** Reads a trace returned as a stream. */
async function readTrace(cdp: CDPSession, stream: string): Promise<TraceEvent[]> {
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  return (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;
}

/**
 * Main-thread time of the page: the summed top-level tasks (`RunTask`) of the renderer main
 * thread that parsed `url`, from a DevTools timeline trace of the whole load.
 */
function mainThreadMs(events: TraceEvent[], url: string): number {
  const parser = events.find(
    (e) => e.name === 'ParseHTML' && (e.args?.beginData?.url ?? '').startsWith(url),
  );
  if (!parser) return Number.NaN;
  let total = 0;
  for (const e of events) {
    if (e.pid === parser.pid && e.tid === parser.tid && e.name === 'RunTask' && e.ph === 'X') {
      total += (e.dur ?? 0) / 1000;
    }
  }
  return total;
}

/** Trace events that are script running: evaluation, callbacks, microtasks, timers, frames. */
const SCRIPT_EVENTS = new Set([
  'EvaluateScript',
  'FunctionCall',
  'RunMicrotasks',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'EventDispatch',
  'v8.callFunction',
]);

/**
 * Script time on the page's main thread: the summed script events (outermost only) of the
 * renderer thread that parsed `url`. Layout, style and paint are not in it; compared between
 * the same page with and without the content script it is the script's own JavaScript time,
 * without the noise of the page's rendering and of the browser's own tasks.
 */
function scriptMs(events: TraceEvent[], url: string): number {
  const parser = events.find(
    (e) => e.name === 'ParseHTML' && (e.args?.beginData?.url ?? '').startsWith(url),
  );
  if (!parser) return Number.NaN;
  const spans = events
    .filter(
      (e) =>
        e.pid === parser.pid && e.tid === parser.tid && e.ph === 'X' && SCRIPT_EVENTS.has(e.name),
    )
    .sort((a, b) => a.ts - b.ts);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const e of spans) {
    if (e.ts < end) continue; // inside an event already counted
    total += (e.dur ?? 0) / 1000;
    end = e.ts + (e.dur ?? 0);
  }
  return total;
}

async function load(context: BrowserContext, url: string, waitForMarks: boolean): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReturnAsStream',
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
  // Two frames: the page is laid out and painted in every case.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  if (waitForMarks) {
    await page.waitForFunction(
      () => performance.getEntriesByName('outloud:links-indexed').length > 0,
      null,
      { timeout: 20_000 },
    );
  }
  await page.waitForTimeout(1000);
  const done = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)),
  );
  await cdp.send('Tracing.end');
  const trace = await readTrace(cdp, await done);
  const taskMs = mainThreadMs(trace, url);
  const script = scriptMs(trace, url);
  const result = await page.evaluate(() => {
    const start = performance.getEntriesByName('outloud:start')[0];
    const marked = performance.getEntriesByName('outloud:links-marked')[0];
    const indexed = performance.getEntriesByName('outloud:links-indexed')[0];
    const tasks = (window as unknown as { __longtasks: number[] }).__longtasks;
    return {
      longest: tasks.length ? Math.max(...tasks) : 0,
      marked: start && marked ? marked.startTime - start.startTime : null,
      indexed: start && indexed ? indexed.startTime - start.startTime : null,
    };
  });
  await cdp.detach();
  await page.close();
  return { taskMs, scriptMs: script, ...result };
}

async function inPage<T>(page: Page, fn: string, arg?: unknown): Promise<T> {
  return page.evaluate(
    ([f, a]) =>
      (window as unknown as { __outloudBench: Record<string, (x: unknown) => unknown> })
        .__outloudBench[f as string]!(a),
    [fn, arg] as const,
  ) as Promise<T>;
}

const suite: BenchSuite = {
  name: 'content',
  title: 'Content script in Chromium',
  async run() {
    const dir = await mkdtemp(path.join(tmpdir(), 'outloud-bench-content-'));
    // Each page also under /noext/, where the test manifest's exclude_matches keeps the content
    // script out: the baseline is the same page in the same browser.
    await mkdir(path.join(dir, 'noext'));
    const article = await readFile(path.join(ROOT, 'tests/fixtures/content/article.html'), 'utf8');
    for (const [file, html] of [
      ['article.html', article],
      // The same article where nobody engaged: what most page loads are.
      ['quiet.html', article],
      ['links.html', linksPage()],
    ] as const) {
      await writeFile(path.join(dir, file), html);
      await writeFile(path.join(dir, 'noext', file), html);
    }
    await writeFile(path.join(dir, 'mb.html'), megabytePage(false));
    await writeFile(path.join(dir, 'mb-edited.html'), megabytePage(true));
    const bundle = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['scripts/bench/content-page.ts'],
      bundle: true,
      write: false,
      format: 'iife',
      target: ['chrome116'],
      logLevel: 'warning',
    });
    const benchScript = bundle.outputFiles[0]!.text;
    const server = await serveFixtures(dir);
    // The bench build: its content script leaves the `outloud:*` marks read below.
    const withExt = await launchContentOnly({ bench: true });
    const emptyExt = await launchContentOnly({ emptyContent: true });
    await emptyExt.context.addInitScript(LONGTASK_INIT);
    // The least a content script that knows about its page can do: ask its background once.
    const askOnceExt = await launchContentOnly({ contentScript: ASK_ONCE });
    await askOnceExt.context.addInitScript(LONGTASK_INIT);
    const plain = await launchPlainChromium();
    const without = await plain.newContext();
    await withExt.context.addInitScript(LONGTASK_INIT);
    const rows: BenchRow[] = [];
    try {
      // What the background's local index knows: the article has a snippet and two people;
      // one link target in ten on the links page has engagement.
      const articleUrl = server.url('/article.html');
      const links: Record<string, unknown> = {};
      for (let i = 0; i < 10_000; i += 10) {
        links[normalizeUrl(server.url(`/target/${i}`))] = {
          count: 2,
          people: [
            { handle: 'ann', name: 'Ann' },
            { handle: 'bo', name: 'Bo' },
          ],
        };
      }
      await withExt.setFake({
        engagement: {
          [articleUrl]: engagement(
            articleUrl,
            [
              { handle: 'ann', name: 'Ann' },
              { handle: 'bo', name: 'Bo' },
            ],
            [
              snippetItem('0190a000-0000-7000-8000-000000000001', 'ann', {
                exact: 'tells the next reader that a colleague cared',
              }),
            ],
          ),
        },
        links,
      });

      for (const [name, file, marks] of [
        ['article nobody engaged with', '/quiet.html', false],
        ['article with activity (pill, highlight)', '/article.html', false],
        ['10,000 links', '/links.html', true],
      ] as const) {
        const a: Load[] = [];
        const b: Load[] = [];
        const e: Load[] = [];
        const once: Load[] = [];
        const quiet = file === '/quiet.html';
        for (let i = 0; i < RUNS; i++) {
          b.push(await load(withExt.context, server.url(`/noext${file}`), false));
          e.push(await load(emptyExt.context, server.url(file), false));
          if (quiet) once.push(await load(askOnceExt.context, server.url(file), false));
          a.push(await load(withExt.context, server.url(file), marks));
        }
        if (quiet) {
          const added = median(once.map((x) => x.taskMs)) - median(b.map((x) => x.taskMs));
          const scriptAdded =
            median(once.map((x) => x.scriptMs)) - median(b.map((x) => x.scriptMs));
          rows.push({
            name: `page load main-thread time, ${name}, with a content script that only asks its background once`,
            value: median(once.map((x) => x.taskMs)),
            unit: 'ms',
            baseline: { name: 'same page, script excluded', value: median(b.map((x) => x.taskMs)) },
            note: `added ${added.toFixed(2)} ms, of which script ${scriptAdded.toFixed(2)} ms: the floor of any overlay that knows about the page`,
          });
        }
        const added = median(a.map((x) => x.taskMs)) - median(b.map((x) => x.taskMs));
        rows.push({
          name: `page load main-thread time, ${name}, with an EMPTY content script`,
          value: median(e.map((x) => x.taskMs)),
          unit: 'ms',
          baseline: { name: 'same page, script excluded', value: median(b.map((x) => x.taskMs)) },
          note: 'what any content script costs (isolated world, injection)',
        });
        const scriptAdded = median(a.map((x) => x.scriptMs)) - median(b.map((x) => x.scriptMs));
        rows.push({
          name: `script time on the main thread, ${name}, with content script`,
          value: median(a.map((x) => x.scriptMs)),
          unit: 'ms',
          baseline: {
            name: 'same page, script excluded',
            value: median(b.map((x) => x.scriptMs)),
          },
          note: `added ${scriptAdded.toFixed(2)} ms: the script's own JavaScript (empty script: ${median(e.map((x) => x.scriptMs)).toFixed(2)} ms)`,
        });
        rows.push({
          name: `page load main-thread time, ${name}, with content script`,
          value: median(a.map((x) => x.taskMs)),
          unit: 'ms',
          baseline: { name: 'same page, script excluded', value: median(b.map((x) => x.taskMs)) },
          note: `added ${added.toFixed(2)} ms (median of ${RUNS})${name.startsWith('article') ? '; target < 2 ms' : ''}`,
        });
        if (marks) {
          rows.push({
            name: 'marks placed on the links in view, 10,000-link page (1,000 engaged), from script start',
            value: median(a.map((x) => x.marked ?? Number.NaN)),
            unit: 'ms',
            note: 'target < 250 ms (marks are drawn only for links in view)',
          });
          rows.push({
            name: 'all 10,000 links looked up, from script start',
            value: median(a.map((x) => x.indexed ?? Number.NaN)),
            unit: 'ms',
            note: 'marks for links scrolled to later are ready from here on',
          });
          rows.push({
            name: 'longest main-thread task, 10,000-link page load, with content script',
            value: median(a.map((x) => x.longest)),
            unit: 'ms',
            baseline: {
              name: 'same page, script excluded',
              value: median(b.map((x) => x.longest)),
            },
            note: 'long tasks ≥ 50 ms only (0 = none); target: none over 50 ms from us',
          });
        }
      }

      // In-page module costs, in a browser without the extension.
      const page = await without.newPage();
      await page.goto(server.url('/mb.html'));
      await page.addScriptTag({ content: benchScript });
      const quotes = await inPage<unknown[]>(page, 'makeQuotes', { n: 100, length: 60 });
      const textLength = await page.evaluate(() => document.body.textContent!.length);
      type Drawn = { ms: number; painted: number; found: number; boxes?: number };
      const read: number[] = [];
      const boxed: Drawn[] = [];
      const registry: Drawn[] = [];
      const replaced: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        read.push(await inPage<number>(page, 'readText'));
        registry.push(await inPage(page, 'anchorAndDraw', quotes));
        boxed.push(await inPage(page, 'anchorAndBox', quotes));
        replaced.push(await inPage<number>(page, 'replaceBoxes'));
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      const mb = (textLength / 1e6).toFixed(2);
      rows.push({
        name: `anchor + draw 100 highlights as boxes in the closed shadow root, ${mb} MB of text, unchanged page`,
        value: median(boxed.map((d) => d.ms)),
        unit: 'ms',
        baseline: {
          name: 'the same drawn with CSS.highlights (before; readable by the page)',
          value: median(registry.map((d) => d.ms)),
        },
        note: `${boxed[0]!.found}/100 found, ${boxed[0]!.boxes} boxes; to next paint ${median(boxed.map((d) => d.painted)).toFixed(1)} ms (CSS.highlights ${median(registry.map((d) => d.painted)).toFixed(1)} ms); read body.textContent once ${median(read).toFixed(1)} ms; target < 50 ms`,
      });
      rows.push({
        name: "place the 100 highlights' boxes again after a scroll (each scroll, resize or reflow frame)",
        value: median(replaced),
        unit: 'ms',
        note: 'at most once per animation frame; the boxes scroll with the page on their own',
      });
      await page.goto(server.url('/mb-edited.html'));
      await page.addScriptTag({ content: benchScript });
      const edited: Drawn[] = [];
      const editedRegistry: Drawn[] = [];
      for (let i = 0; i < RUNS; i++) {
        editedRegistry.push(await inPage(page, 'anchorAndDraw', quotes));
        edited.push(await inPage(page, 'anchorAndBox', quotes));
      }
      rows.push({
        name: 'anchor + draw 100 highlights as boxes, 1 MB page edited (positions stale)',
        value: median(edited.map((d) => d.ms)),
        unit: 'ms',
        baseline: {
          name: 'the same drawn with CSS.highlights (before)',
          value: median(editedRegistry.map((d) => d.ms)),
        },
        note: `${edited[0]!.found}/100 found`,
      });

      await page.goto(server.url('/links.html'));
      await page.addScriptTag({ content: benchScript });
      const marked: Array<{ ms: number; longest: number; targets: number }> = [];
      const readLinks: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        readLinks.push(await inPage<number>(page, 'readLinks'));
        marked.push(await inPage(page, 'markLinks'));
      }
      rows.push({
        name: 'collect 10,000 link targets (sliced, 8 ms budget)',
        value: median(marked.map((m) => m.ms)),
        unit: 'ms',
        baseline: { name: 'querySelectorAll + read every href', value: median(readLinks) },
        note: `${marked[0]!.targets} targets; longest task ${median(marked.map((m) => m.longest)).toFixed(0)} ms (0 = none ≥ 50 ms)`,
      });
      await page.close();
    } finally {
      await withExt.close();
      await emptyExt.close();
      await askOnceExt.close();
      await plain.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

export default suite;
