import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HANDLE_PATTERN, parseMentions } from '../../../src/core/mentions.ts';

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
            expect(m.handle).toMatch(HANDLE_PATTERN);
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
