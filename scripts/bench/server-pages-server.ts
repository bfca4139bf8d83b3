/**
 * A server for the page-engagement benchmark, run as a child process so that it has a core of
 * its own while autocannon drives it from the parent. `bare <file>` answers every request with
 * the JSON in `file` through plain `node:http` (the ceiling); `app <db>` serves the Outloud app
 * on that SQLite database with logging and rate limiting off. Prints `port <n>` when listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';

const [mode, arg] = process.argv.slice(2);
if (!arg || (mode !== 'bare' && mode !== 'app')) {
  console.error('usage: server-pages-server.ts bare <json-file> | app <sqlite-file>');
  process.exit(2);
}

if (mode === 'bare') {
  const body = readFileSync(arg);
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(`port ${typeof address === 'object' && address ? address.port : 0}`);
  });
} else {
  const db = await connect(arg);
  const app = await buildApp({ db, rateLimit: false, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`port ${typeof address === 'object' && address ? address.port : 0}`);
}
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
