/**
 * The Firefox build's `strict_min_version` is what the code really needs: every extension API
 * the sources call, every key and permission of the derived Firefox manifest, and the web APIs
 * the extension relies on, looked up in MDN's browser-compat-data. It fails when something needs
 * a Firefox newer than the declared minimum (the build would break there), when the minimum is
 * higher than anything needs (ESR users refused for nothing), or when the minimum is above
 * ESR 140, the version managed organisations run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import bcd from '@mdn/browser-compat-data' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { EXTENSION_TARGETS } from '../../../scripts/build.ts';
import { FIREFOX_MIN_VERSION, firefoxManifest, type Manifest } from '../../../scripts/manifest.ts';
import { ROOT, sourcesUnder } from '../i18n/i18n-scan.ts';

/** The Firefox ESR the build must install on. */
const ESR = 140;

type Statement = {
  version_added: string | boolean | null;
  version_removed?: string | boolean;
  alternative_name?: string;
  prefix?: string;
  flags?: unknown[];
};
type CompatNode = { __compat?: { support: Record<string, Statement | Statement[]> } } & {
  [key: string]: CompatNode;
};

const root = bcd as unknown as Record<string, CompatNode>;

function node(dotted: string): CompatNode | undefined {
  let at: CompatNode | undefined = root as unknown as CompatNode;
  for (const key of dotted.split('.')) at = at?.[key];
  return at?.__compat ? at : undefined;
}

/**
 * The first `browser` version that supports a feature without a flag, a prefix or another name
 * (unless `underName` is that name); `Infinity` when none does.
 */
function versionAdded(feature: CompatNode, browser: string, underName?: string): number {
  const support = feature.__compat?.support[browser];
  const statements = support === undefined ? [] : Array.isArray(support) ? support : [support];
  const versions = statements
    .filter((s) => !s.flags && !s.prefix && !s.version_removed)
    .filter((s) => (s.alternative_name ?? undefined) === underName)
    .map((s) => (typeof s.version_added === 'string' ? s.version_added.replace(/^≤/, '') : ''))
    .map(Number.parseFloat)
    .filter((v) => Number.isFinite(v));
  return versions.length ? Math.min(...versions) : Number.POSITIVE_INFINITY;
}

/** Chrome's names for namespaces Firefox files under another (with `alternative_name`). */
const ALIASES: Record<string, string> = { contextMenus: 'menus' };

/**
 * APIs the code uses only where the browser has them, with a fallback: not counted.
 * `sidePanel` is Chrome's (Firefox takes `sidebarAction`, see src/platform/extension.ts);
 * `scheduler.yield` falls back to a macrotask (src/content/link-collect.ts).
 */
const FEATURE_DETECTED = new Set(['webextensions.api.sidePanel', 'api.Scheduler.yield']);
const detected = (feature: string) =>
  [...FEATURE_DETECTED].some((f) => feature === f || feature.startsWith(`${f}.`));

type Need = { feature: string; version: number; where: string };

function extensionSources(): Array<{ file: string; code: string }> {
  return sourcesUnder('src').filter((s) => !s.file.startsWith(`src${path.sep}server`));
}

/** `browser.tabs.query`, `api.storage.local.get`, … in the sources, resolved against BCD. */
function extensionApiNeeds(browser: string): { needs: Need[]; unknown: string[] } {
  const api = (root.webextensions as CompatNode).api as CompatNode;
  const namespaces = [...Object.keys(api).filter((k) => k !== '__compat'), ...Object.keys(ALIASES)];
  const use = new RegExp(
    `\\b([A-Za-z_$][\\w$]*)\\??\\.(${namespaces.join('|')})\\b((?:\\??\\.[A-Za-z_$][\\w$]*)*)`,
    'g',
  );
  const needs: Need[] = [];
  const unknown: string[] = [];
  for (const { file, code } of extensionSources()) {
    for (const [, receiver, ns, rest] of code.matchAll(use)) {
      const members = (rest ?? '').split(/\??\./).filter(Boolean);
      const name = [ns!, ...members];
      const target = [ALIASES[ns!] ?? ns!];
      let feature = node(`webextensions.api.${target[0]}`)!;
      let featurePath = `webextensions.api.${target[0]}`;
      for (const m of members) {
        const next = node(`${featurePath}.${m}`);
        if (!next) {
          // `p.bookmarks.length` is data, not the API; from `browser`/`chrome` it is a mistake.
          if (target.length === 1 && /^(browser|chrome)$/.test(receiver!))
            unknown.push(`${name.join('.')} (${file})`);
          break;
        }
        feature = next;
        featurePath = `${featurePath}.${m}`;
        target.push(m);
      }
      if (target.length === 1 && !/^(browser|chrome)$/.test(receiver!)) continue;
      if (detected(featurePath)) continue;
      const used = name.slice(0, target.length).join('.');
      const underName = ALIASES[ns!] ? used : undefined;
      needs.push({
        feature: used,
        version: versionAdded(feature, browser, underName),
        where: file,
      });
    }
  }
  return { needs, unknown };
}

