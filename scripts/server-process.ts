/**
 * The real server as a child process, for the durability test and the load script: the built
 * bundle (`dist/server/cli.js serve`) when it is newer than every server and core source file,
 * else the sources through tsx. Also reads a process's resident memory from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, 'dist/server/cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** How to run the server: the bundle when fresh, else `tsx src/server/cli.ts`. */
export function serverCommand(): { args: string[]; built: boolean } {
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src/server')),
    newestMtime(path.join(ROOT, 'src/core')),
  );
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= sources) {
    return { args: [BUNDLE], built: true };
  }
  return { args: ['--import', 'tsx', path.join(ROOT, 'src/server/cli.ts')], built: false };
}

export type ServerProcess = {
  /** `http://127.0.0.1:PORT` */
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** What the server wrote to stderr and stdout so far (its logs). */
  output(): string;
  /** With `inspect`: the inspector's WebSocket URL (for `forceGc`). */
  inspector?: string;
};

/**
 * Starts `serve --host 127.0.0.1 --port 0 --db DB` and resolves once it prints its address.
 * `env` is added to the environment (e.g. `OUTLOUD_LOG_LEVEL`).
 */
export async function startServer(
  db: string,
  env: Record<string, string> = {},
  options: { timeoutMs?: number; inspect?: boolean } = {},
): Promise<ServerProcess> {
  const { args } = serverCommand();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const inspect = options.inspect ? ['--inspect=127.0.0.1:0'] : [];
  const child = spawn(
    process.execPath,
    [...inspect, ...args, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', db],
    { cwd: ROOT, env: { ...process.env, OUTLOUD_LOG_LEVEL: 'warn', ...env }, stdio: 'pipe' },
  );
  let log = '';
  child.stderr?.on('data', (chunk) => {
    log += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), timeoutMs);
    child.stdout?.on('data', (chunk) => {
      log += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log}`));
    });
  });
  const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(log)?.[1];
  return { url, pid: child.pid ?? 0, child, exited, output: () => log, inspector };
}

const COLLECT_GARBAGE = `
const ws = new WebSocket(process.argv[1]);
ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
ws.onmessage = (event) => {
  if (JSON.parse(event.data).id === 1) process.exit(0);
};
ws.onerror = () => process.exit(1);
`;

/**
 * Forces a full garbage collection in a server started with `inspect` (the inspector's
 * `HeapProfiler.collectGarbage`, sent from a short-lived Node with WebSocket enabled).
 */
export async function forceGc(server: ServerProcess): Promise<void> {
  if (!server.inspector) throw new Error('the server was not started with inspect');
  const child = spawn(
    process.execPath,
    ['--experimental-websocket', '-e', COLLECT_GARBAGE, server.inspector],
    {
      stdio: 'inherit',
    },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`collectGarbage failed (${code})`);
}

const BARE_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ items: [], cursor: '', hasMore: false, results: [] });
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

/**
 * The baseline: a bare \`node:http\` server on 127.0.0.1 answering every request with one
 * constant JSON body, as a child process like the real one.
 */
export async function startBareServer(): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: 'pipe' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk) => {
      const match = /listening on (http:\/\/\S+)/.exec(String(chunk));
      if (match?.[1]) resolve(match[1]);
      else reject(new Error(`bare server: ${chunk}`));
    });
  });
  return { url, pid: child.pid ?? 0, child, exited, output: () => '' };
}

/** The resident set size of process `pid` in KiB (VmRSS in /proc/PID/status), or 0. */
export function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
