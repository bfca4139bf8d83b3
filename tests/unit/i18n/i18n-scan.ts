/**
 * Static checks behind the locale test: the message keys the code names, and user-visible text
 * written straight into components instead of coming from `t(...)`.
 *
 * The component scan strips TypeScript with esbuild (JSX kept as it is, so type arguments such as
 * `useState<Foo>()` cannot look like tags) and then looks for three things a person would see:
 * JSX text with a letter in it, a literal string or template as a visible attribute (`title`,
 * `aria-label`, `placeholder`, `alt`, `label`, …), and a literal string or template as a JSX
 * child (`{'Save'}`). It is a scanner, not a parser: text between a closing tag and code that
 * follows it (`</p>; if (…) return <p>`) is recognised as code by `;`, `=`, `&&`, `||` or
 * `return`, so hard-coded copy containing one of those would slip through.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Every `.ts`/`.tsx` file under `dir` (relative to the repository), with its source. */
export function sourcesUnder(dir: string): Array<{ file: string; code: string }> {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name))
    .map((d) => {
      const file = path.relative(ROOT, path.join(d.parentPath, d.name));
      return { file, code: readFileSync(path.join(ROOT, file), 'utf8') };
    });
}

/** Message keys named literally: `t('k')`, `tPlural('k', …)`, `message: 'k'`, `__MSG_k__`. */
export function literalKeys(code: string): string[] {
  const patterns = [
    /\bt\(\s*'([A-Za-z0-9_@]+)'/g,
    /\btPlural\(\s*'([A-Za-z0-9_@]+)'/g,
    /\bmessage:\s*'([A-Za-z0-9_@]+)'/g,
    /__MSG_([A-Za-z0-9_@]+)__/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
}

/** Attributes whose value a person sees or hears. */
const VISIBLE_ATTRIBUTES = [
  'title',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'placeholder',
  'alt',
  'label',
  'lead',
];

export type Finding = { file: string; kind: 'text' | 'attribute' | 'child'; text: string };

const LETTER = /\p{L}/u;
/** The static parts of a template literal body (`a${x}b` → `ab`). */
const staticParts = (body: string) => body.replace(/\$\{[^}]*\}/g, '');
const looksLikeCode = (text: string) => /[;=]|&&|\|\||\breturn\b/.test(text);

/** Hard-coded visible text in one component's source. */
export function hardCodedText(file: string, source: string): Finding[] {
  const js = transformSync(source, { loader: 'tsx', jsx: 'preserve', format: 'esm' }).code;
  const found: Finding[] = [];
  for (const m of js.matchAll(/(?<![=>-])>([^<>{}]+)(?=<|\{)/g)) {
    const text = m[1]!.trim();
    if (LETTER.test(text) && !looksLikeCode(text)) found.push({ file, kind: 'text', text });
  }
  const names = VISIBLE_ATTRIBUTES.join('|');
  const attr = new RegExp(
    `(?<![\\w-])(${names})=(?:"([^"]*)"|\\{\\s*(?:'([^']*)'|"([^"]*)"|\`([^\`]*)\`)\\s*\\})`,
    'g',
  );
  for (const m of js.matchAll(attr)) {
    const value = m[2] ?? m[3] ?? m[4] ?? staticParts(m[5] ?? '');
    if (LETTER.test(value)) found.push({ file, kind: 'attribute', text: `${m[1]}=${value}` });
  }
  for (const m of js.matchAll(/(?<![=\w])\{\s*(?:'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`)\s*\}/g)) {
    const value = m[1] ?? m[2] ?? staticParts(m[3] ?? '');
    if (LETTER.test(value)) found.push({ file, kind: 'child', text: value });
  }
  return found;
}
