/** The sync policy: status classification, backoff with jitter, Retry-After, when to run. */
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  afterSuccess,
  backoffDelay,
  classifyStatus,
  INITIAL_BACKOFF,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  shouldRun,
} from '../../../src/core/sync-policy.ts';

describe('classifyStatus', () => {
  it.each([
    [200, 'put', 'done'],
    [201, 'put', 'done'],
    [204, 'delete', 'done'],
    [404, 'delete', 'done'],
    [404, 'put', 'refused'],
    [400, 'put', 'refused'],
    [403, 'put', 'refused'],
    [409, 'put', 'refused'],
    [413, 'put', 'refused'],
    [422, 'put', 'refused'],
    [401, 'put', 'auth'],
    [0, 'put', 'retry'],
    [408, 'put', 'retry'],
    [429, 'put', 'retry'],
    [500, 'put', 'retry'],
    [502, 'delete', 'retry'],
    [503, 'put', 'retry'],
  ] as const)('%i on %s is %s', (status, op, outcome) => {
    expect(classifyStatus(status, op)).toBe(outcome);
  });
});

describe('backoffDelay', () => {
  const opts = { baseMs: 1000, maxMs: 60_000 };
  it.each([
    // failures, random, expected: half of min(max, base·2^(n-1)) plus random × that half
    [0, 0.5, 0],
    [1, 0, 500],
    [1, 0.999999, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [4, 1, 8000],
    [7, 0, 30_000],
    [7, 1, 60_000],
    [50, 0.25, 37_500],
  ])('after %i failures with random %f waits %i ms', (failures, r, expected) => {
    expect(backoffDelay(failures, () => r, opts)).toBe(expected);
  });

  it('grows, stays within [half, full] of the ceiling and never exceeds the maximum', () => {
    for (let n = 1; n < 40; n++) {
      const ceiling = Math.min(60_000, 1000 * 2 ** (n - 1));
      for (const r of [0, 0.1, 0.5, 0.9, 0.99]) {
        const d = backoffDelay(n, () => r, opts);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [null, null],
    [undefined, null],
    ['', null],
    ['soon', null],
    ['0', 0],
    ['5', 5000],
    [' 120 ', 120_000],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['999999', MAX_RETRY_AFTER_MS],
  ])('%j → %j', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('the backoff state machine', () => {
  const now = 1_000_000;

  it('counts failures and waits longer each time, until a success resets it', () => {
    const one = afterFailure(INITIAL_BACKOFF, now, null, () => 0);
    expect(one).toEqual({ failures: 1, notBefore: now + 1000, serverAsked: false });
    const two = afterFailure(one, now, null, () => 0);
    expect(two.failures).toBe(2);
    expect(two.notBefore).toBe(now + 2000);
    expect(afterSuccess()).toEqual(INITIAL_BACKOFF);
  });

  it('honours Retry-After when it is longer than the backoff', () => {
    expect(afterFailure(INITIAL_BACKOFF, now, 30_000, () => 0)).toEqual({
      failures: 1,
      notBefore: now + 30_000,
      serverAsked: true,
    });
    expect(afterFailure(INITIAL_BACKOFF, now, 10, () => 0).notBefore).toBe(now + 1000);
  });

  it.each([
    // state, trigger, now offset, runs?
    [INITIAL_BACKOFF, 'alarm', 0, true],
    [{ failures: 2, notBefore: now + 5000, serverAsked: false }, 'alarm', 0, false],
    [{ failures: 2, notBefore: now + 5000, serverAsked: false }, 'startup', 0, false],
    [{ failures: 2, notBefore: now + 5000, serverAsked: false }, 'alarm', 5000, true],
    [{ failures: 2, notBefore: now + 5000, serverAsked: false }, 'action', 0, true],
    [{ failures: 1, notBefore: now + 5000, serverAsked: true }, 'action', 0, false],
    [{ failures: 1, notBefore: now + 5000, serverAsked: true }, 'manual', 0, true],
  ] as const)('shouldRun(%j, %s, +%i) is %s', (state, trigger, offset, expected) => {
    expect(shouldRun(state, trigger, now + offset)).toBe(expected);
  });
});
