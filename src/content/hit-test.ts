/** Which highlighted range, if any, lies under a point of the viewport. */

/** The caret position at viewport point (x, y), by whichever API the browser has. */
export function caretAt(
  doc: Document,
  x: number,
  y: number,
): { node: Node; offset: number } | null {
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (typeof d.caretPositionFromPoint === 'function') {
    const pos = d.caretPositionFromPoint(x, y);
    return pos ? { node: pos.offsetNode, offset: pos.offset } : null;
  }
  if (typeof d.caretRangeFromPoint === 'function') {
    const range = d.caretRangeFromPoint(x, y);
    return range ? { node: range.startContainer, offset: range.startOffset } : null;
  }
  return null;
}

const SLOP = 2;

function rectsContain(range: Range, x: number, y: number): boolean {
  for (const r of range.getClientRects()) {
    if (x >= r.left - SLOP && x <= r.right + SLOP && y >= r.top - SLOP && y <= r.bottom + SLOP) {
      return true;
    }
  }
  return false;
}

/**
 * The key of the first range that contains the caret position at (x, y) and whose boxes
 * contain the point itself (the caret API also answers for points in margins), or null.
 */
export function rangeAtPoint<K>(
  doc: Document,
  ranges: ReadonlyMap<K, Range>,
  x: number,
  y: number,
): K | null {
  const caret = caretAt(doc, x, y);
  if (!caret) return null;
  for (const [key, range] of ranges) {
    let inside = false;
    try {
      inside = range.isPointInRange(caret.node, caret.offset);
    } catch {
      inside = false; // a node in another document or a doctype
    }
    if (inside && rectsContain(range, x, y)) return key;
  }
  return null;
}
