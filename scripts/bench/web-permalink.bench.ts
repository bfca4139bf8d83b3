/**
 * `npm run bench -- web-permalink`: the web permalink (`GET /items/{id}`, a signed-in session,
 * HTML rendered with Preact) beside the API's page lookup (`GET /v1/pages/{urlKey}` with a
 * bearer token) for the same page, in process through `app.inject()` on a SQLite file, and on
 * PostgreSQL too when `OUTLOUD_TEST_PG` is set. The item is a snippet with `COMMENTS` comments
 * and as many likes; the page holds the snippet and a bookmark. Both warm (the API's answer
 * cache holds its page; the permalink has no cache). Median and p95 of `REQUESTS` requests each,
 * interleaved so both see the same machine.
 */
import type { App } from '../../src/server/app.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { openSession, tokenSignIn } from '../../src/server/repos/web-sessions.ts';
import { type InProcessTarget, onEachDatabase } from './in-process.ts';
import { type BenchRow, type BenchSuite, median, percentile } from './types.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 20);

type Target = InProcessTarget;

async function ok(app: App, method: 'GET' | 'PUT', url: string, token: string, payload?: object) {
  const res = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}`);
  return res;
}

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
  const webTimes: number[] = [];
  const apiTimes: number[] = [];
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
  ];
}

const suite: BenchSuite = {
  name: 'web-permalink',
  title: 'Web permalink beside the API page lookup',
  run: () => onEachDatabase({ rateLimit: false, authRateLimit: false }, measure),
};

export default suite;
