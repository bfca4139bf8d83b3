/**
 * A textarea with @mention autocomplete: typing `@ali` asks `search` for matching people and
 * offers them in a listbox (arrow keys, Enter or Tab to pick, Escape to close). Used by the
 * snippet composer and the side panel's comment box.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Person } from '../../core/wire.ts';
import { Bdi } from '../../ui/components/Bdi.tsx';

/** The `@partial` being typed just before `caret`, or null. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[\s([{"'“‘])@([A-Za-z0-9_.-]{0,40})$/u.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}

/** `text` with the mention at `start..caret` replaced by `@handle `, and the new caret. */
export function insertMention(text: string, start: number, caret: number, handle: string) {
  const insert = `@${handle} `;
  return { text: text.slice(0, start) + insert + text.slice(caret), caret: start + insert.length };
}

export type MentionTextareaProps = {
  id: string;
  value: string;
  label: string;
  placeholder?: string;
  maxLength?: number;
  autoFocus?: boolean;
  onInput(value: string): void;
  search(q: string): Promise<Person[]>;
};

export function MentionTextarea(props: MentionTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [options, setOptions] = useState<Person[]>([]);
  const [active, setActive] = useState(0);
  const query = useRef<{ start: number; query: string } | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (props.autoFocus) ref.current?.focus();
  }, [props.autoFocus]);

  const close = () => {
    setOptions([]);
    query.current = null;
  };

  const lookUp = (el: HTMLTextAreaElement) => {
    const q = mentionAt(el.value, el.selectionStart ?? el.value.length);
    query.current = q;
    if (!q) return close();
    const mine = ++seq.current;
    props.search(q.query).then(
      (people) => {
        if (mine !== seq.current) return;
        setOptions(people.slice(0, 6));
        setActive(0);
      },
      () => mine === seq.current && setOptions([]),
    );
  };

  const pick = (person: Person) => {
    const el = ref.current;
    const q = query.current;
    if (!el || !q) return;
    const caret = el.selectionStart ?? el.value.length;
    const next = insertMention(el.value, q.start, caret, person.handle);
    props.onInput(next.text);
    close();
    // After Preact has written the new value.
    queueMicrotask(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (options.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(options[active]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  const listId = `${props.id}-mentions`;
  const open = options.length > 0;
  return (
    <div>
      <label class="visually-hidden" for={props.id}>
        {props.label}
      </label>
      <textarea
        ref={ref}
        id={props.id}
        value={props.value}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onInput={(e) => {
          const el = e.currentTarget;
          props.onInput(el.value);
          lookUp(el);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(close, 150)}
      />
      {open && (
        <div class="mentions" id={listId} role="listbox" data-outloud="mentions">
          {options.map((p, i) => (
            <div
              key={p.handle}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              <Bdi>{p.name}</Bdi> <span class="counts">@{p.handle}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
