import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completeMention,
  HANDLE_PATTERN,
  mentionQueryAt,
  parseMentions,
} from '../../../src/core/mentions.ts';

/** Property tests run hundreds of cases; give them room on a loaded machine. */
const PROPERTY_TIMEOUT = 60_000;

const handles = (text: string) => parseMentions(text).map((m) => m.handle);

describe('parseMentions', () => {
  it.each<[string, string[]]>([
    ['@alice can you look?', ['alice']],
    ['ping @Bob.Smith and @carol_1.', ['bob.smith', 'carol_1']],
    ['thanks @dave-', ['dave']],
    [
      '(@erin) [@frank] "@grace", @heidi: @ivan! @judy?',
      ['erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'],
    ],
    ['line\n@kim\t@lee', ['kim', 'lee']],
    ['**@mallory** said', ['mallory']],
    ['mail alice@example.com or bob.smith@corp.example.org', []],
    ['see https://mastodon.social/@alice and http://x.com/(@bob)', []],
    ['www.example.com/@carol is a profile', []],
    ['mailto:dave@example.com', []],
    ['federated @alice@example.org is not a local handle', []],
    ['@josé is not ascii', []],
    ['just an @ sign, and @. and @-', []],
    [`@${'a'.repeat(40)} fits`, ['a'.repeat(40)]],
    [`@${'a'.repeat(41)} is too long`, []],
    ['x@y', []],
  ])('%s', (text, expected) => {
    expect(handles(text)).toEqual(expected);
  });

  it('reports offsets of @handle, without trailing punctuation', () => {
    const text = 'Hi @Alice.Smith. Bye';
    const [m] = parseMentions(text);
    expect(m).toEqual({ handle: 'alice.smith', start: 3, end: 15 });
    expect(text.slice(m!.start, m!.end)).toBe('@Alice.Smith');
  });

  it(
    'finds every handle at a word start, and only well-formed ones',
    () => {
      const handle = fc.stringMatching(/^[a-z0-9_][a-z0-9_.-]{0,38}[a-z0-9_]$/);
      const filler = fc.stringMatching(/^[a-z ,.!?()]{0,20}$/);
      fc.assert(
        fc.property(fc.array(fc.tuple(filler, handle), { maxLength: 6 }), (parts) => {
          const text = parts.map(([f, h]) => `${f} @${h}`).join(' ');
          const found = parseMentions(text);
          expect(found.map((m) => m.handle)).toEqual(parts.map(([, h]) => h));
          for (const m of found) {
            expect(m.handle).toMatch(new RegExp(HANDLE_PATTERN));
            expect(text.slice(m.start, m.end).toLowerCase()).toBe(`@${m.handle}`);
          }
        }),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'never fires inside e-mail addresses or URLs',
    () => {
      const word = fc.stringMatching(/^[a-z0-9]{1,10}$/);
      const email = fc.tuple(word, word, word).map(([u, d, t]) => `${u}@${d}.${t}`);
      const url = fc
        .tuple(fc.webUrl(), word)
        .map(([u, h]) => `${u}${u.endsWith('/') ? '' : '/'}@${h}`);
      fc.assert(
        fc.property(fc.array(fc.oneof(email, url, word), { maxLength: 8 }), (tokens) => {
          expect(parseMentions(tokens.join(' '))).toEqual([]);
        }),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('mentionQueryAt', () => {
  it.each([
    ['@', 1, { start: 0, query: '' }],
    ['hi @an', 6, { start: 3, query: 'an' }],
    ['hi @an there', 6, { start: 3, query: 'an' }],
    ['(@bo', 4, { start: 1, query: 'bo' }],
    ['ask @ann.b', 10, { start: 4, query: 'ann.b' }],
  ])('finds the mention being typed in %j at %i', (text, caret, expected) => {
    expect(mentionQueryAt(text, caret)).toEqual(expected);
  });

  it.each([
    ['mail ann@example.org', 20],
    ['no mention here', 5],
    ['hi @ann there', 12],
    [`@${'a'.repeat(41)}`, 42],
    ['see https://x.com/a,@ann', 24],
  ])('finds nothing in %j at %i', (text, caret) => {
    expect(mentionQueryAt(text, caret)).toBeNull();
  });
});

describe('completeMention', () => {
  it('replaces the partial handle and puts the caret after a space', () => {
    const text = 'ask @an about it';
    const done = completeMention(text, { start: 4, query: 'an' }, 7, 'ann');
    expect(done.text).toBe('ask @ann about it');
    expect(done.text.slice(0, done.caret)).toBe('ask @ann ');
  });

  it('adds a space at the end of the text', () => {
    const done = completeMention('hi @b', { start: 3, query: 'b' }, 5, 'bob');
    expect(done).toEqual({ text: 'hi @bob ', caret: 8 });
  });
});

describe('one grammar for autocomplete and the server', () => {
  // The cases where three grammars used to disagree: the server recorded `,@ann` but no text
  // box offered Ann, and `«@ann` autocompleted in the popup only.
  it.each<[string, boolean]>([
    [',@ann', true],
    ['«@ann', true],
    ['(@ann', true],
    ['e-mail@ann', false],
  ])('%s: recorded %s, and offered alike', (text, mention) => {
    const at = text.indexOf('@');
    expect(handles(text)).toEqual(mention ? ['ann'] : []);
    expect(mentionQueryAt(text, text.length)).toEqual(mention ? { start: at, query: 'ann' } : null);
  });

  /** Text built from the characters and pieces the grammar cares about. */
  const text = fc
    .array(
      fc.oneof(
        fc.constantFrom(...'aZ9_.-@ \n\t([{<"\'“‘«‹„,;:!?*)/é#'),
        fc.constantFrom('ann', 'Bo.b', 'http://', 'www.', 'mailto:', '@ann', 'x@y'),
      ),
      { maxLength: 24 },
    )
    .map((parts) => parts.join(''));
  const withCaret = text.chain((t) => fc.tuple(fc.constant(t), fc.nat({ max: t.length })));
  /** Handles a mention can name (a trailing `.` or `-` reads as punctuation). */
  const handle = fc.stringMatching(/^[a-z0-9_](?:[a-z0-9_.-]{0,38}[a-z0-9_])?$/);

  it(
    'what the server records is offered at every caret inside it',
    () => {
      fc.assert(
        fc.property(text, (t) => {
          for (const m of parseMentions(t)) {
            for (let caret = m.start + 1; caret <= m.end; caret++) {
              expect(mentionQueryAt(t, caret)).toEqual({
                start: m.start,
                query: t.slice(m.start + 1, caret),
              });
            }
          }
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'what autocomplete offers, once picked, is a mention the server records',
    () => {
      fc.assert(
        fc.property(withCaret, handle, ([t, caret], h) => {
          const q = mentionQueryAt(t, caret);
          if (!q) return;
          const done = completeMention(t, q, caret, h);
          expect(parseMentions(done.text)).toContainEqual({
            handle: h,
            start: q.start,
            end: q.start + 1 + h.length,
          });
          expect(done.text.slice(q.start, done.caret)).toBe(`@${h} `);
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'what is typed up to a word end is recorded exactly when it was offered',
    () => {
      fc.assert(
        fc.property(withCaret, ([t, caret]) => {
          if (caret < t.length && !/\s/u.test(t[caret]!)) return;
          const q = mentionQueryAt(t, caret);
          const typed = q?.query.replace(/[.-]+$/, '') ?? '';
          const recorded = parseMentions(t).find((m) => q && m.start === q.start);
          if (typed === '') expect(recorded).toBeUndefined();
          else expect(recorded?.handle).toBe(typed.toLowerCase());
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
