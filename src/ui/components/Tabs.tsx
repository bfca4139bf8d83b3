/**
 * A WAI-ARIA tab list: the selected tab is the one in the tab order, ArrowLeft/ArrowRight/Home/
 * End move between tabs (selecting as they go), and each tab controls its panel by id.
 */
import { useRef } from 'preact/hooks';
import { formatCount } from '../../i18n/i18n.ts';

export type TabSpec<K extends string> = {
  key: K;
  label: string;
  /** A count shown beside the label, and its spoken form ("2 unread"). */
  badge?: { count: number; spoken: string };
};

type Props<K extends string> = {
  idPrefix: string;
  label: string;
  tabs: ReadonlyArray<TabSpec<K>>;
  selected: K;
  onSelect(key: K): void;
};

/** The id of the panel a tab controls. */
export function panelId(idPrefix: string, key: string): string {
  return `${idPrefix}-panel-${key}`;
}

/** The id of a tab. */
export function tabId(idPrefix: string, key: string): string {
  return `${idPrefix}-tab-${key}`;
}

export function Tabs<K extends string>({ idPrefix, label, tabs, selected, onSelect }: Props<K>) {
  const list = useRef<HTMLDivElement>(null);
  const move = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.key);
    list.current?.querySelector<HTMLElement>(`#${tabId(idPrefix, tab.key)}`)?.focus();
  };
  const current = tabs.findIndex((tab) => tab.key === selected);
  const onKeyDown = (e: KeyboardEvent) => {
    const target = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: -1 }[e.key];
    if (target === undefined) return;
    e.preventDefault();
    move(target);
  };

  return (
    <div ref={list} role="tablist" aria-label={label} class="tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.key}
          id={tabId(idPrefix, tab.key)}
          type="button"
          role="tab"
          aria-selected={tab.key === selected}
          aria-controls={panelId(idPrefix, tab.key)}
          tabIndex={tab.key === selected ? 0 : -1}
          onClick={() => onSelect(tab.key)}
        >
          {tab.label}
          {tab.badge && tab.badge.count > 0 ? (
            <span class="badge">
              <span aria-hidden="true">{formatCount(tab.badge.count)}</span>
              <span class="sr-only">{tab.badge.spoken}</span>
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
