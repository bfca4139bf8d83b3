/**
 * The slow properties' fast-check parameters: a failure ends the run at once unless shrinking is
 * asked for, every run has a time limit, a reported seed and path replay, and the test's own
 * timeout covers every run at its limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slowProperty } from './property-params.ts';

describe('slowProperty', () => {
  it('reports a failure at once, limits each run and sizes the test timeout', () => {
    const { params, testTimeoutMs } = slowProperty('X', { runs: 3, runTimeoutMs: 1_000 }, {});
    expect(params).toEqual({ numRuns: 3, endOnFailure: true, timeout: 1_000 });
    expect(testTimeoutMs).toBe(63_000);
  });

  it('reads runs, a seed and path to replay, and shrinking from the environment', () => {
    const env = { X_RUNS: '40', X_SEED: '1001989481', X_PATH: '12', X_SHRINK: '1' };
    const { params, testTimeoutMs } = slowProperty('X', { runs: 3, runTimeoutMs: 1_000 }, env);
    expect(params).toEqual({
      numRuns: 40,
      endOnFailure: false,
      timeout: 1_000,
      seed: 1001989481,
      path: '12',
    });
    expect(testTimeoutMs).toBe(3_600_000);
    expect(() => slowProperty('X', { runs: 3, runTimeoutMs: 1 }, { X_RUNS: 'many' })).toThrow(
      'X_RUNS must be a whole number',
    );
  });

  it('fails a run that hangs with the time limit instead of waiting for it', async () => {
    const { params } = slowProperty<[number]>('X', { runs: 1, runTimeoutMs: 50 }, {});
    const hang = fc.asyncProperty(fc.nat(), (_n: number) => new Promise<void>(() => {}));
    const failure = await fc.assert(hang, params).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/seed: -?\d+, path: "0"/);
    expect(String(failure?.cause)).toBe(
      'Error: Property timeout: exceeded limit of 50 milliseconds',
    );
  });

  it('stops at the first failing run without shrinking it', async () => {
    const { params } = slowProperty<[number[]]>('X', { runs: 100, runTimeoutMs: 1_000 }, {});
    let calls = 0;
    const failing = fc.asyncProperty(
      fc.array(fc.nat(), { minLength: 20 }),
      async (_a: number[]) => {
        calls++;
        throw new Error('always');
      },
    );
    await expect(fc.assert(failing, params)).rejects.toThrow(/seed: -?\d+, path: "0"/);
    expect(calls).toBe(1);
  });
});
