// @vitest-environment happy-dom
/** The DOM half of anchoring: page text ↔ text nodes ↔ offsets ↔ Range, in happy-dom. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { TextMap } from '../../../src/content/text-map.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

function load(html: string): void {
  document.documentElement.innerHTML = html;
}

describe('TextMap.build', () => {
  beforeEach(() => load('<head></head><body></body>'));

  it('concatenates the text nodes in document order', () => {
    load('<body><p>Hello <b>bold</b> world</p><p>second</p></body>');
    const map = TextMap.build(document.body);
    expect(map.text).toBe('Hello bold worldsecond');
    expect(map.nodeCount).toBe(4);
  });

  it('skips scripts, styles, noscript, templates and hidden subtrees', () => {
    load(
      `<body><p>a</p><script>var x = 1;</script><style>p{}</style><noscript>no</noscript>
       <template><p>tpl</p></template><div hidden>hid</div><div aria-hidden="true">aria</div>
       <div style="display:none">none</div><p>b</p></body>`,
    );
    const map = TextMap.build(document.body);
    expect(map.text.replace(/\s+/g, '')).toBe('ab');
  });

  it('leaves out excluded elements (the Outloud host)', () => {
    load('<body><p>page</p><outloud-root>ui text</outloud-root><p>more</p></body>');
    const map = TextMap.build(document.body, {
      exclude: (el) => el.tagName === 'OUTLOUD-ROOT',
    });
    expect(map.text).toBe('pagemore');
  });

  it('judges by attributes only when computed styles are turned off', () => {
    load('<body><p style="display:none">x</p><p hidden>y</p><p>z</p></body>');
    expect(TextMap.build(document.body, { getComputedStyle: null }).text).toBe('xz');
  });

  it('reads the article fixture as its visible words', () => {
    const html = readFileSync(path.join(FIXTURES, 'article.html'), 'utf8');
    document.open();
    document.write(html);
    document.close();
    const map = TextMap.build(document.body);
    expect(map.text).toContain('Working out loud means publishing what you read');
    expect(map.text).not.toContain('<');
  });
});

describe('offsets ↔ Range', () => {
  beforeEach(() =>
    load('<body><p id="p1">The quick <em>brown</em> fox</p><p id="p2">jumps over</p></body>'),
  );

  it('maps a span inside one node to a range with that text', () => {
    const map = TextMap.build(document.body);
    const start = map.text.indexOf('quick');
    const range = map.offsetsToRange(start, start + 5)!;
    expect(range.toString()).toBe('quick');
    expect(range.startContainer).toBe(range.endContainer);
  });

  it('maps a span across elements and paragraphs', () => {
    const map = TextMap.build(document.body);
    const start = map.text.indexOf('brown');
    const end = map.text.indexOf('over') + 4;
    const range = map.offsetsToRange(start, end)!;
    expect(range.toString()).toBe('brown foxjumps over');
  });

  it('ends a span at a node boundary inside the node holding its last character', () => {
    const map = TextMap.build(document.body);
    const start = map.text.indexOf('brown');
    const range = map.offsetsToRange(start, start + 5)!;
    expect(range.endContainer.textContent).toBe('brown');
    expect(range.toString()).toBe('brown');
  });

  it('refuses empty and out-of-bounds spans', () => {
    const map = TextMap.build(document.body);
    expect(map.offsetsToRange(3, 3)).toBeNull();
    expect(map.offsetsToRange(-1, 2)).toBeNull();
    expect(map.offsetsToRange(0, map.text.length + 1)).toBeNull();
  });

  it('round-trips every span through Range and back', () => {
    const map = TextMap.build(document.body);
    const n = map.text.length;
    for (let start = 0; start < n; start++) {
      for (let end = start + 1; end <= n; end++) {
        const range = map.offsetsToRange(start, end)!;
        expect(range.toString()).toBe(map.text.slice(start, end));
        expect(map.rangeToOffsets(range)).toEqual({ start, end });
      }
    }
  });

  it('maps a range whose boundaries are elements, not text nodes', () => {
    const map = TextMap.build(document.body);
    const range = document.createRange();
    const p1 = document.getElementById('p1')!;
    const p2 = document.getElementById('p2')!;
    range.setStart(p1, 1); // before <em>
    range.setEnd(document.body, 2); // after p2
    expect(map.rangeToOffsets(range)).toEqual({
      start: map.text.indexOf('brown'),
      end: map.text.length,
    });
    range.setStart(p2, 0);
    range.setEnd(p2, 0);
    const at = map.text.indexOf('jumps');
    expect(map.rangeToOffsets(range)).toEqual({ start: at, end: at });
  });

  it('maps a point inside skipped content to the next visible text', () => {
    load('<body><p>one</p><script>two</script><p>three</p></body>');
    const map = TextMap.build(document.body);
    const script = document.querySelector('script')!;
    expect(map.pointToOffset(script.firstChild!, 1)).toBe(3);
  });

  it('answers −1 for a caret outside the page text', () => {
    load('<body><p>one</p><script>two</script></body>');
    const map = TextMap.build(document.body);
    expect(map.caretToOffset(document.querySelector('script')!.firstChild!, 0)).toBe(-1);
    expect(map.caretToOffset(document.querySelector('p')!.firstChild!, 2)).toBe(2);
  });
});

describe('a large page', () => {
  it('maps a page of 1 MB of text and finds spans near its end', () => {
    const paragraph = `<p>${'lorem ipsum dolor sit amet '.repeat(40)}<a href="#">link</a> tail</p>`;
    load(`<body>${paragraph.repeat(1000)}<p id="last">needle in the haystack</p></body>`);
    const map = TextMap.build(document.body, { getComputedStyle: null });
    expect(map.text.length).toBeGreaterThan(1_000_000);
    const start = map.text.indexOf('needle');
    const range = map.offsetsToRange(start, start + 'needle in the haystack'.length)!;
    expect(range.toString()).toBe('needle in the haystack');
    expect(range.startContainer.parentElement?.id).toBe('last');
    expect(map.rangeToOffsets(range).start).toBe(start);
  });
});
