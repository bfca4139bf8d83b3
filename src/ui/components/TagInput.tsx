/**
 * Tags as removable chips plus an input that adds more: Enter or a comma adds what was typed,
 * Backspace in the empty input removes the last tag, and the user's own tags are suggested as
 * a listbox (arrows, Enter, Escape). Every change is reported at once through `onChange`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS } from '../../core/limits.ts';
import { t } from '../../i18n/i18n.ts';
import { addTags, splitTags, suggestTags } from '../tags.ts';
import { useCombobox } from '../use-combobox.ts';
import { Bdi } from './Bdi.tsx';
import { SuggestionList } from './SuggestionList.tsx';

type Props = {
  id: string;
  /** Puts the caret in the input when it first renders. */
  autoFocus?: boolean;
  tags: string[];
  known: readonly string[];
  onChange(tags: string[]): void;
};

export function TagInput({ id, autoFocus, tags, known, onChange }: Props) {
  const [draft, setDraft] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  const suggestions = suggestTags(draft, known, tags);

  const add = (added: string[]) => {
    const next = addTags(tags, added);
    setDraft('');
    if (next.length !== tags.length) onChange(next);
  };
  const box = useCombobox(
    suggestions,
    (s) => s,
    (s) => add([s]),
  );

  const onKeyDown = (e: KeyboardEvent) => {
    if (box.onKeyDown(e)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && draft.trim()) {
      e.preventDefault();
      add(splitTags(draft));
    } else if (e.key === 'Backspace' && draft === '' && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  };

  const onInput = (value: string) => {
    if (value.includes(',')) {
      const parts = value.split(',');
      const rest = parts.pop() ?? '';
      const next = addTags(tags, splitTags(parts.join(',')));
      if (next.length !== tags.length) onChange(next);
      setDraft(rest.trimStart());
    } else {
      setDraft(value);
    }
  };

  return (
    <div class="tag-input">
      <ul class="chips" aria-label={t('tagsCurrent')}>
        {tags.map((tag) => (
          <li key={tag} class="chip">
            <Bdi>{tag}</Bdi>
            <button
              type="button"
              class="chip-remove"
              aria-label={t('tagRemove', tag)}
              title={t('tagRemove', tag)}
              onClick={() => onChange(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        ref={input}
        id={id}
        type="text"
        autocomplete="off"
        spellcheck={false}
        maxLength={LIMITS.tag * 4}
        placeholder={tags.length >= LIMITS.tags ? t('tagsFull') : t('tagsPlaceholder')}
        disabled={tags.length >= LIMITS.tags}
        value={draft}
        {...box.inputProps}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (draft.trim()) add(splitTags(draft));
        }}
      />
      <SuggestionList
        box={box}
        items={suggestions}
        label={t('tagsSuggestions')}
        render={(s) => s}
        onPick={(s) => add([s])}
      />
    </div>
  );
}
