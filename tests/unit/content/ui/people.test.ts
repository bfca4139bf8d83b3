/** People on the on-page UI: initials and a colour per handle. */
import { describe, expect, it } from 'vitest';
import { colourFor, initials } from '../../../../src/content/ui/people.ts';

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

  it('gives a handle the same colour every time', () => {
    expect(colourFor('ann')).toBe(colourFor('ann'));
    expect(colourFor('ann')).toMatch(/^hsl\(\d+ 55% 30%\)$/);
  });
});
