/**
 * Store packages: `dist/outloud-chrome-<version>.zip` (Chrome Web Store: the manifest at the zip's
 * root) and `dist/outloud-firefox-<version>.zip` (AMO, the same layout `web-ext build` makes),
 * after a fresh build. The version is package.json's, in both manifests. Reproducible: the same
 * sources give the same bytes (entries sorted, one fixed timestamp and mode, no folder entries,
 * fixed compression), so a store upload can be checked against a rebuild.
 * `tsx scripts/package.ts`, or `npm run package`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { build, DIST, ROOT } from './build.ts';

/** Every entry's time: the zip format cannot say earlier than 1980 (DOS time), and UTC. */
export const ENTRY_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/** The files under `dir`, as zip paths (`/`-separated), in code-point order. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `dir` as a zip, byte for byte the same for the same files. */
export async function zipDirectory(dir: string): Promise<Buffer> {
  const zip = new JSZip();
  for (const name of await filesUnder(dir)) {
    zip.file(name, await readFile(path.join(dir, ...name.split('/'))), {
      date: ENTRY_DATE,
      unixPermissions: 0o644,
      createFolders: false,
    });
  }
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'UNIX',
    streamFiles: false,
  });
}

/** Builds into `dist` and writes both store packages there. Returns their paths. */
export async function packageAll(dist = DIST): Promise<{ chrome: string; firefox: string }> {
  const out = await build(dist);
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const chrome = path.join(dist, `outloud-chrome-${version}.zip`);
  const firefox = path.join(dist, `outloud-firefox-${version}.zip`);
  await writeFile(chrome, await zipDirectory(out.chrome));
  await writeFile(firefox, await zipDirectory(out.firefox));
  return { chrome, firefox };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await packageAll();
  console.log(`packaged ${path.relative(ROOT, out.chrome)}, ${path.relative(ROOT, out.firefox)}`);
}
