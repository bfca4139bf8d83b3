/** `outloud-server`: the server's command line. */
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { connect } from './db/index.ts';

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: process.env.OUTLOUD_PORT ?? '8787' },
      host: { type: 'string', default: process.env.OUTLOUD_HOST ?? '127.0.0.1' },
      db: { type: 'string', default: process.env.OUTLOUD_DB ?? './data/outloud.db' },
    },
  });
  const db = await connect(values.db);
  const app = await buildApp({ db, logger: true });
  const address = await app.listen({ port: Number(values.port), host: values.host });
  console.log(`outloud-server listening on ${address}`);
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const [command = 'serve', ...rest] = process.argv.slice(2);
switch (command) {
  case 'serve':
    await serve(rest);
    break;
  default:
    console.error(`unknown command: ${command}`);
    process.exit(2);
}
