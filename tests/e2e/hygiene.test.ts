/**
 * Extension hygiene over what ships (`dist/chrome`, `dist/firefox`, built by the e2e global
 * setup): no `eval`, `new Function`, string timers, `importScripts` or dynamic `import()` in any
 * bundle; no URL in a bundle that is not on the reviewed list below (so remote code cannot
 * creep in unnoticed); extension pages load only their own local script (no inline script, no
 * inline handler, no remote source); the extension-page CSP is strict; nothing is externally
 * connectable or web-accessible; the content script makes no `Intl` call (the background writes
 * its words); and README's Permissions table names every permission asked.
 * (`web-ext lint` of `dist/firefox` runs in `npm test` itself.)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness.ts';

const TARGETS = ['chrome', 'firefox'] as const;

/** Every http(s) URL allowed in a bundle, and why it is harmless. */
const REVIEWED_URLS: Record<string, string> = {
  'http://www.w3.org/1998/Math/MathML': 'XML namespace name (Preact), never fetched',
  'http://www.w3.org/1999/xhtml': 'XML namespace name (Preact), never fetched',
  'http://www.w3.org/2000/svg': 'XML namespace name (Preact), never fetched',
  'http://bit.ly/2kdckMn': 'text of a Dexie error message',
  'https://tinyurl.com/y2uuvskb': 'text of a Dexie error message',
  'http://example.com': 'base URL for URL.canParse in a TypeBox format check',
  'http://127.0.0.1:8787': "the default server address (the person's own server)",
  'https://outloud.example.org': 'placeholder text of the server address field',
};

