/** Excluded-site patterns. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXCLUDED_SITES,
  hostMatches,
  isExcludedUrl,
  normalizePattern,
} from '../../../src/core/excluded-sites.ts';

describe('excluded sites', () => {
  it.each([
    ['mail.google.com', 'mail.google.com', true],
    ['MAIL.google.com.', 'mail.google.com', true],
    ['docs.google.com', 'mail.google.com', false],
    ['www.paypal.com', 'paypal.com', true],
    ['notpaypal.com', 'paypal.com', false],
    ['online.mybank.bank', '*.bank', true],
    ['bank', '*.bank', false],
    ['example.org', '', false],
  ])('%s vs %s → %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });

  it.each([
    [' Example.ORG ', 'example.org'],
    ['https://Example.org/path', 'example.org'],
    ['example.org/path', 'example.org'],
    ['*.Bank', '*.bank'],
    ['*.', null],
    ['exa mple.org', null],
    ['', null],
  ])('normalizePattern(%j) → %j', (input, expected) => {
    expect(normalizePattern(input)).toBe(expected);
  });

  it('excludes webmail and banks by default, and unparseable URLs always', () => {
    for (const url of [
      'https://mail.google.com/mail/u/0/',
      'https://outlook.office.com/mail/',
      'https://www.paypal.com/myaccount',
      'https://secure.chase.com/',
    ]) {
      expect(isExcludedUrl(url, DEFAULT_EXCLUDED_SITES)).toBe(true);
    }
    expect(isExcludedUrl('https://en.wikipedia.org/wiki/Bank', DEFAULT_EXCLUDED_SITES)).toBe(false);
    expect(isExcludedUrl('not a url', [])).toBe(true);
  });
});
