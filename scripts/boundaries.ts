/**
 * The layout's import rules, checked over every import in `src/` (run by `npm run lint` and by
 * `tests/unit/scripts/boundaries.test.ts`). What may import what:
 *
 *   core        → core                                  pure logic, shared by all
 *   i18n        → core, i18n                            words and their formats
 *   platform    → core, i18n, platform                  browser APIs, Dexie, the server's API
 *   background  → core, i18n, platform, background      the service worker
 *   content     → core, i18n, ui, content               the content script (no polyfill)
 *   ui          → core, i18n, platform, ui              shared Preact parts of the pages
 *   popup, options, sidepanel → core, i18n, platform, ui, itself    the extension pages
 *   server      → core, server, web (and package.json)  the REST endpoint
 *   web         → core, i18n, server, web (and the locale files)   its server-rendered pages
 *
 * So pages never import the content script, the background and platform never import UI, core
 * imports nothing of the project outside itself, and the server shares only core (its web pages
 * also the words of `src/i18n` and the extension's locale files, never `src/ui`, whose
 * components reach the extension's APIs through `ui/env.ts`). The files of
 * `src/background/` (and of platform, core, i18n) also form no import cycle, type-only imports
 * included, and only `src/platform` touches Dexie tables (`storageDoors`).
 *
 * Imports are read with a real TypeScript parser (oxc, via Vite's `parseAst`, which vitest runs
 * on): `import`, `import type`, `export … from`, `import()` and `import('…')` types. Not
 * esbuild's metafile: esbuild erases `import type` before it records imports, and a type-only
 * import still ties one layer to another (the background's old cycle was type-only).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAst } from 'vite';

export const ROOT = path.resolve(import.meta.dirname, '..');

const PAGE = ['core', 'i18n', 'platform', 'ui'];

/** Folder of `src/` → the folders (and files outside `src/`) its files may import. */
export const MAY_IMPORT: Record<string, readonly string[]> = {
  core: ['core'],
  i18n: ['core', 'i18n'],
  platform: ['core', 'i18n', 'platform'],
  background: ['core', 'i18n', 'platform', 'background'],
  content: ['core', 'i18n', 'ui', 'content'],
  ui: PAGE,
  popup: [...PAGE, 'popup'],
  options: [...PAGE, 'options'],
  sidepanel: [...PAGE, 'sidepanel'],
  server: ['core', 'server', 'web', 'package.json'],
  web: [
    'core',
    'i18n',
    'server',
    'web',
    'assets/_locales/en/messages.json',
    'assets/_locales/sv/messages.json',
  ],
};

/** Folders whose files may not import each other in a cycle. */
export const ACYCLIC = ['background', 'platform', 'core', 'i18n'];

export type Source = { file: string; code: string };
/** One import: repository-relative `from` file, the specifier, and the file it resolves to. */
export type Edge = { from: string; specifier: string; to: string; typeOnly: boolean };

/** Every `.ts`/`.tsx` file under `dir` (repository-relative), with its source. */
export function sourcesUnder(dir = 'src'): Source[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name))
    .map((d) => {
      const file = path.relative(ROOT, path.join(d.parentPath, d.name));
      return { file, code: readFileSync(path.join(ROOT, file), 'utf8') };
    });
}

type Node = { type?: unknown; [key: string]: unknown };
const MODULE_NODES = new Set([
  'ImportDeclaration',
  'ExportNamedDeclaration',
  'ExportAllDeclaration',
  'ImportExpression',
  'TSImportType',
]);

function collect(node: unknown, out: Array<{ specifier: string; typeOnly: boolean }>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) collect(child, out);
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string' && MODULE_NODES.has(n.type)) {
    const source = (n.source ?? n.argument) as { value?: unknown } | null | undefined;
    if (typeof source?.value === 'string') {
      const typeOnly =
        n.type === 'TSImportType' || n.importKind === 'type' || n.exportKind === 'type';
      out.push({ specifier: source.value, typeOnly });
    }
  }
  for (const value of Object.values(n)) collect(value, out);
}

type Facts = {
  imports: Array<{ specifier: string; typeOnly: boolean }>;
  /** `db.<table>` and `db.transaction` uses, as `line: db.items`. */
  tableUses: string[];
};
const parsed = new Map<string, Facts>();

/** The Dexie members a file outside `src/platform` may not touch on a database handle. */
const DB_MEMBERS = new Set([
  'items',
  'comments',
  'people',
  'follows',
  'likes',
  'pages',
  'outbox',
  'meta',
  'transaction',
]);

