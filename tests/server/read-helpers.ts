/**
 * Writing through the public API for the read-route suites (pages, feed, notifications, search,
 * trending, transfer): every fixture is created with the same PUTs the extension sends, so the
 * read side is tested against exactly what the write side stores.
 */
import { expect } from 'vitest';
import { call, newId, type TestApp } from './helpers.ts';

type Visibility = 'public' | 'private' | 'group';

async function put(t: TestApp, token: string, path: string, body: unknown): Promise<string> {
  const id = newId();
  const res = await call(t, 'PUT', `${path}/${id}`, { token, body });
  expect(res.statusCode, res.body).toBe(201);
  return id;
}

/** Creates a bookmark; returns its id. */
export function bookmark(
  t: TestApp,
  token: string,
  url: string,
  extra: {
    title?: string;
    description?: string;
    tags?: string[];
    visibility?: Visibility;
    groups?: string[];
  } = {},
): Promise<string> {
  return put(t, token, '/v1/bookmarks', { url, ...extra });
}

/** Creates a snippet quoting `exact`; returns its id. */
export function snippet(
  t: TestApp,
  token: string,
  url: string,
  exact: string,
  extra: { comment?: string; visibility?: Visibility; groups?: string[] } = {},
): Promise<string> {
  return put(t, token, '/v1/snippets', { url, quote: { exact }, ...extra });
}

/** Creates a status update; returns its id. */
export function status(
  t: TestApp,
  token: string,
  text: string,
  extra: { url?: string; visibility?: Visibility; groups?: string[]; question?: boolean } = {},
): Promise<string> {
  return put(t, token, '/v1/statuses', { text, ...extra });
}

/** Comments on `targetId`; returns the comment's id. */
export function comment(t: TestApp, token: string, targetId: string, text: string) {
  return put(t, token, '/v1/comments', { targetId, text });
}

/** Likes `targetId`. */
export async function like(t: TestApp, token: string, targetId: string): Promise<void> {
  const res = await call(t, 'PUT', `/v1/likes/${targetId}`, { token });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

/** The caller follows `handle`. */
export async function follow(t: TestApp, token: string, handle: string): Promise<void> {
  const res = await call(t, 'PUT', `/v1/follows/${handle}`, { token });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

/** Changes an item's visibility with a full PUT of its current body plus `visibility`. */
export async function setVisibility(
  t: TestApp,
  token: string,
  plural: 'bookmarks' | 'snippets' | 'statuses',
  id: string,
  body: Record<string, unknown>,
  visibility: Visibility,
): Promise<void> {
  const res = await call(t, 'PUT', `/v1/${plural}/${id}`, {
    token,
    body: { ...body, visibility },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * Follows `cursor` through a paginated GET until `hasMore` is false; returns every page's items
 * in order. Fails on a 4xx/5xx or when pagination does not end.
 */
export async function collectPages<T>(
  t: TestApp,
  token: string,
  path: string,
  limit: number,
): Promise<T[]> {
  const all: T[] = [];
  let cursor = '';
  for (let guard = 0; guard < 1000; guard++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await call(
      t,
      'GET',
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: T[]; cursor: string; hasMore: boolean };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    if (!page.hasMore) return all;
    cursor = page.cursor;
  }
  throw new Error('pagination did not end');
}
