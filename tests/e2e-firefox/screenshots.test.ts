/** `npm run screenshots` also writes the README's Firefox picture of the overlay: a real PNG. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { firefoxOverlayScreenshot } from './screenshots-scene.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('writes a PNG of the overlay in Firefox with a highlight’s card open', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'outloud-screenshots-firefox-'));
  const file = path.join(dir, 'overlay-firefox.png');
  await firefoxOverlayScreenshot(file);
  const png = await readFile(file);
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 760]);
  // A blank page compresses to almost nothing; a real screen of the product does not.
  expect(png.length).toBeGreaterThan(15_000);
});
