/**
 * `npm run screenshots` keeps working: the script's `takeScreenshots` (what `npm run
 * screenshots` calls after building) writes every README picture, each a real PNG of a sensible
 * size, into a temporary folder.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, takeScreenshots } from '../../scripts/screenshots.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('npm run screenshots', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a PNG of the overlay, the popup, its dark feed, the side panel, the options and the web pages', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outloud-screenshots-'));
    const written = await takeScreenshots(dir);
    expect(written.map((f) => path.basename(f))).toEqual([...SCREENSHOTS]);
    for (const file of written) {
      const png = await readFile(file);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE), file).toBe(true);
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      expect(width, file).toBeGreaterThanOrEqual(380);
      expect(height, file).toBeGreaterThanOrEqual(600);
      // A blank page compresses to almost nothing; a real screen of the product does not.
      expect(png.length, file).toBeGreaterThan(15_000);
    }
  });
});
