/**
 * Builds the extension for Chrome (`dist/chrome`) and Firefox (`dist/firefox`) and the server
 * bundle (`dist/server`) with esbuild. `tsx scripts/build.ts [--watch]`.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import {
  chromeManifest,
  FIREFOX_MIN_VERSION,
  firefoxManifest,
  type Manifest,
  managedSchemaFile,
} from './manifest.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');

/** Extension entry points: output name → source. */
const EXTENSION_ENTRIES: Record<string, string> = {
  background: 'src/background/index.ts',
  content: 'src/content/index.ts',
  // The overlay, injected by the background only into pages with something to show.
  'content-ui': 'src/content/overlay.ts',
  popup: 'src/popup/index.tsx',
  options: 'src/options/index.tsx',
  sidepanel: 'src/sidepanel/index.tsx',
};

/** Static pages copied next to the scripts. */
const PAGES = ['src/popup/popup.html', 'src/options/options.html', 'src/sidepanel/sidepanel.html'];

const SERVER_ENTRIES: Record<string, string> = {
  cli: 'src/server/cli.ts',
};

/** esbuild's syntax targets: the oldest browsers each manifest admits. */
export const EXTENSION_TARGETS = ['chrome116', `firefox${FIREFOX_MIN_VERSION.split('.')[0]}`];

function extensionOptions(outdir: string): esbuild.BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: EXTENSION_ENTRIES,
    outdir,
    bundle: true,
    format: 'iife',
    target: EXTENSION_TARGETS,
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // Minified: the content script is parsed on every page the person opens. Linked source
    // maps keep stack traces and debugging readable.
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    // `__OUTLOUD_BENCH__` false: the bench-only User Timing marks are dropped from what ships
    // (tests/e2e/hygiene.test.ts checks), so a page reads nothing of Outloud's in `performance`.
    define: { 'process.env.NODE_ENV': '"production"', __OUTLOUD_BENCH__: 'false' },
  };
}

function serverOptions(dist: string): esbuild.BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: SERVER_ENTRIES,
    outdir: path.join(dist, 'server'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // The web pages (src/web) are Preact components rendered to strings.
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  };
}

async function copyStatic(outdir: string, manifest: Manifest): Promise<void> {
  await mkdir(outdir, { recursive: true });
  await writeFile(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await cp(path.join(ROOT, 'assets/icons'), path.join(outdir, 'icons'), { recursive: true });
  await cp(path.join(ROOT, 'assets/_locales'), path.join(outdir, '_locales'), { recursive: true });
  for (const page of PAGES) {
    await cp(path.join(ROOT, page), path.join(outdir, path.basename(page)));
  }
  const schema = managedSchemaFile(manifest);
  if (schema) await cp(path.join(ROOT, 'assets', schema), path.join(outdir, schema));
}

async function baseManifest(): Promise<Manifest> {
  const text = await readFile(path.join(ROOT, 'manifest.json'), 'utf8');
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { ...(JSON.parse(text) as Manifest), version: pkg.version };
}

const TARGETS = [
  { dir: 'chrome', derive: chromeManifest },
  { dir: 'firefox', derive: firefoxManifest },
] as const;

/** One full build into `dist` (normally `dist/`). Returns the output folders. */
export async function build(
  dist = DIST,
): Promise<{ chrome: string; firefox: string; server: string }> {
  await rm(dist, { recursive: true, force: true });
  const base = await baseManifest();
  await Promise.all([
    ...TARGETS.map(async ({ dir, derive }) => {
      const outdir = path.join(dist, dir);
      await esbuild.build(extensionOptions(outdir));
      await copyStatic(outdir, derive(base));
    }),
    esbuild.build(serverOptions(dist)),
  ]);
  return {
    chrome: path.join(dist, 'chrome'),
    firefox: path.join(dist, 'firefox'),
    server: path.join(dist, 'server'),
  };
}

/** Rebuilds on every change of the sources, the manifest or the assets. */
export async function watch(): Promise<void> {
  await build();
  const base = await baseManifest();
  const contexts = await Promise.all([
    ...TARGETS.map(({ dir, derive }) => {
      const outdir = path.join(DIST, dir);
      return esbuild.context({
        ...extensionOptions(outdir),
        plugins: [
          {
            name: 'copy-static',
            setup(b) {
              b.onEnd(async (result) => {
                if (result.errors.length === 0) await copyStatic(outdir, derive(base));
                console.log(`[dev] rebuilt dist/${dir} (${result.errors.length} errors)`);
              });
            },
          },
        ],
      });
    }),
    esbuild.context(serverOptions(DIST)),
  ]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[dev] watching src/, rebuilding dist/ on change. Ctrl+C stops.');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--watch')) {
    await watch();
  } else {
    const out = await build();
    console.log(
      `built ${path.relative(ROOT, out.chrome)}, ${path.relative(ROOT, out.firefox)}, ${path.relative(ROOT, out.server)}`,
    );
  }
}
