/** Shared shapes and helpers for `npm run bench` suites. */

/** One row of a benchmark table: a measurement beside the baseline measured in the same run. */
export type BenchRow = {
  /** What was measured. */
  name: string;
  /** The measured figure, in `unit`. */
  value: number;
  unit: string;
  /** The named baseline measured in the same run, and its figure in the same unit. */
  baseline?: { name: string; value: number };
  /** Free text: accuracy counts, targets, p99s… */
  note?: string;
};

export type BenchSuite = {
  /** Short name, used by `npm run bench -- <name>` to run one suite. */
  name: string;
  title: string;
  run(): Promise<BenchRow[]>;
};

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0–100) of a non-empty list, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `fn` `runs` times and returns the median wall time in milliseconds. */
export async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}
