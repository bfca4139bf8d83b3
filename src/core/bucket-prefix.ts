/**
 * How long a urlKey prefix the `range` privacy mode may send (`GET /v1/pages?prefix=`) so that
 * the bucket it names never narrows the open page down to fewer than k pages: the largest L such
 * that every one of the 16^L length-L prefixes has at least k of them. An empty prefix counts as a
 * bucket of 0: a page created under it would be alone in its bucket until the length is computed
 * again, and the lookup would name it. Pure: the server feeds it the organisation's page keys in
 * order (`repos/org.ts`), the tests any key set.
 */

/** The longest prefix the prefix lookup accepts (`GET /v1/pages?prefix=`, 0–16 hex). */
export const MAX_PREFIX_LENGTH = 16;

/** Length of the common prefix of `a` and `b`, at most `max`. */
function common(a: string, b: string, max: number): number {
  let i = 0;
  while (i < max && i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * The smallest bucket at each prefix length 0..`max`, fed keys in ascending order one at a time
 * (so a million keys need not be held at once; duplicates count once): with sorted keys, the
 * bucket of length L ends exactly where a key's common prefix with the previous one is shorter
 * than L.
 */
export class BucketSizes {
  private readonly smallestSoFar: number[];
  private readonly running: number[];
  /** How many distinct prefixes of each length the keys so far have. */
  private readonly present: number[];
  private previous: string | undefined;

  constructor(readonly max: number = MAX_PREFIX_LENGTH) {
    this.smallestSoFar = new Array<number>(max + 1).fill(Number.POSITIVE_INFINITY);
    this.running = new Array<number>(max + 1).fill(0);
    this.present = new Array<number>(max + 1).fill(0);
  }

  /** Counts `key`, which must not sort before the previous one. */
  add(key: string): void {
    const { previous, running, smallestSoFar, present, max } = this;
    if (previous === undefined) {
      running.fill(1);
      present.fill(1);
    } else if (key !== previous) {
      if (key < previous) throw new Error('BucketSizes needs keys in ascending order');
      const shared = common(previous, key, max);
      for (let length = 0; length <= max; length++) {
        if (length <= shared) running[length]! += 1;
        else {
          smallestSoFar[length] = Math.min(smallestSoFar[length]!, running[length]!);
          running[length] = 1;
          present[length]! += 1;
        }
      }
    }
    this.previous = key;
  }

  /** The smallest non-empty bucket at each length (index = length); all `Infinity` when empty. */
  smallest(): number[] {
    if (this.previous === undefined) return [...this.smallestSoFar];
    return this.smallestSoFar.map((s, length) => Math.min(s, this.running[length]!));
  }

  /** How many of the 16^L prefixes of each length L have a key (index = length). */
  prefixesPresent(): number[] {
    return [...this.present];
  }

  /**
   * The prefix length for buckets of at least `k` pages: the largest L ≤ `max` at which all 16^L
   * prefixes have a key and the smallest bucket holds ≥ k of them; 0 (ask for every page) when
   * even all of them are fewer than k, or there are none. Buckets only shrink and gaps only
   * appear as L grows, so it is the last length that still fits.
   */
  prefixLength(k: number): number {
    if (this.previous === undefined) return 0;
    const smallest = this.smallest();
    const fits = (length: number) =>
      smallest[length]! >= k && this.present[length] === 16 ** length;
    let length = 0;
    while (length < this.max && fits(length + 1)) length++;
    return length;
  }
}

/** `BucketSizes.smallest` of `sortedKeys`. */
export function smallestBuckets(
  sortedKeys: Iterable<string>,
  max: number = MAX_PREFIX_LENGTH,
): number[] {
  const sizes = new BucketSizes(max);
  for (const key of sortedKeys) sizes.add(key);
  return sizes.smallest();
}

/** `BucketSizes.prefixLength` of `sortedKeys` (ascending). */
export function bucketPrefixLength(
  sortedKeys: Iterable<string>,
  k: number,
  max: number = MAX_PREFIX_LENGTH,
): number {
  const sizes = new BucketSizes(max);
  for (const key of sortedKeys) sizes.add(key);
  return sizes.prefixLength(k);
}
