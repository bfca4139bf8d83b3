/**
 * `audit [--limit N] [--target X] [--actor A] [--action NAME]`: the audit log newest first, one
 * tab-separated line per entry on stdout: time, actor, action, target, detail (JSON).
 */
import { auditPage } from '../../repos/audit.ts';
import { type Command, parse, UsageError, withDb } from '../command.ts';

export const auditCommand: Command = {
  words: ['audit'],
  usage: 'audit [--limit N] [--target X] [--actor A] [--action NAME] [--db DB]',
  summary: 'the audit log, newest first: time, actor, action, target, detail (tab-separated)',
  async run(args, io) {
    const { values } = parse(args, {
      limit: { type: 'string' },
      target: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
    });
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new UsageError('--limit must be a whole number from 1 to 10000');
    }
    return withDb(values.db, io, async (db) => {
      const filter = { target: values.target, actor: values.actor, action: values.action };
      const page = await auditPage(db, filter, null, limit);
      for (const e of page.entries) {
        io.out([e.at, e.actor, e.action, e.target, JSON.stringify(e.detail)].join('\t'));
      }
      if (page.hasMore) io.err(`more entries are older; raise --limit to see them`);
      return 0;
    });
  },
};
