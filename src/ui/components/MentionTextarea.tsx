/**
 * A textarea with @mention autocomplete, the one used by the popup, the side panel and the page
 * overlay: typing `@an` asks `search` for matching people and offers them as a listbox; arrows
 * move, Enter or Tab inserts `@handle `, Escape closes the list and leaves the text alone (and
 * does not reach the form, which may close on Escape). What counts as a mention being typed is
 * `mentionQueryAt`, the grammar the server records mentions by.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { completeMention, type MentionQuery, mentionQueryAt } from '../../core/mentions.ts';
import type { Person } from '../../core/wire.ts';
import { t } from '../../i18n/i18n.ts';
import { useCombobox } from '../use-combobox.ts';
import { SuggestionList } from './SuggestionList.tsx';

export type MentionTextareaProps = {
  id: string;
  value: string;
  maxLength: number;
  placeholder: string;
  /** A label of its own, visually hidden, when the surrounding form shows none. */
  label?: string;
  describedBy?: string;
  rows?: number;
  /** Puts the caret in the box when it appears. */
  autoFocus?: boolean;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter: the composer's submit. */
  onSubmit?(): void;
  /** People whose handle or name matches what follows the `@`. */
  search(query: string): Promise<Person[]>;
};

const SEARCH_DELAY_MS = 120;

export function MentionTextarea(props: MentionTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const search = useRef(props.search);
  search.current = props.search;

  useEffect(() => {
    if (props.autoFocus) ref.current?.focus();
  }, [props.autoFocus]);

  useEffect(() => {
    if (!query) {
      setPeople([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      search.current(query.query).then(
        (found) => live && setPeople(found),
        () => live && setPeople([]),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query?.start, query?.query]);

  const pick = (person: Person) => {
    const el = ref.current;
    if (!el || !query) return;
    const done = completeMention(
      props.value,
      query,
      el.selectionStart ?? props.value.length,
      person.handle,
    );
    // The text and caret change at once, so keys typed right after the pick (before Preact
    // renders and runs effects) land after the mention; the render then finds nothing to change.
    el.value = done.text;
    el.setSelectionRange(done.caret, done.caret);
    setQuery(null);
    props.onChange(done.text);
  };
  const box = useCombobox(people, (p) => p.handle, pick);

  const track = (el: HTMLTextAreaElement) => {
    const caret = el.selectionStart ?? el.value.length;
    const q = el.selectionEnd === caret ? mentionQueryAt(el.value, caret) : null;
    setQuery((old) => (old?.start === q?.start && old?.query === q?.query ? old : q));
  };

  return (
    <div class="mention-box">
      {props.label ? (
        <label class="visually-hidden" for={props.id}>
          {props.label}
        </label>
      ) : null}
      <textarea
        ref={ref}
        id={props.id}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        aria-describedby={props.describedBy}
        value={props.value}
        {...box.inputProps}
        onInput={(e) => {
          props.onChange(e.currentTarget.value);
          track(e.currentTarget);
        }}
        onKeyUp={(e) => {
          if (
            e.key === 'ArrowLeft' ||
            e.key === 'ArrowRight' ||
            e.key === 'Home' ||
            e.key === 'End'
          )
            track(e.currentTarget);
        }}
        onClick={(e) => track(e.currentTarget)}
        onBlur={() => setQuery(null)}
        onKeyDown={(e) => {
          if (box.onKeyDown(e)) {
            // The list used the key: the form around it (the overlay's composer closes on
            // Escape, a reply form too) must not act on it as well.
            e.preventDefault();
            e.stopPropagation();
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && props.onSubmit) {
            e.preventDefault();
            props.onSubmit();
          }
        }}
      />
      <SuggestionList
        box={box}
        items={people}
        label={t('mentionSuggestions')}
        marker="mentions"
        render={(p) => t('personWithHandle', [p.name, p.handle])}
        onPick={pick}
      />
    </div>
  );
}
