/** The CLI dispatcher: finds the command by its words, runs it, maps usage errors to exit 2. */
import { type CliIo, type Command, UsageError } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function helpText(commands: readonly Command[]): string {
  const lines = commands.map((c) => `  ${c.usage.padEnd(56)} ${c.summary}`);
  return `usage: outloud-server <command>\n\n${lines.join('\n')}\n\nEvery command takes --db (default OUTLOUD_DB or ./data/outloud.db; postgres://… for PostgreSQL).`;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(
  argv: string[],
  io: CliIo,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const args = argv.length === 0 ? ['serve'] : argv;
  if (args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    io.out(helpText(commands));
    return 0;
  }
  const command = [...commands]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => args[i] === w));
  if (!command) {
    io.err(`unknown command: ${args.slice(0, 2).join(' ')}\n\n${helpText(commands)}`);
    return 2;
  }
  try {
    return await command.run(args.slice(command.words.length), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nusage: outloud-server ${command.usage}`);
      return 2;
    }
    io.err(`outloud-server: ${(error as Error).message}`);
    return 1;
  }
}
