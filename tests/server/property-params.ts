/**
 * fast-check parameters for the slow model-based properties, whose every run builds an app and
 * sends it hundreds of requests (a few seconds a run). A failing run is reported at once, with
 * its seed, path and steps, instead of shrinking for many minutes past the test's timeout (in a
 * CI rehearsal the failure itself was never shown); a run that hangs fails after `runTimeoutMs`.
 * Environment, with `NAME` the property's prefix (e.g. `VISIBILITY`):
 * - `NAME_RUNS`: how many runs (default `runs`);
 * - `NAME_SEED` and `NAME_PATH`: replay a reported failure;
 * - `NAME_SHRINK=1`: shrink a failure to a smaller one (slow: minutes on PostgreSQL).
 */
import type fc from 'fast-check';

export type SlowProperty<T> = {
  /** For `fc.assert`. */
  params: fc.Parameters<T>;
  /** For vitest: every run at its time limit, plus a minute; an hour when shrinking. */
  testTimeoutMs: number;
};

/** The parameters for property `name` from its defaults and the environment. */
export function slowProperty<T>(
  name: string,
  defaults: { runs: number; runTimeoutMs: number },
  env: NodeJS.ProcessEnv = process.env,
): SlowProperty<T> {
  const runs = Number(env[`${name}_RUNS`] ?? defaults.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`${name}_RUNS must be a whole number`);
  const seed = env[`${name}_SEED`];
  const path = env[`${name}_PATH`];
  const shrink = env[`${name}_SHRINK`] === '1';
  return {
    params: {
      numRuns: runs,
      endOnFailure: !shrink,
      timeout: defaults.runTimeoutMs,
      ...(seed === undefined ? {} : { seed: Number(seed) }),
      ...(path === undefined ? {} : { path }),
    },
    testTimeoutMs: shrink ? 3_600_000 : runs * defaults.runTimeoutMs + 60_000,
  };
}
