/**
 * `outloud-server serve` as a real process (from source through tsx): prints the listening line
 * on stdout with the port it got for `--port 0`, answers on it, and exits 0 on SIGTERM; how it
 * reads `OUTLOUD_RATE_LIMIT`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/server/cli/command.ts';
import { parseRateLimit } from '../../src/server/cli/commands/serve.ts';

it('serve listens on a free port, prints the line, answers, and stops on SIGTERM', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'outloud-serve-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/server/cli.ts',
      'serve',
      '--port',
      '0',
      '--db',
      path.join(dir, 'o.db'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OUTLOUD_LOG_LEVEL: 'warn' } },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /^outloud-server listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (match) resolve(match[1]!);
      });
    });
    expect(url).not.toMatch(/:0$/);
    const res = await fetch(`${url}/v1/health`);
    expect(res.status).toBe(200);
    child.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

describe('OUTLOUD_RATE_LIMIT', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    [' ', undefined],
    ['0', false],
    ['1', { max: 1, timeWindowMs: 60_000 }],
    ['600', { max: 600, timeWindowMs: 60_000 }],
    [' 1200 ', { max: 1200, timeWindowMs: 60_000 }],
  ])('reads %j as %j', (value, expected) => {
    expect(parseRateLimit(value)).toEqual(expected);
  });

  it.each(['-1', '1.5', 'ten', '1e400', 'NaN', '60/min'])(
    'refuses %j with a clear reason',
    (value) => {
      expect(() => parseRateLimit(value)).toThrow(UsageError);
      expect(() => parseRateLimit(value)).toThrow(/OUTLOUD_RATE_LIMIT must be a whole number/);
    },
  );
});
