/** `outloud-server`: the server's command line (see `cli/commands/` for the commands). */
import { main } from './cli/main.ts';

const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exitCode = code;
