/**
 * The pill can be hidden for one page or for a whole site; the choice is remembered in
 * `storage.local` under one key, capped so it cannot grow without bound.
 */
import type { LocalStorage } from './context.ts';

export const DISMISSALS_KEY = 'contentDismissed';
const MAX_ENTRIES = 2000;

export type Dismissals = { pages: string[]; sites: string[] };

async function read(storage: LocalStorage): Promise<Dismissals> {
  const raw = (await storage.get(DISMISSALS_KEY))[DISMISSALS_KEY] as
    | Partial<Dismissals>
    | undefined;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
  return { pages: list(raw?.pages), sites: list(raw?.sites) };
}

/** The site part of a normalised URL: its host. */
export function siteOf(normalizedUrl: string): string {
  return new URL(normalizedUrl).hostname;
}

/** Whether the pill is hidden on the page with normalised URL `page`. */
export async function isDismissed(storage: LocalStorage, page: string): Promise<boolean> {
  const d = await read(storage);
  return d.pages.includes(page) || d.sites.includes(siteOf(page));
}

/** Hides the pill on `page` (scope `page`) or on its whole site (scope `site`). */
export async function dismiss(
  storage: LocalStorage,
  page: string,
  scope: 'page' | 'site',
): Promise<void> {
  const d = await read(storage);
  const value = scope === 'page' ? page : siteOf(page);
  const list = scope === 'page' ? d.pages : d.sites;
  if (!list.includes(value)) list.push(value);
  while (list.length > MAX_ENTRIES) list.shift();
  await storage.set({ [DISMISSALS_KEY]: d });
}
