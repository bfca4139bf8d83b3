/** The popup's `?tab=` parameter (the tab it was opened for, when opened as a page). */
import { describe, expect, it } from 'vitest';
import { tabFromQuery } from '../../../src/ui/tab-param.ts';

describe('tabFromQuery', () => {
  it('reads a numeric tab id and ignores anything else', () => {
    expect(tabFromQuery('?tab=42')).toBe(42);
    expect(tabFromQuery('?tab=0')).toBe(0);
    expect(tabFromQuery('')).toBeUndefined();
    expect(tabFromQuery('?tab=-1')).toBeUndefined();
    expect(tabFromQuery('?tab=12abc')).toBeUndefined();
  });
});
