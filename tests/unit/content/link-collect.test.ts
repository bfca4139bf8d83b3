// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://news.example.com/today?id=1" }
/** Link collection for link marks: targets normalised, self-links and non-http links skipped. */
import { describe, expect, it } from 'vitest';
import {
  anchorsIn,
  createLinkIndex,
  indexLinks,
  indexLinksSliced,
  linkTarget,
} from '../../../src/content/link-collect.ts';

function page(html: string): void {
  document.body.innerHTML = html;
}

const PAGE = 'https://news.example.com/today?id=1';

describe('linkTarget', () => {
  it('answers the resolved href without its fragment (the background normalises)', () => {
    page('<a href="https://Example.org/guide?utm_source=x&b=2&a=1#part">g</a>');
    const a = document.querySelector('a')!;
    expect(linkTarget(a, PAGE)).toBe('https://example.org/guide?utm_source=x&b=2&a=1');
  });

  it('keeps SPA route fragments', () => {
    page('<a href="https://app.example/#/inbox">r</a><a href="https://app.example/#!/x">b</a>');
    const targets = [...document.querySelectorAll('a')].map((a) => linkTarget(a, PAGE));
    expect(targets).toEqual(['https://app.example/#/inbox', 'https://app.example/#!/x']);
  });

  it('resolves relative links against the page', () => {
    page('<a href="/other.html">o</a>');
    expect(linkTarget(document.querySelector('a')!, PAGE)).toBe(
      'https://news.example.com/other.html',
    );
  });

  it('skips mailto, javascript, ftp and links to the page itself', () => {
    page(
      '<a href="mailto:a@b.c">m</a><a href="javascript:void 0">j</a><a href="ftp://x.example/">f</a><a href="#top">t</a><a href="?id=1#x">self</a>',
    );
    const targets = [...document.querySelectorAll('a')].map((a) => linkTarget(a, PAGE));
    expect(targets).toEqual([null, null, null, null, null]);
  });
});

describe('indexLinks', () => {
  it('groups anchors by target and answers only the targets new to the index', () => {
    page(
      '<a href="https://a.example/x">1</a><a href="https://a.example/x#part">2</a><a href="https://b.example/">3</a>',
    );
    const index = createLinkIndex();
    const anchors = anchorsIn(document);
    expect(indexLinks(anchors, index, PAGE)).toEqual(['https://a.example/x', 'https://b.example/']);
    expect(index.targets.get('https://a.example/x')).toHaveLength(2);
    // Seen anchors are not counted twice; a new anchor to a known target is not a new target.
    const extra = document.createElement('a');
    extra.href = 'https://b.example/';
    document.body.append(extra);
    expect(indexLinks([...anchors, extra], index, PAGE)).toEqual([]);
    expect(index.targets.get('https://b.example/')).toHaveLength(2);
    expect(index.seen.get(extra)).toBe('https://b.example/');
  });

  it('respects the skip predicate', () => {
    page('<div contenteditable><a href="https://a.example/">e</a></div>');
    const index = createLinkIndex();
    indexLinks(anchorsIn(document), index, PAGE, (a) => a.closest('[contenteditable]') !== null);
    expect(index.targets.size).toBe(0);
  });

  it('finds the root itself when it is a link', () => {
    page('<a id="x" href="https://a.example/">a</a>');
    expect(anchorsIn(document.getElementById('x')!)).toHaveLength(1);
  });
});

describe('indexLinksSliced', () => {
  it('indexes 2,000 links in slices and stops when aborted', async () => {
    page(
      Array.from(
        { length: 2000 },
        (_, i) => `<a href="https://site${i % 500}.example/p">${i}</a>`,
      ).join(''),
    );
    const anchors = anchorsIn(document);
    const index = createLinkIndex();
    const fresh = await indexLinksSliced(
      window,
      anchors,
      index,
      PAGE,
      new AbortController().signal,
      1,
    );
    expect(fresh).toHaveLength(500);
    expect(index.targets.get('https://site7.example/p')).toHaveLength(4);

    const aborted = new AbortController();
    aborted.abort();
    const none = await indexLinksSliced(window, anchors, createLinkIndex(), PAGE, aborted.signal);
    expect(none).toEqual([]);
  });
});
