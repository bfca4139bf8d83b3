/**
 * The page answer cache's bounds (`keepAnswer`): past the entry or byte limit the oldest answer
 * goes, except that one asked for since eviction last passed it gets a second chance.
 */
import { describe, expect, it } from 'vitest';
import { type AnswerCache, keepAnswer } from '../../src/server/repos/page-cache.ts';

const fresh = (): AnswerCache => ({ bytes: 0, answers: new Map() });
const bytes = (n: number) => Buffer.alloc(n, 0x20);
const keys = (cache: AnswerCache) => [...cache.answers.keys()];

describe('keepAnswer', () => {
  it('drops the oldest answers past the entry limit', () => {
    const cache = fresh();
    for (const key of ['a', 'b', 'c', 'd'])
      keepAnswer(cache, key, bytes(10), { entries: 3, bytes: 1e6 });
    expect(keys(cache)).toEqual(['b', 'c', 'd']);
    expect(cache.bytes).toBe(30);
  });

  it('gives an answer asked for since the last pass a second chance', () => {
    const cache = fresh();
    const limits = { entries: 3, bytes: 1e6 };
    for (const key of ['a', 'b', 'c']) keepAnswer(cache, key, bytes(10), limits);
    cache.answers.get('a')!.used = true;
    keepAnswer(cache, 'd', bytes(10), limits);
    expect(keys(cache)).toEqual(['c', 'd', 'a']);
    expect(cache.answers.get('a')!.used).toBe(false);
    keepAnswer(cache, 'e', bytes(10), limits);
    expect(keys(cache)).toEqual(['d', 'a', 'e']);
  });

  it('keeps the total size under the byte limit, counting null answers as nothing', () => {
    const cache = fresh();
    const limits = { entries: 100, bytes: 25 };
    keepAnswer(cache, 'none', null, limits);
    keepAnswer(cache, 'a', bytes(10), limits);
    keepAnswer(cache, 'b', bytes(10), limits);
    expect(cache.bytes).toBe(20);
    keepAnswer(cache, 'c', bytes(10), limits);
    expect(keys(cache)).toEqual(['b', 'c']);
    expect(cache.bytes).toBe(20);
  });

  it('ends when every answer was asked for (each gets one second chance per pass)', () => {
    const cache = fresh();
    const limits = { entries: 2, bytes: 1e6 };
    keepAnswer(cache, 'a', bytes(1), limits);
    keepAnswer(cache, 'b', bytes(1), limits);
    for (const entry of cache.answers.values()) entry.used = true;
    keepAnswer(cache, 'c', bytes(1), limits);
    expect(cache.answers.size).toBe(2);
    expect(keys(cache)).toEqual(['a', 'b']);
  });
});
