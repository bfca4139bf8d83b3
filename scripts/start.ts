/**
 * `npm start`: builds the extension and the server, starts the server on its embedded SQLite
 * database and prints how to load the extension and sign in.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build, ROOT } from './build.ts';

const port = process.env.OUTLOUD_PORT ?? '8787';
const db = process.env.OUTLOUD_DB ?? path.join(ROOT, 'data/outloud.db');

const out = await build();
const cli = path.join(out.server, 'cli.js');

console.log(`
Outloud is built.

  Chrome / Chromium / Edge: open chrome://extensions, turn on Developer mode,
    "Load unpacked" and choose ${out.chrome}
  Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…"
    and choose ${path.join(out.firefox, 'manifest.json')}

Starting the server on http://127.0.0.1:${port} (database: ${db}). Ctrl+C stops it.
`);

const server = spawn(process.execPath, [cli, 'serve', '--port', port, '--db', db], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code) => process.exit(code ?? 0));
