/** Comment threads of the side panel: replies nested, depth capped, cycles survived. */
import { describe, expect, it } from 'vitest';
import type { Comment } from '../../../src/core/wire.ts';
import { countThread, MAX_DEPTH, threadFor } from '../../../src/sidepanel/thread.ts';

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
