/**
 * Which page a content script speaks for. The addresses come from the browser (`sender.url`,
 * the calling frame's document; and for the top frame `sender.tab.url`), never from the
 * message: a content script's page (or a compromised renderer) could otherwise share a snippet
 * "from" another site's page or ask about one. The address a message carries is checked
 * against them: it must be the same page after normalisation (`normalizeUrl`), or, where the
 * message may name the page's `rel=canonical` (`shareSnippet`), the canonical `pageAddress`
 * trusts for that page. Pure: the router and handlers pass the sender in.
 */
import { normalizeUrl, pageAddress } from '../core/url.ts';
import { HandlerError } from './errors.ts';

/** The parts of `runtime.MessageSender` that say where a content script runs. */
export type SenderPlace = { url?: string; tab?: { url?: string }; frameId?: number };

/**
 * The addresses the browser vouches for, best first: the frame's own (`sender.url`), then for
 * the top frame the tab's. Both are kept because browsers differ in when `sender.url` follows
 * a same-document navigation (`history.pushState`), while `tab.url` always does.
 */
export function trustedAddresses(sender: SenderPlace): string[] {
  const top = sender.frameId === undefined || sender.frameId === 0;
  const all = [sender.url, top ? sender.tab?.url : undefined];
  return [...new Set(all.filter((u): u is string => typeof u === 'string' && u !== ''))];
}

function normalized(url: string): string | null {
  try {
    return normalizeUrl(url);
  } catch {
    return null;
  }
}

/**
 * The trusted address that is the same page as `sent` (after normalisation), or null. With
 * `canonical`, `sent` may also be the `rel=canonical` that `pageAddress` trusts for that page.
 */
export function matchPage(
  trusted: readonly string[],
  sent: string,
  options: { canonical?: boolean } = {},
): string | null {
  const want = normalized(sent);
  if (want === null) return null;
  for (const address of trusted) {
    const page = normalized(address);
    if (page === null) continue;
    if (page === want) return address;
    if (!options.canonical) continue;
    try {
      const claimed = pageAddress(address, sent);
      if (claimed.fromCanonical && normalized(claimed.href) === want) return address;
    } catch {
      // The trusted address is not an http(s) page: it vouches for nothing.
    }
  }
  return null;
}

/** The error a handler throws for an address that is not the caller's page. */
export function pageMismatch(): HandlerError {
  return new HandlerError(
    'page-mismatch',
    'The address sent is not the page this request came from.',
  );
}

/** `matchPage`, or the `page-mismatch` error. */
export function requirePage(
  trusted: readonly string[],
  sent: string,
  options: { canonical?: boolean } = {},
): string {
  const address = matchPage(trusted, sent, options);
  if (address === null) throw pageMismatch();
  return address;
}
