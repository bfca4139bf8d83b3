/**
 * The DOM half of anchoring: the page's visible text as one string, and the mapping between
 * offsets in that string and DOM positions (`Range`s). Built in one TreeWalker pass that skips
 * scripts, styles, templates, hidden subtrees and Outloud's own host element; lookups are
 * binary searches over the text nodes' start offsets, so a 1 MB page maps in milliseconds.
 *
 * The string is the concatenation of the kept text nodes' data, with nothing inserted between
 * them: exactly what `Range.toString()` gives for a range over visible text. The pure half
 * (`src/core/anchoring.ts`) finds quotes in this string.
 */

/** Elements whose contents are never page text. */
const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'SVG',
  'CANVAS',
  'SELECT',
  'TEXTAREA',
  'HEAD',
  'TITLE',
]);

export type TextMapOptions = {
  /** Elements whose subtree is left out (Outloud's own host element). */
  exclude?: (element: Element) => boolean;
  /**
   * Computed-style lookup used to leave out `display: none` subtrees; defaults to the
   * document's window. Pass `null` to judge by attributes only (`hidden`, `aria-hidden`).
   */
  getComputedStyle?: ((element: Element) => { display: string }) | null;
};

/** An offset pair into the page text, `start <= end`. */
export type TextSpan = { start: number; end: number };

function isHiddenByAttributes(element: Element): boolean {
  return element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true';
}

/** The page text of a subtree and the way back from offsets to DOM positions. */
export class TextMap {
  /** The visible text: every kept text node's data, concatenated. */
  readonly text: string;
  private readonly nodes: Text[];
  /** `starts[i]` is the offset of `nodes[i]`'s first character in `text`. */
  private readonly starts: Int32Array;
  private readonly index: Map<Text, number>;
  private readonly document: Document;

  private constructor(document: Document, nodes: Text[], starts: Int32Array, text: string) {
    this.document = document;
    this.nodes = nodes;
    this.starts = starts;
    this.text = text;
    this.index = new Map();
    for (let i = 0; i < nodes.length; i++) this.index.set(nodes[i]!, i);
  }

  /** Reads the visible text under `root` (usually `document.body`) in one pass. */
  static build(root: Node, options: TextMapOptions = {}): TextMap {
    const document = root.ownerDocument ?? (root as Document);
    const view = document.defaultView;
    const computed =
      options.getComputedStyle === undefined
        ? view
          ? (el: Element) => view.getComputedStyle(el)
          : null
        : options.getComputedStyle;
    const exclude = options.exclude;
    const SHOW = 0x1 | 0x4; // NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT
    const walker = document.createTreeWalker(root, SHOW, {
      acceptNode(node) {
        if (node.nodeType === 3) return 1; // FILTER_ACCEPT
        const element = node as Element;
        if (
          SKIPPED_TAGS.has(element.tagName.toUpperCase()) ||
          isHiddenByAttributes(element) ||
          exclude?.(element) ||
          (computed !== null && computed(element).display === 'none')
        ) {
          return 2; // FILTER_REJECT: skip the whole subtree
        }
        return 3; // FILTER_SKIP: descend without yielding the element
      },
    });
    const nodes: Text[] = [];
    const offsets: number[] = [];
    const parts: string[] = [];
    let length = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const data = (node as Text).data;
      if (data.length === 0) continue;
      nodes.push(node as Text);
      offsets.push(length);
      parts.push(data);
      length += data.length;
    }
    return new TextMap(document, nodes, Int32Array.from(offsets), parts.join(''));
  }

  /** How many text nodes the map holds. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** The index of the last node starting at or before `offset` (−1 when none). */
  private nodeAtOrBefore(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * The DOM range covering `text.slice(start, end)`, or null when the span is empty or out of
   * bounds. The range starts inside the node holding `start` and ends inside the node holding
   * the character before `end`, so it never begins or ends in an unrelated node.
   */
  offsetsToRange(start: number, end: number): Range | null {
    if (!(start >= 0 && end > start && end <= this.text.length)) return null;
    const first = this.nodeAtOrBefore(start);
    const last = this.nodeAtOrBefore(end - 1);
    if (first < 0 || last < 0) return null;
    const range = this.document.createRange();
    range.setStart(this.nodes[first]!, start - this.starts[first]!);
    range.setEnd(this.nodes[last]!, end - this.starts[last]!);
    return range;
  }

  /** The text offset of a DOM boundary point (a range's start or end). */
  pointToOffset(container: Node, offset: number): number {
    const i = this.index.get(container as Text);
    if (i !== undefined) return this.starts[i]! + Math.min(offset, this.nodes[i]!.data.length);
    // A point in an element or in a skipped text node: the offset of the first kept text node
    // at or after the point, found by comparing document positions.
    const probe = this.document.createRange();
    probe.setStart(container, offset);
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      // comparePoint: −1 when (node, 0) is before the collapsed probe.
      if (probe.comparePoint(this.nodes[mid]!, 0) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.nodes.length ? this.starts[lo]! : this.text.length;
  }

  /** The text offsets a DOM range covers (clamped to the kept text). */
  rangeToOffsets(range: Range): TextSpan {
    const start = this.pointToOffset(range.startContainer, range.startOffset);
    const end = this.pointToOffset(range.endContainer, range.endOffset);
    return { start, end: Math.max(start, end) };
  }

  /**
   * The text offset of a caret position (from `caretPositionFromPoint`), or −1 when the node
   * is not page text (Outloud's own UI, a skipped element).
   */
  caretToOffset(node: Node, offset: number): number {
    const i = this.index.get(node as Text);
    return i === undefined ? -1 : this.starts[i]! + Math.min(offset, this.nodes[i]!.data.length);
  }
}
