/**
 * Is a highlight visible to the person? Shared by the Chromium and Firefox suites: the mean colour
 * of a screenshot over a quote's words with Outloud's overlay on is compared with the same area
 * with it off. The in-browser halves are plain functions passed to `page.evaluate` (Playwright and
 * Puppeteer both take them); the screenshot itself is each driver's own.
 */
import { expect } from 'vitest';

export type Box = { left: number; top: number; right: number; bottom: number };
export type Colour = { r: number; g: number; b: number; darkest: number };

/**
 * In a browser tab (a blank one: a page's own script may have changed its built-ins): the mean
 * colour and the darkest pixel of a PNG given in base64, decoded by the browser itself.
 */
export async function colourOfPng(data: string): Promise<Colour> {
  const image = new Image();
  image.src = `data:image/png;base64,${data}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const g = canvas.getContext('2d')!;
  g.drawImage(image, 0, 0);
  const { data: px } = g.getImageData(0, 0, image.width, image.height);
  let r = 0;
  let gr = 0;
  let b = 0;
  let darkest = 255;
  const n = px.length / 4;
  for (let i = 0; i < px.length; i += 4) {
    r += px[i]!;
    gr += px[i + 1]!;
    b += px[i + 2]!;
    darkest = Math.min(darkest, (px[i]! + px[i + 1]! + px[i + 2]!) / 3);
  }
  return { r: r / n, g: gr / n, b: b / n, darkest };
}

/**
 * In a page: where the first occurrence of `text` lies (its first line box) in the top viewport's
 * coordinates, looked for in the top document or, given `frames` (the ids of nested same-origin
 * `<iframe>`s, outermost first), in that frame's document.
 */
export function wordsBoxIn({ text, frames = [] }: { text: string; frames?: string[] }): Box {
  let x = 0;
  let y = 0;
  let doc = document;
  for (const id of frames) {
    const frame = doc.getElementById(id) as HTMLIFrameElement;
    const r = frame.getBoundingClientRect();
    const s = getComputedStyle(frame);
    x += r.left + frame.clientLeft + Number.parseFloat(s.paddingLeft);
    y += r.top + frame.clientTop + Number.parseFloat(s.paddingTop);
    doc = frame.contentDocument!;
  }
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const i = n.data.indexOf(text);
    if (i < 0) continue;
    const range = doc.createRange();
    range.setStart(n, i);
    range.setEnd(n, i + text.length);
    const r = range.getClientRects()[0]!;
    return { left: r.left + x, top: r.top + y, right: r.right + x, bottom: r.bottom + y };
  }
  throw new Error(`no "${text}" in the document`);
}

/** A screenshot's clip rectangle for `box` (both drivers take this shape). */
export function clipOf(box: Box): { x: number; y: number; width: number; height: number } {
  return { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top };
}

/**
 * The highlight is there for the person: over the words, the screenshot with the overlay on is
 * yellower (less blue, as red) than with it off, and the letters are as dark as they were.
 */
export function expectHighlighted(on: Colour, off: Colour): void {
  const seen = JSON.stringify({ on, off });
  expect(off.b - on.b, seen).toBeGreaterThan(20);
  expect(Math.abs(off.r - on.r), seen).toBeLessThan(20);
  expect(on.darkest, seen).toBeLessThan(off.darkest + 40);
  expect(on.darkest, seen).toBeLessThan(80);
}
