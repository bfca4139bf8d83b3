/**
 * `npm start`: builds the extension and the server, seeds the demo organisation into the
 * database when it is empty, starts the server and prints how to load the extension and sign
 * in (the server URL and a demo token, which the options page takes).
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { build, ROOT } from './build.ts';

const port = process.env.OUTLOUD_PORT ?? '8787';
const host = process.env.OUTLOUD_HOST ?? '127.0.0.1';
const db = process.env.OUTLOUD_DB ?? path.join(ROOT, 'data/outloud.db');

const out = await build();
const cli = path.join(out.server, 'cli.js');

/**
 * Runs a CLI command to completion; returns its stdout lines. Its stderr (what it says to a
 * person) is shown only when it fails: on success this script says it in its own words.
 */
function runCli(args: string[]): { ok: boolean; lines: string[] } {
  const result = spawnSync(process.execPath, [cli, ...args, '--db', db], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ok = result.status === 0;
  if (!ok) process.stderr.write(result.stderr ?? '');
  const lines = (result.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
  return { ok, lines };
}

type Token = { handle: string; token: string };

/**
 * Tokens to sign in with: a fresh demo's tokens (the first to sign in with, the others for a
 * second browser profile), else a new token for the demo's `ada`.
 */
function signInTokens(): Token[] {
  const demo = runCli(['demo']);
  const seeded = demo.ok
    ? demo.lines.map((l) => l.split('\t')).filter((parts) => parts.length === 2)
    : [];
  if (seeded.length) {
    console.log(`The database was empty: seeded a demo organisation of ${seeded.length} people.`);
    return seeded.map(([handle, token]) => ({ handle: handle!, token: token! }));
  }
  if (demo.ok) console.log('The database already has people: no demo data added.');
  const fresh = runCli(['tokens', 'create', '--handle', 'ada']);
  return fresh.ok && fresh.lines[0] ? [{ handle: 'ada', token: fresh.lines[0] }] : [];
}

const [signIn, ...others] = signInTokens();
const otherLines = others.length
  ? `\nThe other demo people's tokens, for a second browser profile (shown once):\n${others
      .map((o) => `  @${o.handle.padEnd(8)} ${o.token}`)
      .join('\n')}\n`
  : '';
const serverUrl = `http://${host}:${port}`;

console.log(`
Outloud is built.

  Chrome / Chromium / Edge: open chrome://extensions, turn on Developer mode,
    "Load unpacked" and choose ${out.chrome}
  Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…"
    and choose ${path.join(out.firefox, 'manifest.json')}

Sign in: open the extension's options page and enter
  server  ${serverUrl}
  token   ${signIn ? `${signIn.token}   (demo person @${signIn.handle})` : '(none: add a person with `npm run server -- users add --handle you --name "You"`)'}
${otherLines}
Starting the server on ${serverUrl} (database: ${db}). Ctrl+C stops it.
`);

const server = spawn(process.execPath, [cli, 'serve', '--port', port, '--host', host, '--db', db], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code) => process.exit(code ?? 0));
