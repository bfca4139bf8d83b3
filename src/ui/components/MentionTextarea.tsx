/**
 * A textarea with @mention autocomplete: typing `@an` asks the background's people directory
 * (`searchPeople`, from the local mirror) and offers matches as a listbox; arrows move,
 * Enter or Tab inserts `@handle `, Escape closes the list and leaves the text alone.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Person } from '../../core/wire.ts';
import { useEnv } from '../env.ts';
import { t } from '../i18n.ts';
import { completeMention, type MentionQuery, mentionQueryAt } from '../mention-query.ts';
import { useCombobox } from '../use-combobox.ts';
import { SuggestionList } from './SuggestionList.tsx';

type Props = {
  id: string;
  value: string;
  maxLength: number;
  placeholder: string;
  describedBy?: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter: the composer's submit. */
  onSubmit?(): void;
};

const SEARCH_DELAY_MS = 120;

export function MentionTextarea(props: Props) {
  const { call } = useEnv();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [people, setPeople] = useState<Person[]>([]);

  useEffect(() => {
    if (!query) {
      setPeople([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call('searchPeople', { q: query.query, limit: 8 }).then(
        (found) => live && setPeople(found),
        () => live && setPeople([]),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query?.start, query?.query, call]);

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
      <textarea
        ref={ref}
        id={props.id}
        rows={3}
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
            e.preventDefault();
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
        render={(p) => t('personWithHandle', [p.name, p.handle])}
        onPick={pick}
      />
    </div>
  );
}