/** Code that turns strings into code, or loads code at run time. */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['eval(', /(?<![\w$.])eval\s*\(/],
  ['indirect eval', /\b(?:globalThis|window|self)\s*\.\s*eval\b|\(\s*0\s*,\s*eval\s*\)/],
  ['new Function(', /\bnew\s+Function\s*\(/],
  ['Function("…")', /(?<![\w$.])Function\s*\(\s*["'`]/],
  ['string timer', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/],
  ['importScripts', /\bimportScripts\s*\(/],
  ['dynamic import()', /(?<![\w$.])import\s*\(/],
  ['document.write', /\bdocument\.write(?:ln)?\s*\(/],
];

async function files(target: string, ext: string): Promise<string[]> {
  const dir = path.join(ROOT, 'dist', target);
  return (await readdir(dir)).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));
}

async function manifest(target: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(ROOT, 'dist', target, 'manifest.json'), 'utf8'));
}

/** `script-src 'self'; …` as a map of directive → sources. */
function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

describe.each(TARGETS)('what ships for %s', (target) => {
  it('has no eval, no code from strings and no run-time code loading in any bundle', async () => {
    const scripts = await files(target, '.js');
    expect(scripts.map((f) => path.basename(f)).sort()).toEqual(
      [
        'background.js',
        'content-ui.js',
        'content.js',
        'options.js',
        'popup.js',
        'sidepanel.js',
      ].sort(),
    );
    const found: string[] = [];
    for (const file of scripts) {
      const code = await readFile(file, 'utf8');
      for (const [what, pattern] of FORBIDDEN) {
        if (pattern.test(code)) found.push(`${path.basename(file)}: ${what}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('keeps the content script small and both halves free of Intl (ICU set-up costs a page 20–30 ms)', async () => {
    const found: string[] = [];
    for (const file of ['content.js', 'content-ui.js']) {
      const code = await readFile(path.join(ROOT, 'dist', target, file), 'utf8');
      for (const [m] of code.matchAll(/\bIntl\b|\.toLocale\w*\(|\.localeCompare\(/g)) {
        found.push(`${file}: ${m}`);
      }
    }
    expect(found).toEqual([]);
    // What runs on every page holds no UI library, no anchoring and no styles: those are in the
    // overlay, loaded only where there is something to show.
    const content = await readFile(path.join(ROOT, 'dist', target, 'content.js'), 'utf8');
    expect(content.length).toBeLessThan(20_000);
    expect(content).not.toContain('::highlight(');
  });

  it('gives pages nothing to read: no timing marks, console output or shared highlight registry in the content script', async () => {
    // What the two content bundles may not hold in the shipped build: User Timing entries
    // (bench build only, `__OUTLOUD_BENCH__`), console output (the page's devtools and any
    // console wrapper the page installed would see it), and the page-global highlight registry.
    const PAGE_READABLE: Array<[string, RegExp]> = [
      ['performance.mark/measure', /\bperformance\s*\.\s*(?:mark|measure)\b/],
      [
        'an outloud: mark name',
        /outloud:(?:start|init|links-marked|links-indexed|highlights-drawn)/,
      ],
      ['console.', /\bconsole\s*\./],
      ['CSS.highlights', /\bCSS\s*\.\s*highlights\b|\bnew\s+Highlight\s*\(/],
      ['::highlight', /::highlight\s*\(/],
    ];
    const found: string[] = [];
    for (const file of ['content.js', 'content-ui.js']) {
      const code = await readFile(path.join(ROOT, 'dist', target, file), 'utf8');
      for (const [what, pattern] of PAGE_READABLE) {
        if (pattern.test(code)) found.push(`${file}: ${what}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('names no URL outside the reviewed list in any bundle', async () => {
    const unknown = new Set<string>();
    for (const file of await files(target, '.js')) {
      const code = await readFile(file, 'utf8');
      for (const [url] of code.matchAll(/https?:\/\/[^\s"'`)\\<>]+/g)) {
        if (url.includes('${')) continue; // a template building a URL from its parts
        if (!Object.hasOwn(REVIEWED_URLS, url)) unknown.add(`${path.basename(file)}: ${url}`);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('loads only its own local scripts from its pages', async () => {
    const found: string[] = [];
    for (const file of await files(target, '.html')) {
      const html = await readFile(file, 'utf8');
      const name = path.basename(file);
      for (const [tag, attrs = '', body = ''] of html.matchAll(
        /<script\b([^>]*)>([\s\S]*?)<\/script>/gi,
      )) {
        const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
        if (!src) found.push(`${name}: inline script ${tag.slice(0, 60)}`);
        else if (!/^[\w./-]+\.js$/.test(src) || src.startsWith('//')) {
          found.push(`${name}: script from ${src}`);
        }
        if (body.trim() !== '') found.push(`${name}: script with a body`);
      }
      for (const [attr] of html.matchAll(/\son[a-z]+\s*=/gi)) found.push(`${name}: ${attr.trim()}`);
      for (const [ref] of html.matchAll(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]*/gi)) {
        found.push(`${name}: remote ${ref}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('keeps a strict extension-page CSP and exposes nothing to pages or other extensions', async () => {
    const m = await manifest(target);
    const policy = (m.content_security_policy as { extension_pages?: string } | undefined)
      ?.extension_pages;
    expect(policy, 'content_security_policy.extension_pages').toEqual(expect.any(String));
    const csp = parseCsp(policy!);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(["'self'", "'none'"]).toContain(csp.get('object-src')?.join(' '));
    expect(policy).not.toMatch(/unsafe-|https?:|\*|data:|blob:/i);
    expect(m.externally_connectable).toBeUndefined();
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.manifest_version).toBe(3);
  });
});

describe('README', () => {
  it('gives a reason for every permission the manifest asks for', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const section = /## Permissions\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const rows = section.split('\n').filter((line) => /^\|\s*`/.test(line));
    const named = new Set(
      rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!)),
    );
    const asked = new Set<string>();
    for (const target of TARGETS) {
      const m = (await manifest(target)) as Record<string, string[] | undefined>;
      for (const key of ['permissions', 'optional_permissions', 'host_permissions']) {
        for (const p of m[key] ?? []) asked.add(p);
      }
    }
    expect([...asked].filter((p) => !named.has(p))).toEqual([]);
    for (const row of rows) expect(row.split('|')[2]!.trim().length, row).toBeGreaterThan(20);
  });
});
