/**
 * The `range` mode's prefix length (`core/bucket-prefix.ts`): for random page-key sets and k,
 * every one of the 16^L buckets of the chosen length L holds ≥ k pages (none is empty, where a
 * new page would be alone), and one character more would leave some bucket with fewer (or the
 * length is the longest the lookup accepts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BucketSizes,
  bucketPrefixLength,
  MAX_PREFIX_LENGTH,
  smallestBuckets,
} from '../../../src/core/bucket-prefix.ts';

/** Page counts per prefix of length `length`, counted the slow way. */
function buckets(keys: readonly string[], length: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of new Set(keys)) {
    const prefix = key.slice(0, length);
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  return counts;
}

const hex = fc.constantFrom(...'0123456789abcdef');
/** Strings of `min`–`max` characters drawn from `char`. */
const chars = (char: fc.Arbitrary<string>, min: number, max: number) =>
  fc.array(char, { minLength: min, maxLength: max }).map((a) => a.join(''));
/**
 * 64-hex keys clustered the way real sets are not but edge cases need: a short random head from
 * a small alphabet (so prefixes are shared, sometimes by many keys) and a random tail.
 */
const clusteredKey = fc
  .tuple(chars(fc.constantFrom('0', '1', 'f'), 0, 20), chars(hex, 64, 64))
  .map(([head, tail]) => (head + tail).slice(0, 64));
const uniformKey = chars(hex, 64, 64);
const keySet = fc.array(fc.oneof(clusteredKey, uniformKey), { maxLength: 400 });

describe('bucketPrefixLength', () => {
  it('keeps at least k pages in every bucket, and one more character would not', () => {
    fc.assert(
      fc.property(keySet, fc.integer({ min: 1, max: 60 }), (keys, k) => {
        const sorted = [...keys].sort();
        const length = bucketPrefixLength(sorted, k);
        expect(length).toBeGreaterThanOrEqual(0);
        expect(length).toBeLessThanOrEqual(MAX_PREFIX_LENGTH);
        const distinct = new Set(keys).size;
        // Length 0 is one bucket of everything: the fallback when even that is fewer than k.
        if (length > 0) {
          const counts = buckets(keys, length);
          expect(counts.size).toBe(16 ** length);
          for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(k);
        }
        if (length < MAX_PREFIX_LENGTH && distinct > 0) {
          const longer = buckets(keys, length + 1);
          const smallest = longer.size < 16 ** (length + 1) ? 0 : Math.min(...longer.values());
          expect(smallest).toBeLessThan(k);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the smallest bucket at every length as counting does', () => {
    fc.assert(
      fc.property(keySet, (keys) => {
        const smallest = smallestBuckets([...keys].sort());
        for (let length = 0; length <= MAX_PREFIX_LENGTH; length++) {
          const counts = [...buckets(keys, length).values()];
          expect(smallest[length]).toBe(
            counts.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...counts),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('asks for everything when there are fewer than k pages or none', () => {
    expect(bucketPrefixLength([], 50)).toBe(0);
    expect(bucketPrefixLength(['a'.repeat(64), 'b'.repeat(64)], 3)).toBe(0);
    // One page, or every page under one first character: the other 15 buckets are empty, and
    // a page created under one of them would be named by its bucket.
    expect(bucketPrefixLength(['a'.repeat(64)], 1)).toBe(0);
    expect(
      bucketPrefixLength(
        ['a1', 'a2', 'a3'].map((k) => k.padEnd(64, '0')),
        1,
      ),
    ).toBe(0);
  });

  it('chooses a length only when every prefix of it has a page', () => {
    // 16 pages, one under each first character: length 1 for k = 1; with one character left
    // out, length 0, however full the other buckets are.
    const all = [...'0123456789abcdef'].map((c) => c.repeat(64));
    expect(bucketPrefixLength(all, 1)).toBe(1);
    const gap = [...all.slice(0, 15), ...all.slice(0, 15).map((k) => `${k.slice(0, 63)}1`)].sort();
    expect(bucketPrefixLength(gap, 1)).toBe(0);
    expect(bucketPrefixLength([...gap, 'f'.repeat(64)].sort(), 1)).toBe(1);
  });

  it('counts the prefixes present at every length as counting does', () => {
    fc.assert(
      fc.property(keySet, (keys) => {
        const sizes = new BucketSizes();
        for (const key of [...keys].sort()) sizes.add(key);
        const present = sizes.prefixesPresent();
        for (let length = 0; length <= MAX_PREFIX_LENGTH; length++)
          expect(present[length]).toBe(buckets(keys, length).size);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses keys out of order rather than answering wrongly', () => {
    expect(() => bucketPrefixLength(['b', 'a'], 1)).toThrow(/ascending order/);
  });
});
