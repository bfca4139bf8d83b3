/**
 * The keyset cursors behind the feed, notifications and search: opaque round trips, malformed
 * cursors refused, and paging by `mergePage` over several sources visiting every entry exactly
 * once, newest first, however the entries tie on time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePosition,
  encodePosition,
  isAfter,
  mergePage,
  newestFirst,
  type Position,
} from '../../src/server/repos/keyset.ts';

describe('positions', () => {
  it('round-trip through an opaque cursor', () => {
    const p = {
      at: '2026-01-02T03:04:05.678Z',
      key: 'like:ada.b/0190b6a4-7d1c-7abc-8def-0123456789ab',
    };
    const cursor = encodePosition(p);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePosition(cursor)).toEqual(p);
  });

  it('treat an empty cursor as the start and refuse malformed ones', () => {
    expect(decodePosition(undefined)).toBeNull();
    expect(decodePosition('')).toBeNull();
    for (const bad of ['%%', 'x'.repeat(401), Buffer.from('s12').toString('base64url'), 'abc']) {
      expect(decodePosition(bad), bad).toBeUndefined();
    }
  });
});

describe('mergePage', () => {
  const entry = fc.record({
    at: fc.constantFrom(
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.001Z',
      '2026-01-02T00:00:00.000Z',
    ),
    key: fc.stringMatching(/^[a-z0-9:/-]{1,12}$/),
    source: fc.integer({ min: 0, max: 2 }),
  });

  it('visits every entry of every source exactly once, newest first', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { selector: (e) => `${e.at}|${e.key}`, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (entries, limit) => {
          const sources = [0, 1, 2].map((s) => entries.filter((e) => e.source === s));
          const seen: Position[] = [];
          let cursor = '';
          for (let guard = 0; guard < 100; guard++) {
            const position = decodePosition(cursor) ?? null;
            // Each source answers as its SQL does: after the position, newest first, limit + 1.
            const lists = sources.map((list) =>
              list
                .filter((e) => position === null || isAfter(e, position))
                .sort(newestFirst)
                .slice(0, limit + 1),
            );
            const page = mergePage(lists, limit, cursor);
            seen.push(...page.entries);
            if (!page.hasMore) break;
            cursor = page.cursor;
          }
          expect(seen.map((e) => `${e.at}|${e.key}`)).toEqual(
            [...entries].sort(newestFirst).map((e) => `${e.at}|${e.key}`),
          );
        },
      ),
    );
  });

  it('keeps the incoming cursor on an empty page', () => {
    expect(mergePage([[], []], 5, 'abc')).toEqual({ entries: [], cursor: 'abc', hasMore: false });
  });
});
