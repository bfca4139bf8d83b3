/**
 * Keyboard and ARIA state for an input with a suggestion list (the WAI-ARIA combobox pattern
 * with a listbox popup): ArrowDown/ArrowUp move the active option, Enter (or Tab) picks it,
 * Escape closes the list. The input keeps focus; the active option is announced through
 * `aria-activedescendant`.
 */
import { useState } from 'preact/hooks';

let nextId = 0;

export type Combobox = {
  listId: string;
  open: boolean;
  activeIndex: number;
  optionId(index: number): string;
  /** Attributes for the input or textarea that owns the list. */
  inputProps: Record<string, string | boolean | undefined>;
  /** Handles a key; answers true when the key was used (the caller then does nothing else). */
  onKeyDown(event: KeyboardEvent): boolean;
  /** Closes the list until the suggestions change. */
  close(): void;
  setActive(index: number): void;
};

/**
 * State for a list of `items` shown under an input. `onPick` receives the chosen item.
 * The list is open while there are items and it was not dismissed for this same set.
 */
export function useCombobox<T>(
  items: readonly T[],
  key: (item: T) => string,
  onPick: (item: T) => void,
): Combobox {
  const [listId] = useState(() => `outloud-list-${++nextId}`);
  const [active, setActive] = useState(0);
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const signature = items.map(key).join('\n');
  const open = items.length > 0 && dismissedFor !== signature;
  const activeIndex = open ? Math.min(active, items.length - 1) : -1;
  const optionId = (i: number) => `${listId}-${i}`;

  return {
    listId,
    open,
    activeIndex,
    optionId,
    inputProps: {
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': open,
      'aria-controls': listId,
      'aria-activedescendant': open && activeIndex >= 0 ? optionId(activeIndex) : undefined,
    },
    onKeyDown(event) {
      if (!open) return false;
      switch (event.key) {
        case 'ArrowDown':
          setActive((activeIndex + 1) % items.length);
          return true;
        case 'ArrowUp':
          setActive((activeIndex - 1 + items.length) % items.length);
          return true;
        case 'Enter':
        case 'Tab': {
          const item = items[activeIndex];
          if (!item) return false;
          setActive(0);
          onPick(item);
          return true;
        }
        case 'Escape':
          setDismissedFor(signature);
          return true;
        default:
          return false;
      }
    },
    close() {
      setDismissedFor(signature);
    },
    setActive,
  };
}
