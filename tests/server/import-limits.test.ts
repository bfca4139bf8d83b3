/**
 * `POST /v1/import/bookmarks` within bounds: at most 10,000 bookmarks a file (413, nothing
 * written), the hourly allowance per person (429 with Retry-After), folders deeper than 64
 * levels flattened and reported, and `/v1/health` answered quickly over a real socket while the
 * worst import the limits allow runs (figures printed).
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/core/limits.ts';
import { parseNetscape } from '../../src/core/netscape.ts';
import type { ImportSummary } from '../../src/core/wire-read.ts';
import { buildApp } from '../../src/server/app.ts';
import { ImportQuota } from '../../src/server/import-quota.ts';
import { addUser, call, databases, makeApp, useServer } from './helpers.ts';
import { anchors, epochNow, startProber, worstFiles } from './import-load.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('ImportQuota', () => {
  it('lets a person import the hourly allowance, then says when the next file fits', () => {
    let now = 1_000_000;
    const quota = new ImportQuota(100, () => now);
    quota.take('ada', 60);
    now += 10 * 60_000;
    quota.take('ada', 30);
    quota.take('bob', 100);
    expect(() => quota.take('ada', 20)).toThrow(
      expect.objectContaining({ status: 429, extra: { retryAfter: 50 * 60 } }),
    );
    quota.take('ada', 10);
    expect(() => quota.take('ada', 101)).toThrow(expect.objectContaining({ status: 413 }));
    now += 50 * 60_000 + 1;
    expect(quota.used('ada')).toBe(40);
    quota.take('ada', 60);
  });
});

describe.each(databases())('import limits on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada'] });

  const importHtml = (html: string, query = '') =>
    call(t, 'POST', `/v1/import/bookmarks${query}`, {
      token: tokens.ada,
      body: html,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  const exportedCount = async () =>
    parseNetscape((await call(t, 'GET', '/v1/export/bookmarks.html', { token: tokens.ada })).body)
      .length;

  it(`refuses a file of more than ${LIMITS.importBookmarks} bookmarks with 413, writing nothing`, async () => {
    const html = anchors(LIMITS.importBookmarks + 1).join('');
    expect(html.length).toBeLessThan(LIMITS.body);
    const res = await importHtml(html);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({
      code: 'too_large',
      message: `this file holds ${LIMITS.importBookmarks + 1} bookmarks; one import takes at most ${LIMITS.importBookmarks}: split it into smaller files`,
    });
    expect(await exportedCount()).toBe(0);
  });

  it('answers 429 with Retry-After past the hourly allowance, writing nothing', async () => {
    const small = await makeApp(dialect, { importLimit: 1_000 });
    try {
      const bob = await addUser(small, 'bob');
      const send = (html: string) =>
        call(small, 'POST', '/v1/import/bookmarks', {
          token: bob,
          body: html,
          headers: { 'content-type': 'text/html' },
        });
      const first = await send(anchors(800).join(''));
      expect(first.statusCode, first.body).toBe(200);
      expect((first.json() as ImportSummary).imported).toBe(800);
      const second = await send(anchors(300, 800).join(''));
      expect(second.statusCode).toBe(429);
      expect(second.json().error.code).toBe('rate_limited');
      expect(second.json().error.message).toMatch(/at most 1000 bookmarks can be imported an hour/);
      const retryAfter = Number(second.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(3_500);
      expect(retryAfter).toBeLessThanOrEqual(3_600);
      const more = await send(anchors(1_001, 2_000).join(''));
      expect(more.statusCode).toBe(413);
      expect(more.json().error.message).toMatch(/at most 1000 can be imported an hour/);
      const exported = await call(small, 'GET', '/v1/export/bookmarks.html', { token: bob });
      expect(parseNetscape(exported.body)).toHaveLength(800);
    } finally {
      await small.close();
    }
  });

  it('flattens folders deeper than 64 levels and says how many', async () => {
    const html = `${'<h3>a<dl>'.repeat(14_563)}${anchors(3).join('')}`;
    const res = await importHtml(html, '?foldersAsTags=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      imported: 3,
      existing: 0,
      refused: [],
      flattenedFolders: 14_563 - LIMITS.folderDepth,
    });
  });
});

describe.each(databases())('health during the worst import on %s', (dialect) => {
  const { t } = useServer(dialect);

  it('answers /v1/health in under 200 ms (median) over a real socket while it runs', async () => {
    const ada = await addUser(t, 'ada');
    const served = await buildApp({ db: t.db, rateLimit: false });
    const address = await served.listen({ host: '127.0.0.1', port: 0 });
    try {
      for (const [shape, html] of Object.entries(worstFiles())) {
        expect(html.length).toBeLessThanOrEqual(LIMITS.body);
        const prober = startProber(`${address}/v1/health`, 5);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const from = epochNow();
        // The parse-only file is quick now: sent several times, so enough probes fall in.
        let res: Response | undefined;
        const times = shape === 'parse' ? 8 : 1;
        for (let i = 0; i < times; i++) {
          res = await fetch(`${address}/v1/import/bookmarks`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ada}`, 'content-type': 'text/html' },
            body: html,
          });
          if (res.status !== 200) break;
        }
        const summary = (await res!.json()) as ImportSummary;
        const to = epochNow();
        const samples = await prober.stop();
        expect(res!.status, JSON.stringify(summary)).toBe(200);
        if (shape === 'writes') expect(summary.imported).toBe(LIMITS.importBookmarks);
        // Every probe that was waiting at some moment of the import.
        const during = samples.filter(([start, end]) => start < to && end > from);
        const latencies = during.map(([start, end]) => end - start);
        console.log(
          `[${dialect}] ${shape}: ${times}× import (${html.length} B, ${summary.imported} new) took ` +
            `${(to - from).toFixed(0)} ms; /v1/health during it: ${latencies.length} calls, ` +
            `median ${median(latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
        );
        expect(latencies.length).toBeGreaterThanOrEqual(1);
        expect(median(latencies)).toBeLessThan(200);
      }
    } finally {
      await served.close();
    }
  }, 300_000);
});
