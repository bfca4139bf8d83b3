/**
 * The address of the page in a tab, as the page's content script identifies it: the tab URL,
 * or the page's trusted `rel=canonical` (same rule as `pageIdentity` in core), so a bookmark
 * made from the popup and a snippet shared on the page land on one `urlKey`.
 */
import type { CanonicalAnswer } from '../core/messages.ts';
import { pageAddress } from '../core/url.ts';
import type { Platform } from '../platform/extension.ts';

/** How long to wait for the content script before using the tab URL as it is. */
export const CANONICAL_TIMEOUT_MS = 300;

/** The canonical href the tab's content script reports, or null (none, no script, too slow). */
async function reportedCanonical(
  platform: Platform,
  tabId: number,
  timeoutMs: number,
): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const answer = await Promise.race([
      platform.sendToTab(tabId, { type: 'outloud:canonical' }).catch(() => null),
      late,
    ]);
    const canonical = (answer as Partial<CanonicalAnswer> | null)?.canonical;
    return typeof canonical === 'string' ? canonical : null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The address to save for tab `tab`: its page's trusted canonical when the content script
 * reports one, else the tab URL (also for a URL that is not http(s): callers refuse it).
 */
export async function tabPageUrl(
  platform: Platform,
  tab: { id: number; url: string },
  timeoutMs = CANONICAL_TIMEOUT_MS,
): Promise<string> {
  if (!/^https?:/i.test(tab.url)) return tab.url;
  const canonical = await reportedCanonical(platform, tab.id, timeoutMs);
  if (canonical === null) return tab.url;
  try {
    return pageAddress(tab.url, canonical).href;
  } catch {
    return tab.url;
  }
}
