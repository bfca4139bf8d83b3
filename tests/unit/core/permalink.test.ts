/** Permalink bases from a server's `publicUrl`, and the permalinks built on them. */
import { describe, expect, it } from 'vitest';
import { permalinkBaseOf, permalinkOf } from '../../../src/core/permalink.ts';

describe('permalinkBaseOf', () => {
  it.each([
    ['https://outloud.example.com', 'https://outloud.example.com'],
    ['https://outloud.example.com/', 'https://outloud.example.com'],
    ['HTTPS://Outloud.Example.com:443/', 'https://outloud.example.com'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['https://intranet.example.com/outloud//', 'https://intranet.example.com/outloud'],
  ])('%s → %s', (publicUrl, base) => {
    expect(permalinkBaseOf(publicUrl)).toBe(base);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['outloud.example.com'],
    ['javascript:alert(1)'],
    ['data:text/html,hi'],
    ['ftp://outloud.example.com'],
    ['https://user:pw@outloud.example.com'],
    ['https://outloud.example.com/?x=1'],
    ['https://outloud.example.com/#top'],
  ])('refuses %s', (publicUrl) => {
    expect(permalinkBaseOf(publicUrl)).toBeNull();
  });
});

describe('permalinkOf', () => {
  it('puts the id under /items/', () => {
    expect(permalinkOf('https://o.example', '0190a0a0-0000-7000-8000-000000000001')).toBe(
      'https://o.example/items/0190a0a0-0000-7000-8000-000000000001',
    );
    expect(permalinkOf('https://o.example/x', 'a/b?c')).toBe('https://o.example/x/items/a%2Fb%3Fc');
  });
});