/** Web platform APIs the extension's pages and content script rely on: source pattern → BCD. */
const WEB_APIS: Array<[RegExp, string]> = [
  [/\bCSS\.highlights\b/, 'api.HighlightRegistry'],
  [/\bnew Highlight\(/, 'api.Highlight.Highlight'],
  [/\badoptedStyleSheets\b/, 'api.ShadowRoot.adoptedStyleSheets'],
  [/\battachShadow\(/, 'api.Element.attachShadow'],
  [/\bnew ResizeObserver\(/, 'api.ResizeObserver.ResizeObserver'],
  [/['"]loadingdone['"]/, 'api.FontFaceSet.loadingdone_event'],
  [/\bmix-blend-mode\s*:/, 'css.properties.mix-blend-mode'],
  [/\bdisplay:\s*contents\b/, 'css.properties.display.contents'],
  [/\bscheduler\??\.yield\b/, 'api.Scheduler.yield'],
  [/\bcrypto\.subtle\.digest\b/, 'api.SubtleCrypto.digest'],
  [/\bcrypto\.randomUUID\b/, 'api.Crypto.randomUUID'],
  [/\bnavigator\.locks\b/, 'api.LockManager.request'],
  [/\bAbortSignal\.timeout\b/, 'api.AbortSignal.timeout_static'],
  [/\bAbortSignal\.any\b/, 'api.AbortSignal.any_static'],
  [/\bstructuredClone\(/, 'api.structuredClone'],
  [/\bIntl\.Segmenter\b/, 'javascript.builtins.Intl.Segmenter'],
  [/\bPromise\.withResolvers\b/, 'javascript.builtins.Promise.withResolvers'],
  [/\bObject\.groupBy\b/, 'javascript.builtins.Object.groupBy'],
  [/\.toSorted\(/, 'javascript.builtins.Array.toSorted'],
];

function webApiNeeds(browser: string): Need[] {
  const needs: Need[] = [];
  for (const { file, code } of extensionSources()) {
    for (const [pattern, feature] of WEB_APIS) {
      if (!pattern.test(code) || detected(feature)) continue;
      needs.push({ feature, version: versionAdded(node(feature)!, browser), where: file });
    }
  }
  return needs;
}

/** Every key (nested objects, objects in arrays) and permission of a manifest, resolved in BCD. */
function manifestNeeds(m: Manifest, browser: string): { needs: Need[]; unknown: string[] } {
  const needs: Need[] = [];
  const unknown: string[] = [];
  const visit = (value: unknown, at: string, depth: number) => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, at, depth);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, v] of Object.entries(value)) {
      const feature = node(`${at}.${key}`);
      if (!feature) {
        if (depth === 0) unknown.push(key);
        continue;
      }
      needs.push({
        feature: `${at}.${key}`,
        version: versionAdded(feature, browser),
        where: 'manifest',
      });
      visit(v, `${at}.${key}`, depth + 1);
    }
  };
  visit(m, 'webextensions.manifest', 0);
  const mv = node(`webextensions.manifest.manifest_version.v${m.manifest_version}`)!;
  needs.push({
    feature: `manifest_version ${m.manifest_version}`,
    version: versionAdded(mv, browser),
    where: 'manifest',
  });
  for (const list of ['permissions', 'optional_permissions'] as const) {
    for (const p of (m[list] as string[] | undefined) ?? []) {
      const feature = node(`webextensions.manifest.${list}.${p}`);
      if (!feature) unknown.push(`${list}: ${p}`);
      else
        needs.push({
          feature: `${list}: ${p}`,
          version: versionAdded(feature, browser),
          where: 'manifest',
        });
    }
  }
  return { needs, unknown };
}

const built = (() => {
  const base = JSON.parse(readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as Manifest;
  return firefoxManifest(base);
})();
const gecko = (built.browser_specific_settings as Record<string, { strict_min_version?: string }>)
  .gecko!;

/** Firefox desktop, and Firefox for Android if the manifest declares it. */
const targets: Array<{ browser: string; declared: string }> = [
  { browser: 'firefox', declared: gecko.strict_min_version ?? '' },
];
const android = (built.browser_specific_settings as Record<string, { strict_min_version?: string }>)
  .gecko_android;
if (android)
  targets.push({ browser: 'firefox_android', declared: android.strict_min_version ?? '' });

describe.each(targets)('$browser: strict_min_version $declared', ({ browser, declared }) => {
  const apis = extensionApiNeeds(browser);
  const keys = manifestNeeds(built, browser);
  const needs = [...apis.needs, ...webApiNeeds(browser), ...keys.needs];
  const required = Math.max(...needs.map((n) => n.version));

  it('knows every API and manifest key the extension uses', () => {
    expect(apis.unknown).toEqual([]);
    expect(keys.unknown).toEqual([]);
    // The scan really sees the code: a few APIs any change would keep using.
    const seen = new Set(needs.map((n) => n.feature));
    for (const f of [
      'tabs.query',
      'scripting.executeScript',
      'alarms.create',
      'sidebarAction',
      'contextMenus.create',
    ])
      expect(seen).toContain(f);
  });

  it('supports everything the code uses at the declared version', () => {
    const tooNew = needs.filter((n) => n.version > Number.parseFloat(declared));
    expect(tooNew).toEqual([]);
  });

  it('declares no more than the code needs, and installs on ESR 140', () => {
    expect(Number.parseFloat(declared)).toBe(required);
    if (browser === 'firefox') expect(required).toBeLessThanOrEqual(ESR);
  });
});

it('the build lowers syntax for the same Firefox', () => {
  expect(EXTENSION_TARGETS).toContain(`firefox${Number.parseInt(FIREFOX_MIN_VERSION, 10)}`);
  expect(gecko.strict_min_version).toBe(FIREFOX_MIN_VERSION);
});
