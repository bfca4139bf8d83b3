/**
 * Single-page-app navigation. A content script cannot see the page's own `history.pushState`
 * calls by patching `history` (the page calls its own world's function), so it listens to what
 * the browser reports to every world: the Navigation API's `currententrychange` where present
 * (Chrome 102+: every same-document push, replace and traversal), and elsewhere `popstate`,
 * `hashchange` and a poll of `location.href` every second (a `pushState` fires no event there).
 * No timer runs where the Navigation API reports: a tab left open all day is not woken by us.
 * Everything funnels into one check that fires `onChange` only when the URL really changed.
 */

/** Poll interval without the Navigation API. */
export const POLL_MS = 1000;

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
  if (hasNavigationApi) {
    navigation.addEventListener('currententrychange', check, options);
  } else {
    const timer = win.setInterval(check, POLL_MS);
    signal.addEventListener('abort', () => win.clearInterval(timer), { once: true });
  }
  win.addEventListener('popstate', check, options);
  win.addEventListener('hashchange', check, options);
}
