/**
 * `npm run bench [-- name …]`: runs every suite in `scripts/bench/*.bench.ts` (or the named
 * ones) and prints one table per suite, each figure beside the baseline measured in the same run.
 * Benchmarks are never assertions in tests.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './bench/types.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench');

function fmt(n: number): string {
  if (n === 0) return '0';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

export function table(rows: BenchRow[]): string {
  const lines = [
    '| measurement | value | baseline | baseline value | ratio | note |',
    '| --- | ---: | --- | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const ratio = r.baseline && r.baseline.value !== 0 ? `${fmt(r.value / r.baseline.value)}×` : '';
    lines.push(
      `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline?.name ?? ''} | ${r.baseline ? `${fmt(r.baseline.value)} ${r.unit}` : ''} | ${ratio} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

const wanted = new Set(process.argv.slice(2));
const files = (await readdir(DIR)).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files) {
  const suite = (await import(pathToFileURL(path.join(DIR, file)).href)).default as BenchSuite;
  if (wanted.size > 0 && !wanted.has(suite.name)) continue;
  console.log(`\n## ${suite.title} (\`npm run bench -- ${suite.name}\`)\n`);
  const started = performance.now();
  const rows = await suite.run();
  console.log(table(rows));
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
