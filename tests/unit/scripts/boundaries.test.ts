/**
 * The layout's import rules and the one storage door (`scripts/boundaries.ts`): they hold on the
 * real tree, and the same checker refuses a tree with one deliberate violation of each kind.
 */
import { describe, expect, it } from 'vitest';
import {
  checkBoundaries,
  importEdges,
  type Source,
  sourcesUnder,
} from '../../../scripts/boundaries.ts';

const tree = sourcesUnder();

/** The real tree with `file` added (or replaced) in memory. */
function withFile(file: string, code: string): Source[] {
  return [...tree.filter((s) => s.file !== file), { file, code }];
}

describe('import boundaries', () => {
  it('hold on the real tree', () => {
    expect(tree.length).toBeGreaterThan(100);
    expect(checkBoundaries(tree)).toEqual([]);
  });

  it('read every kind of import, type-only ones included', () => {
    const code = [
      "import type { A } from './a.ts';",
      "import { type B, c } from './b.ts';",
      "export type { D } from './d.ts';",
      "export * from './e.ts';",
      "const f: import('./f.ts').F = await import('./g.ts');",
      "import x from 'preact';",
      'export const h = <p>{c}</p>;',
    ].join('\n');
    const edges = importEdges([{ file: 'src/ui/x.tsx', code }]);
    expect(edges.map((e) => [e.to, e.typeOnly])).toEqual([
      ['src/ui/a.ts', true],
      ['src/ui/b.ts', false],
      ['src/ui/d.ts', true],
      ['src/ui/e.ts', false],
      ['src/ui/f.ts', true],
      ['src/ui/g.ts', false],
    ]);
  });

  it.each([
    [
      'a page importing the content script',
      'src/popup/x.tsx',
      "import { OVERLAY_CSS } from '../content/ui/styles.ts';",
      'src/popup may import only',
    ],
    [
      'shared UI importing the content script',
      'src/ui/x.tsx',
      "export * from '../content/index.ts';",
      'src/ui may import only',
    ],
    [
      'the background importing UI',
      'src/background/x.ts',
      "import type { EnvContext } from '../ui/env.ts';",
      'src/background may import only',
    ],
    [
      'platform importing UI',
      'src/platform/x.ts',
      "import { t } from '../ui/env.ts';",
      'src/platform may import only',
    ],
    [
      'core importing platform',
      'src/core/x.ts',
      "import type { OutloudDb } from '../platform/db.ts';",
      'src/core may import only',
    ],
    [
      'core importing i18n',
      'src/core/anchoring/x.ts',
      "import { t } from '../../i18n/i18n.ts';",
      'src/core may import only',
    ],
    [
      'i18n importing UI',
      'src/i18n/x.ts',
      "import { ItemCard } from '../ui/components/ItemCard.tsx';",
      'src/i18n may import only',
    ],
    [
      'the server importing platform',
      'src/server/routes/x.ts',
      "import { urlKey } from '../../platform/api.ts';",
      'src/server may import only',
    ],
    [
      'an import that names no file',
      'src/core/x.ts',
      "import { nothing } from './no-such-file.ts';",
      'names no file',
    ],
  ])('refuse %s', (_what, file, code, message) => {
    const problems = checkBoundaries(withFile(file, code));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${file}:`);
    expect(problems[0]).toContain(message);
  });

  it('refuse Dexie tables and transactions touched outside src/platform', () => {
    const code = [
      "import type { OutloudDb } from '../platform/db.ts';",
      'export async function count(db: OutloudDb, s: { db: OutloudDb }) {',
      "  await db.transaction('rw', db.meta, async () => undefined);",
      "  return (await db.items.count()) + (await s.db.outbox.where('state').equals('x').count());",
      '}',
    ].join('\n');
    const problems = checkBoundaries(withFile('src/background/x.ts', code));
    expect(problems.map((p) => p.replace(/ \(.*/, ''))).toEqual([
      'src/background/x.ts:3: db.transaction',
      'src/background/x.ts:3: db.meta',
      'src/background/x.ts:4: db.items',
      'src/background/x.ts:4: s.db.outbox',
    ]);
    expect(problems[0]).toContain('storage goes through the repositories in src/platform');
    // The same lines are the repositories' business inside src/platform.
    expect(checkBoundaries(withFile('src/platform/x.ts', code))).toEqual([]);
  });

  it('refuse an import cycle in the background, even a type-only one', () => {
    const sources = withFile(
      'src/background/errors.ts',
      `${tree.find((s) => s.file === 'src/background/errors.ts')!.code}\nimport type { Services } from './services.ts';\nexport type Loop = Services;\n`,
    );
    const problems = checkBoundaries(sources);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.includes(' → '))).toBe(true);
    expect(problems.some((p) => p.includes('src/background/errors.ts'))).toBe(true);
  });
});
