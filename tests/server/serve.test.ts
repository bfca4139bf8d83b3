/**
 * `outloud-server serve` as a real process (from source through tsx): prints the listening line
 * on stdout with the port it got for `--port 0`, answers on it, and exits 0 on SIGTERM; how it
 * reads `OUTLOUD_RATE_LIMIT`, `OUTLOUD_AUTH_RATE_LIMIT` and `OUTLOUD_TRUST_PROXY`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/server/cli/command.ts';
import {
  parseBucketMinPages,
  parseImportLimit,
  parseRateLimit,
  parseTrustProxy,
} from '../../src/server/cli/commands/serve.ts';

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

describe('OUTLOUD_AUTH_RATE_LIMIT', () => {
  it('reads like OUTLOUD_RATE_LIMIT and names itself when refused', () => {
    expect(parseRateLimit('30', 'OUTLOUD_AUTH_RATE_LIMIT')).toEqual({
      max: 30,
      timeWindowMs: 60_000,
    });
    expect(parseRateLimit('0', 'OUTLOUD_AUTH_RATE_LIMIT')).toBe(false);
    expect(() => parseRateLimit('many', 'OUTLOUD_AUTH_RATE_LIMIT')).toThrow(
      /OUTLOUD_AUTH_RATE_LIMIT must be a whole number/,
    );
  });
});

describe('OUTLOUD_TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.1,loopback', ['10.0.0.0/8', '192.168.1.1', 'loopback']],
    ['fd00::/8,::1', ['fd00::/8', '::1']],
  ])('reads %j as %j', (value, expected) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it.each(['yes', '10.0.0.0/33', '10.0.0.1/8/1', 'proxy.internal', '::1/129', '10.0.0.1,'])(
    'refuses %j with a clear reason',
    (value) => {
      expect(() => parseTrustProxy(value)).toThrow(UsageError);
      expect(() => parseTrustProxy(value)).toThrow(/OUTLOUD_TRUST_PROXY/);
    },
  );
});

describe('OUTLOUD_IMPORT_LIMIT', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['1', 1],
    [' 50000 ', 50_000],
  ])('reads %j as %j', (value, expected) => {
    expect(parseImportLimit(value)).toBe(expected);
  });

  it.each(['0', '-1', '1.5', 'lots'])('refuses %j with a clear reason', (value) => {
    expect(() => parseImportLimit(value)).toThrow(/OUTLOUD_IMPORT_LIMIT must be a whole number/);
  });
});

describe('OUTLOUD_BUCKET_MIN_PAGES', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['1', 1],
    [' 200 ', 200],
  ])('reads %j as %j', (value, expected) => {
    expect(parseBucketMinPages(value)).toBe(expected);
  });

  it.each(['0', '-1', '2.5', 'many'])('refuses %j with a clear reason', (value) => {
    expect(() => parseBucketMinPages(value)).toThrow(/OUTLOUD_BUCKET_MIN_PAGES must be a whole/);
  });
});
