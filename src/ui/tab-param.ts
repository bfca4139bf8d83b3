/**
 * Reads `?tab=<id>` from an extension page's address (popup, side panel): the tab to act on
 * instead of the active one.
 */

/** The tab id named by `search` (`?tab=12`), or undefined for the active tab. */
export function tabFromQuery(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}
