/**
 * Focus that survives a list re-rendering: a button that moves (a person followed moves into
 * the network list) is a new element, so focus would fall back to the page. `later(selector)`
 * remembers which element should have it; after the next render it is focused again.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function useRefocus<E extends HTMLElement>(): {
  ref: RefObject<E>;
  later(selector: string): void;
} {
  const ref = useRef<E>(null);
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const selector = pending.current;
    if (!selector || !ref.current) return;
    const target = ref.current.querySelector<HTMLElement>(selector);
    if (target && document.activeElement !== target) {
      pending.current = null;
      target.focus();
    }
  });
  return {
    ref,
    later(selector) {
      pending.current = selector;
    },
  };
}