/** `db` or `….db`: how code names the database handle. */
function isDbHandle(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'Identifier') return node.name === 'db';
  if (node.type !== 'MemberExpression' || node.computed) return false;
  return (node.property as Node | undefined)?.name === 'db';
}

function findTableUses(node: unknown, code: string, out: string[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) findTableUses(child, code, out);
    return;
  }
  const n = node as Node;
  if (n.type === 'MemberExpression' && !n.computed && isDbHandle(n.object as Node)) {
    const name = (n.property as Node).name;
    if (typeof name === 'string' && DB_MEMBERS.has(name)) {
      const line = code.slice(0, n.start as number).split('\n').length;
      out.push(`${line}: ${code.slice(n.start as number, n.end as number)}`);
    }
  }
  for (const value of Object.values(n)) findTableUses(value, code, out);
}

/** What the checks need of one file (memoised: the tests check the tree many times). */
function factsOf(file: string, code: string): Facts {
  const key = `${file}\n${code}`;
  let facts = parsed.get(key);
  if (!facts) {
    const ast = parseAst(code, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' });
    facts = { imports: [], tableUses: [] };
    collect(ast, facts.imports);
    findTableUses(ast, code, facts.tableUses);
    parsed.set(key, facts);
  }
  return facts;
}

/** The project-internal imports of `sources` (packages are left to Biome's rules). */
export function importEdges(sources: readonly Source[]): Edge[] {
  const edges: Edge[] = [];
  for (const { file, code } of sources) {
    for (const { specifier, typeOnly } of factsOf(file, code).imports) {
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(ROOT, path.dirname(file), specifier.replace(/\?.*$/, ''));
      edges.push({ from: file, specifier, to: path.relative(ROOT, target), typeOnly });
    }
  }
  return edges;
}

/** `src/<folder>/…` → folder; anything else → its repository-relative path. */
function zoneOf(file: string): string {
  const parts = file.split(path.sep);
  return parts[0] === 'src' && parts.length > 2 ? parts[1]! : file;
}

/** Imports that break `MAY_IMPORT` or name no file, each as a sentence. */
export function ruleViolations(edges: readonly Edge[], known: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const e of edges) {
    if (!known.has(e.to) && !existsSync(path.join(ROOT, e.to))) {
      out.push(`${e.from}: '${e.specifier}' names no file`);
      continue;
    }
    const from = zoneOf(e.from);
    const allowed = MAY_IMPORT[from];
    if (!allowed) continue;
    const to = zoneOf(e.to);
    if (!allowed.includes(to)) {
      out.push(
        `${e.from}: imports '${e.specifier}' (src/${from} may import only ${allowed.join(', ')})`,
      );
    }
  }
  return out;
}

/** Import cycles among the files of each `ACYCLIC` folder, each as `a → b → a`. */
export function cycles(edges: readonly Edge[]): string[] {
  const inFolder = (f: string) => ACYCLIC.includes(zoneOf(f));
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!inFolder(e.from) || !inFolder(e.to) || zoneOf(e.from) !== zoneOf(e.to)) continue;
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'open') found.push([...stack.slice(stack.indexOf(to)), to].join(' → '));
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...next.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

/**
 * Storage has one door: outside `src/platform`, no file touches a Dexie table or opens a
 * transaction on a handle named `db` (`db.items`, `this.deps.db.outbox`, `db.transaction`);
 * the repositories in `src/platform` (mirror, mirror-queries, outbox, meta, `transaction`) do.
 */
export function storageDoors(sources: readonly Source[]): string[] {
  return sources
    .filter((s) => zoneOf(s.file) !== 'platform')
    .flatMap((s) =>
      factsOf(s.file, s.code).tableUses.map(
        (use) => `${s.file}:${use} (storage goes through the repositories in src/platform)`,
      ),
    );
}

/** Every broken rule of `sources` (the real tree when omitted). */
export function checkBoundaries(sources: readonly Source[] = sourcesUnder()): string[] {
  const edges = importEdges(sources);
  return [
    ...ruleViolations(edges, new Set(sources.map((s) => s.file))),
    ...cycles(edges),
    ...storageDoors(sources),
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const problems = checkBoundaries();
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`${problems.length} import rule(s) broken (see scripts/boundaries.ts)`);
    process.exit(1);
  }
  console.log('Import boundaries hold.');
}
