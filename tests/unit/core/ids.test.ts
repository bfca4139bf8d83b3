import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuid, uuidv7, uuidv7Time } from '../../../src/core/ids.ts';

describe('uuidv7', () => {
  it('makes valid version-7 UUIDs', () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('encodes the timestamp and sorts by it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.integer({ min: 1, max: 2 ** 20 }),
        (t, d) => {
          const a = uuidv7(t);
          const b = uuidv7(t + d);
          expect(uuidv7Time(a)).toBe(t);
          expect(a < b).toBe(true);
        },
      ),
    );
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });

  it('rejects what is not a UUID', () => {
    for (const bad of [
      '',
      'x',
      '0190b6a4-7d1c-7abc-8def',
      '0190B6A4-7D1C-7ABC-8DEF-0123456789AB',
    ]) {
      expect(isUuid(bad)).toBe(false);
    }
  });
});
