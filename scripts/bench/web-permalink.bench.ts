/**
 * `npm run bench -- web-permalink`: the web permalink (`GET /items/{id}`, a signed-in session,
 * HTML rendered with Preact) beside the API's page lookup (`GET /v1/pages/{urlKey}` with a
 * bearer token) for the same page, in process through `app.inject()` on a SQLite file, and on
 * PostgreSQL too when `OUTLOUD_TEST_PG` is set. The item is a snippet with `COMMENTS` comments
 * and as many likes; the page holds the snippet and a bookmark. Both warm (the API's answer
 * cache holds its page, the permalink cache its page: `src/web/permalink.tsx`). Median and p95
 * of `REQUESTS` requests each, interleaved so both see the same machine. A second row times what
 * a permalink costs when it is not cached (`renderPermalink`: the discussion's reads and
 * Preact's render, no HTTP; timed after the others), against the same baseline, so the cache's
 * gain shows in one run, and a third the web scope's floor (a signed-in request for the
 * stylesheet: session lookup, language, security headers).
 */
import { addUser } from '../../src/server/repos/users.ts';
import { findSession, openSession, tokenSignIn } from '../../src/server/repos/web-sessions.ts';
import { renderPermalink } from '../../src/web/permalink.tsx';
import { wordsFor } from '../../src/web/words.ts';
import { type InProcessTarget, ok, onEachDatabase } from './in-process.ts';
import { type BenchRow, type BenchSuite, median, percentile } from './types.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 20);

type Target = InProcessTarget;

async function measure(t: Target): Promise<BenchRow[]> {
  const reader = await addUser(t.db, 'reader', 'Reader');
  const writer = await addUser(t.db, 'writer', 'Writer');
  const url = 'https://example.org/bench/article';
  const id = crypto.randomUUID();
  const snippet = await ok(t.app, 'PUT', `/v1/snippets/${id}`, writer, {
    url,
    quote: { exact: 'the words worth quoting', prefix: 'before ', suffix: ' after' },
    comment: 'Worth reading',
  });
  const key = (snippet.json() as { urlKey: string }).urlKey;
  await ok(t.app, 'PUT', `/v1/bookmarks/${crypto.randomUUID()}`, reader, { url, title: 'Article' });
  for (let i = 0; i < COMMENTS; i++) {
    const token = i % 2 ? reader : writer;
    await ok(t.app, 'PUT', `/v1/comments/${crypto.randomUUID()}`, token, {
      targetId: id,
      text: `comment ${i}`,
    });
  }
  await ok(t.app, 'PUT', `/v1/likes/${id}`, reader);
  const signedIn = await tokenSignIn(t.db, reader);
  if (!signedIn) throw new Error('reader token not accepted');
  const session = await openSession(t.db, 'reader', signedIn.tokenId);
  const web = () =>
    t.app.inject({
      method: 'GET',
      url: `/items/${id}`,
      headers: { cookie: `outloud_session=${session.id}` },
    });
  const api = () =>
    t.app.inject({
      method: 'GET',
      url: `/v1/pages/${key}`,
      headers: { authorization: `Bearer ${reader}` },
    });
  const live = await findSession(t.db, session.id);
  if (!live) throw new Error('session not found');
  const words = wordsFor('en');
  const uncached = () => renderPermalink(t.db, live, words, id, live.csrf);
  // The web scope's floor: a signed-in request that does nothing else (the session lookup, the
  // language, the security headers; the stylesheet is a constant string).
  const floor = () =>
    t.app.inject({
      method: 'GET',
      url: '/web/style.css',
      headers: { cookie: `outloud_session=${session.id}` },
    });
  const floorTimes: number[] = [];
  const webTimes: number[] = [];
  const apiTimes: number[] = [];
  const uncachedTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    await web();
    await api();
  }
  for (let i = 0; i < REQUESTS; i++) {
    let start = performance.now();
    const w = await web();
    webTimes.push(performance.now() - start);
    if (w.statusCode !== 200) throw new Error(`permalink answered ${w.statusCode}`);
    start = performance.now();
    const a = await api();
    apiTimes.push(performance.now() - start);
    if (a.statusCode !== 200) throw new Error(`page lookup answered ${a.statusCode}`);
    start = performance.now();
    await floor();
    floorTimes.push(performance.now() - start);
  }
  // Apart, after: its garbage would otherwise land in the cached requests' times.
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    const u = await uncached();
    uncachedTimes.push(performance.now() - start);
    if (u.kind !== 'page') throw new Error(`uncached permalink answered ${u.kind}`);
  }
  const note = `${REQUESTS} requests each, ${COMMENTS} comments; p95 ${percentile(webTimes, 95).toFixed(2)} ms vs ${percentile(apiTimes, 95).toFixed(2)} ms`;
  return [
    {
      name: `${t.label}: GET /items/{id} (web permalink, HTML) median`,
      value: median(webTimes),
      unit: 'ms',
      baseline: { name: 'GET /v1/pages/{urlKey} (API, cached answer)', value: median(apiTimes) },
      note,
    },
    {
      name: `${t.label}: GET /web/style.css signed in (the web scope's floor) median`,
      value: median(floorTimes),
      unit: 'ms',
      baseline: { name: 'GET /v1/pages/{urlKey} (API, cached answer)', value: median(apiTimes) },
      note: `p95 ${percentile(floorTimes, 95).toFixed(2)} ms`,
    },
    {
      name: `${t.label}: the same permalink uncached (reads + Preact render, no HTTP) median`,
      value: median(uncachedTimes),
      unit: 'ms',
      baseline: { name: 'GET /v1/pages/{urlKey} (API, cached answer)', value: median(apiTimes) },
      note: `p95 ${percentile(uncachedTimes, 95).toFixed(2)} ms`,
    },
  ];
}

const suite: BenchSuite = {
  name: 'web-permalink',
  title: 'Web permalink beside the API page lookup',
  run: () => onEachDatabase({ rateLimit: false, authRateLimit: false }, measure),
};

export default suite;
