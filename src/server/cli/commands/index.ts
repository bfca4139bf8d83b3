/** Every CLI command. Add a command by writing `commands/<name>.ts` and listing it here. */
import type { Command } from '../command.ts';
import { auditCommand } from './audit.ts';
import { backup } from './backup.ts';
import { demo } from './demo.ts';
import { serve } from './serve.ts';
import { tokensCreate, tokensList, tokensRevoke } from './tokens.ts';
import { exportCommand, importCommand } from './transfer.ts';
import {
  usersAdd,
  usersDeactivate,
  usersDemote,
  usersList,
  usersPromote,
  usersReactivate,
  usersRename,
} from './users.ts';

export const COMMANDS: Command[] = [
  serve,
  usersAdd,
  usersList,
  usersPromote,
  usersDemote,
  usersDeactivate,
  usersReactivate,
  usersRename,
  tokensCreate,
  tokensList,
  tokensRevoke,
  demo,
  backup,
  importCommand,
  exportCommand,
  auditCommand,
];
