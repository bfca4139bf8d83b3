/**
 * Keyboard focus goes back where it came from when Outloud's on-page UI closes: the page element
 * that last had focus before the person entered Outloud's UI (the snippet composer opened from
 * the share button, `Alt+Shift+S` or the context menu), or, when that was nothing in particular,
 * out of Outloud's UI onto the page, so the next Tab continues from the page.
 */
import type { ContentContext } from './context.ts';

/** An element that can take focus (checked by shape: pages may replace `HTMLElement`). */
function focusable(value: unknown): value is HTMLElement {
  const v = value as { nodeType?: unknown; focus?: unknown } | null;
  return !!v && v.nodeType === 1 && typeof v.focus === 'function';
}

export type FocusReturn = {
  /** Notes where focus should return to (call when a dialog-like UI opens). */
  remember(): void;
  /** Returns focus there, unless the person has already moved it onto the page. */
  restore(): void;
};

/** Tracks the page's own focus until `signal` aborts. */
export function trackPageFocus(
  ctx: Pick<ContentContext, 'doc' | 'isOwn'>,
  signal: AbortSignal,
): FocusReturn {
  const { doc } = ctx;
  let last: HTMLElement | null = null;
  let saved: HTMLElement | null = null;
  doc.addEventListener(
    'focusin',
    (e) => {
      const target = e.target;
      if (focusable(target) && !ctx.isOwn(target)) last = target;
    },
    { capture: true, signal },
  );
  return {
    remember() {
      saved = last?.isConnected ? last : null;
    },
    restore() {
      const active = doc.activeElement;
      const target = saved;
      saved = null;
      if (active && active !== doc.body && !ctx.isOwn(active)) return;
      if (target?.isConnected) target.focus({ preventScroll: true });
      else if (focusable(active)) active.blur();
    },
  };
}
