/**
 * `npm run package`: both store packages carry package.json's version and the right manifest,
 * and two builds of the same sources give the same bytes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../../scripts/manifest.ts';
import { ENTRY_DATE, packageAll } from '../../../scripts/package.ts';
import { ROOT } from '../i18n/i18n-scan.ts';

const version = (
  JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

let work: string;
let first: { chrome: string; firefox: string };
let second: { chrome: string; firefox: string };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'outloud-package-'));
  // Two builds from scratch, one after the other, in folders of the same depth.
  first = await packageAll(path.join(work, 'a'));
  second = await packageAll(path.join(work, 'b'));
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const manifestIn = async (zip: JSZip) =>
  JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<string, unknown>;

describe('store packages', () => {
  it('are named after the version in package.json', () => {
    expect(path.basename(first.chrome)).toBe(`outloud-chrome-${version}.zip`);
    expect(path.basename(first.firefox)).toBe(`outloud-firefox-${version}.zip`);
  });

  it('are byte-for-byte the same when built twice', async () => {
    for (const target of ['chrome', 'firefox'] as const) {
      const [a, b] = await Promise.all([readFile(first[target]), readFile(second[target])]);
      expect(a.length).toBeGreaterThan(10_000);
      expect(a.equals(b), `${target} zips differ`).toBe(true);
    }
  });

  it('hold the Chrome build: service worker, side panel, the version, manifest at the root', async () => {
    const zip = await JSZip.loadAsync(await readFile(first.chrome));
    const m = await manifestIn(zip);
    expect(m.version).toBe(version);
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.browser_specific_settings).toBeUndefined();
    for (const file of ['background.js', 'content.js', 'popup.html', '_locales/en/messages.json'])
      expect(zip.file(file), file).not.toBeNull();
  });

  it('hold the Firefox build: event page, gecko id, the version', async () => {
    const zip = await JSZip.loadAsync(await readFile(first.firefox));
    const m = await manifestIn(zip);
    expect(m.version).toBe(version);
    expect(m.background).toEqual({ scripts: ['background.js'] });
    expect(m.browser_specific_settings).toMatchObject({ gecko: { id: GECKO_ID } });
  });

  it('list files in sorted order with one fixed time and no folder entries', async () => {
    const zip = await JSZip.loadAsync(await readFile(first.firefox));
    const entries = Object.values(zip.files);
    const names = entries.map((e) => e.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(entries.some((e) => e.dir)).toBe(false);
    // JSZip reads DOS times back as local time; compare the UTC fields written.
    for (const e of entries) {
      expect([e.date.getFullYear(), e.date.getMonth(), e.date.getDate()]).toEqual([
        ENTRY_DATE.getUTCFullYear(),
        ENTRY_DATE.getUTCMonth(),
        ENTRY_DATE.getUTCDate(),
      ]);
    }
  });
});
