/**
 * Single-page-app navigation. A content script cannot see the page's own `history.pushState`
 * calls by patching `history` (the page calls its own world's function), so it listens to what
 * the browser reports to every world: the Navigation API's `currententrychange` where present
 * (Chrome 102+), `popstate` and `hashchange`, and a cheap poll of `location.href` every few
 * seconds as the safety net (browsers without the Navigation API poll every second). All of
 * them funnel into one check that fires `onChange` only when the URL really changed.
 */

/** Poll interval without the Navigation API, and with it (a safety net only). */
export const POLL_MS = 1000;
export const SAFETY_POLL_MS = 3000;

type NavigationLike = EventTarget;

/** Calls `onChange(href)` after each same-document navigation, until `signal` aborts. */
export function watchNavigation(
  win: Window,
  onChange: (href: string) => void,
  signal: AbortSignal,
): void {
  let last = win.location.href;
  const check = () => {
    const href = win.location.href;
    if (href === last) return;
    last = href;
    onChange(href);
  };
  const options = { signal };
  const navigation = (win as Window & { navigation?: NavigationLike }).navigation;
  const hasNavigationApi = !!navigation && typeof navigation.addEventListener === 'function';
  if (hasNavigationApi) navigation.addEventListener('currententrychange', check, options);
  const timer = win.setInterval(check, hasNavigationApi ? SAFETY_POLL_MS : POLL_MS);
  signal.addEventListener('abort', () => win.clearInterval(timer), { once: true });
  win.addEventListener('popstate', check, options);
  win.addEventListener('hashchange', check, options);
}
