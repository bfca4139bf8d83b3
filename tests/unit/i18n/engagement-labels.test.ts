/** Who engaged with a page, summarised: the network first, the others counted. */
import { describe, expect, it } from 'vitest';
import type { PagePerson } from '../../../src/core/messages.ts';
import { summarizePeople } from '../../../src/i18n/engagement-labels.ts';

const person = (handle: string, name: string, inNetwork: boolean): PagePerson => ({
  handle,
  name,
  inNetwork,
  kinds: ['bookmark'],
});

describe('summarizePeople', () => {
  it('puts the network first and counts the others', () => {
    const people = [
      person('x', 'Xavier', false),
      person('a', 'Ann', true),
      person('y', 'Yvonne', false),
      person('b', 'Ben', true),
    ];
    expect(summarizePeople(people)).toEqual({ names: ['Ann', 'Ben'], others: 2 });
    expect(summarizePeople(people.slice(0, 1))).toEqual({ names: ['Xavier'], others: 0 });
  });
});
