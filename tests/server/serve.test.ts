/**
 * `outloud-server serve` as a real process (from source through tsx): prints the listening line
 * on stdout with the port it got for `--port 0`, answers on it, and exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';

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
