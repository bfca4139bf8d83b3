/**
 * People administration from the command line: `users add --admin`, `users list`,
 * `promote|demote|deactivate|reactivate|rename`, each written to the audit log as `cli`, with
 * refusals (unknown person, last admin, taken handle) as exit 1 and bad arguments as exit 2.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/server/cli/command.ts';
import { main } from '../../src/server/cli/main.ts';
import { connect } from '../../src/server/db/index.ts';
import { authenticate } from '../../src/server/repos/users.ts';
import { databases, makeDbUrl } from './helpers.ts';

type Run = { code: number; out: string[]; err: string[] };

describe.each(databases())('users CLI on %s', (dialect) => {
  let url: string;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ url, drop } = await makeDbUrl(dialect));
  });
  afterEach(async () => {
    await drop();
  });

  async function run(...args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
    const code = await main([...args, '--db', url], io);
    return { code, out, err };
  }

  it('adds an admin, promotes, demotes (never the last admin), deactivates, reactivates, renames; all audited', async () => {
    expect((await run('users', 'add', '--handle', 'root', '--name', 'Root', '--admin')).code).toBe(
      0,
    );
    const ada = (await run('users', 'add', '--handle', 'ada', '--name', 'Ada')).out[0]!;
    expect((await run('users', 'demote', 'root')).code).toBe(1);
    expect((await run('users', 'deactivate', 'root')).err.join()).toContain('last admin');
    expect((await run('users', 'promote', 'ada')).code).toBe(0);
    expect((await run('users', 'demote', 'root')).code).toBe(0);
    expect((await run('users', 'deactivate', 'ada')).code).toBe(1);
    expect((await run('users', 'promote', 'root')).code).toBe(0);
    expect((await run('users', 'deactivate', 'ada')).code).toBe(0);
    const db = await connect(url);
    try {
      expect(await authenticate(db, ada)).toBeUndefined();
    } finally {
      await db.close();
    }
    const listed = await run('users', 'list', '--status', 'deactivated');
    expect(listed.out).toHaveLength(1);
    expect(listed.out[0]).toMatch(/^ada\tAda\tadmin\tdeactivated \S+\t-\t0$/);
    expect((await run('users', 'reactivate', 'ada')).code).toBe(0);
    expect((await run('users', 'rename', 'ada', 'root')).code).toBe(1);
    expect((await run('users', 'rename', 'ada', 'ada.l')).code).toBe(0);
    expect((await run('users', 'list')).out.map((l) => l.split('\t')[0])).toEqual([
      'ada.l',
      'root',
    ]);
    expect((await run('users', 'promote', 'nobody')).code).toBe(1);
    expect((await run('users', 'promote')).code).toBe(2);
    expect((await run('users', 'rename', 'ada.l', 'Bad Handle')).code).toBe(2);
    expect((await run('users', 'list', '--status', 'gone')).code).toBe(2);
    const log = await run('audit');
    expect(log.out.map((l) => l.split('\t').slice(1, 4).join(' '))).toEqual([
      'cli person.rename ada.l',
      'cli person.reactivate ada',
      'cli person.deactivate ada',
      'cli person.promote root',
      'cli person.demote root',
      'cli person.promote ada',
      'cli person.add root',
    ]);
  });
});
