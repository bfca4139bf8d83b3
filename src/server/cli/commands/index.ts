/** Every CLI command. Add a command by writing `commands/<name>.ts` and listing it here. */
import type { Command } from '../command.ts';
import { auditCommand } from './audit.ts';
import { backup } from './backup.ts';
import { demo } from './demo.ts';
import { serve } from './serve.ts';
import { tokensCreate, tokensRevoke } from './tokens.ts';
import { exportCommand, importCommand } from './transfer.ts';
import { usersAdd } from './users.ts';

export const COMMANDS: Command[] = [
  serve,
  usersAdd,
  tokensCreate,
  tokensRevoke,
  demo,
  backup,
  importCommand,
  exportCommand,
  auditCommand,
];
