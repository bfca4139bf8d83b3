/** The listbox under a combobox input: options rendered as text, picked by click or keyboard. */
import type { Combobox } from '../use-combobox.ts';
import { Bdi } from './Bdi.tsx';

type Props<T> = {
  box: Combobox;
  items: readonly T[];
  label: string;
  /** `data-outloud` of the list, by which tests and the page overlay's styles find it. */
  marker?: string;
  render(item: T): string;
  onPick(item: T): void;
};

export function SuggestionList<T>({ box, items, label, marker, render, onPick }: Props<T>) {
  if (!box.open)
    return <div id={box.listId} role="listbox" aria-label={label} data-outloud={marker} hidden />;
  return (
    <div
      id={box.listId}
      role="listbox"
      aria-label={label}
      data-outloud={marker}
      class="suggestions"
    >
      {items.map((item, i) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the owning input handles the keyboard (combobox pattern).
        <div
          key={render(item)}
          id={box.optionId(i)}
          role="option"
          tabIndex={-1}
          aria-selected={i === box.activeIndex}
          class={i === box.activeIndex ? 'active' : undefined}
          onMouseDown={(e) => e.preventDefault()}
          onMouseEnter={() => box.setActive(i)}
          onClick={() => onPick(item)}
        >
          <Bdi>{render(item)}</Bdi>
        </div>
      ))}
    </div>
  );
}
