/**
 * `outloud-server import` and `export`, run in-process through `main` with captured output, on
 * every test database: the summary on stdout, idempotent re-import, the file on stdout or in
 * `--out`, and the usual usage errors.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseNetscape } from '../../src/core/netscape.ts';
import type { CliIo } from '../../src/server/cli/command.ts';
import { main } from '../../src/server/cli/main.ts';
import { databases, makeDbUrl } from './helpers.ts';

type Run = { code: number; out: string[]; err: string[] };

async function run(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  return { code: await main(args, io), out, err };
}

describe.each(databases())('import/export CLI on %s', (dialect) => {
  let url: string;
  let drop: () => Promise<void>;
  let dir: string;
  beforeEach(async () => {
    ({ url, drop } = await makeDbUrl(dialect));
    dir = await mkdtemp(path.join(tmpdir(), 'outloud-transfer-'));
    expect(
      (await run(['users', 'add', '--handle', 'ada', '--name', 'Ada', '--db', url])).code,
    ).toBe(0);
  });
  afterEach(async () => {
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a file once, prints the summary, and exports it back', async () => {
    const file = new URL('../fixtures/netscape/firefox.html', import.meta.url).pathname;
    const first = await run(['import', '--handle', 'ada', file, '--db', url]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out[0]!)).toMatchObject({ imported: 3, existing: 0 });
    expect(first.err.join('\n')).toContain('refused place:');
    const again = await run(['import', '--handle', 'ada', file, '--private', '--db', url]);
    expect(JSON.parse(again.out[0]!)).toMatchObject({ imported: 0, existing: 3 });

    const exported = await run(['export', '--handle', 'ada', '--db', url]);
    expect(exported.code).toBe(0);
    const back = parseNetscape(exported.out.join('\n'));
    expect(back.map((b) => b.url).sort()).toEqual([
      'https://en.wikipedia.org/wiki/Caf%C3%A9',
      'https://support.mozilla.org/products/firefox',
      'https://www.rust-lang.org/',
    ]);
    const out = path.join(dir, 'ada.html');
    expect((await run(['export', '--handle', 'ada', '--out', out, '--db', url])).code).toBe(0);
    expect(parseNetscape(await readFile(out, 'utf8'))).toEqual(back);
  });

  it('marks everything private with --private and adds folders with --folders-as-tags', async () => {
    const file = new URL('../fixtures/netscape/chrome.html', import.meta.url).pathname;
    const res = await run([
      'import',
      '--handle',
      'ada',
      file,
      '--private',
      '--folders-as-tags',
      '--db',
      url,
    ]);
    expect(JSON.parse(res.out[0]!).imported).toBe(4);
    const back = parseNetscape(
      (await run(['export', '--handle', 'ada', '--db', url])).out.join('\n'),
    );
    expect(back.every((b) => b.private && b.tags.length > 0)).toBe(true);
  });

  it('fails clearly on unknown people, missing files and missing arguments', async () => {
    const file = path.join(dir, 'empty.html');
    await writeFile(file, '');
    expect((await run(['import', '--handle', 'nobody', file, '--db', url])).code).toBe(1);
    expect((await run(['export', '--handle', 'nobody', '--db', url])).code).toBe(1);
    expect((await run(['import', '--handle', 'ada', '--db', url])).code).toBe(2);
    expect((await run(['import', file, '--db', url])).code).toBe(2);
    expect((await run(['export', '--db', url])).code).toBe(2);
    const missing = await run([
      'import',
      '--handle',
      'ada',
      path.join(dir, 'nope.html'),
      '--db',
      url,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toContain('nope.html');
  });
});
