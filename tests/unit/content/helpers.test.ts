/** Pure helpers of the on-page UI and side panel: people, threads. */
import { describe, expect, it } from 'vitest';
import { colourFor, initials } from '../../../src/content/ui/people.ts';
import type { PagePerson } from '../../../src/core/messages.ts';
import type { Comment } from '../../../src/core/wire.ts';
import { summarizePeople } from '../../../src/i18n/engagement-labels.ts';
import { countThread, MAX_DEPTH, threadFor } from '../../../src/sidepanel/thread.ts';

const person = (handle: string, name: string, inNetwork: boolean): PagePerson => ({
  handle,
  name,
  inNetwork,
  kinds: ['bookmark'],
});

describe('people', () => {
  it('makes initials from names, falling back to the handle', () => {
    expect(initials('Ada Lovelace', 'ada')).toBe('AL');
    expect(initials('Grace Brewster Murray Hopper', 'grace')).toBe('GH');
    expect(initials('', 'bob.smith')).toBe('BS');
    // Zero-width and bidi controls are never an initial.
    expect(initials('\u202eAda \u200bLovelace', 'ada')).toBe('AL');
    expect(initials('\u202e\u200b', 'bob.smith')).toBe('BS');
    expect(initials('émile', 'e')).toBe('É');
  });

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

  it('gives a handle the same colour every time', () => {
    expect(colourFor('ann')).toBe(colourFor('ann'));
    expect(colourFor('ann')).toMatch(/^hsl\(\d+ 55% 30%\)$/);
  });
});

describe('comment threads', () => {
  const c = (id: string, targetId: string, at: string): Comment => ({
    type: 'comment',
    id,
    owner: 'ann',
    createdAt: at,
    updatedAt: at,
    targetId,
    text: id,
    mentions: [],
  });

  it('nests replies under their comment, oldest first', () => {
    const comments = [
      c('c2', 'item', '2024-01-02T00:00:00Z'),
      c('c1', 'item', '2024-01-01T00:00:00Z'),
      c('r1', 'c1', '2024-01-03T00:00:00Z'),
      c('other', 'elsewhere', '2024-01-01T00:00:00Z'),
    ];
    const thread = threadFor('item', comments);
    expect(thread.map((n) => n.comment.id)).toEqual(['c1', 'c2']);
    expect(thread[0]!.replies.map((n) => n.comment.id)).toEqual(['r1']);
    expect(countThread(thread)).toBe(3);
  });

  it('flattens replies deeper than the maximum depth instead of dropping them', () => {
    const chain = Array.from({ length: MAX_DEPTH + 3 }, (_, i) =>
      c(`c${i}`, i === 0 ? 'item' : `c${i - 1}`, `2024-01-0${(i % 9) + 1}T00:00:00Z`),
    );
    expect(countThread(threadFor('item', chain))).toBe(chain.length);
  });

  it('survives a cycle in the data', () => {
    const loop = [c('a', 'b', '2024-01-01T00:00:00Z'), c('b', 'a', '2024-01-01T00:00:00Z')];
    expect(countThread(threadFor('a', loop))).toBe(2);
  });
});
