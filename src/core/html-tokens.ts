/**
 * A small, tolerant HTML tokenizer and entity decoder: enough for Netscape bookmark files from
 * any exporter (upper or lower case, quoted or bare attributes, missing close tags, comments,
 * stray `<`), with no DOM. Text and attribute values come out raw; `decodeEntities` decodes.
 */

export type HtmlToken =
  | { kind: 'open'; name: string; attrs: Record<string, string> }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

const NAME_START = /[A-Za-z]/;
const NAME_CHAR = /[A-Za-z0-9_:-]/;
const SPACE = /[\s/]/;
/** Elements whose content is never markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea']);

/** Splits `html` into open tags (lowercase name, lowercase attribute names), close tags and text. */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  const n = html.length;
  let i = 0;
  let text = '';
  const pushText = () => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text += html.slice(i);
      break;
    }
    text += html.slice(i, lt);
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
    } else if (next === '!' || next === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
    } else if (next === '/' && NAME_START.test(html[lt + 2] ?? '')) {
      let j = lt + 2;
      while (j < n && NAME_CHAR.test(html[j]!)) j++;
      const name = html.slice(lt + 2, j).toLowerCase();
      const end = html.indexOf('>', j);
      i = end < 0 ? n : end + 1;
      pushText();
      tokens.push({ kind: 'close', name });
    } else if (NAME_START.test(next)) {
      const open = readOpenTag(html, lt + 1);
      pushText();
      tokens.push({ kind: 'open', name: open.name, attrs: open.attrs });
      i = open.end;
      if (RAW_TEXT.has(open.name)) {
        const close = html.toLowerCase().indexOf(`</${open.name}`, i);
        i = close < 0 ? n : close;
      }
    } else {
      text += '<';
      i = lt + 1;
    }
  }
  pushText();
  return tokens;
}

/** Reads a tag's name and attributes starting at `start` (just after `<`). */
function readOpenTag(
  html: string,
  start: number,
): { name: string; attrs: Record<string, string>; end: number } {
  const n = html.length;
  let j = start;
  while (j < n && NAME_CHAR.test(html[j]!)) j++;
  const name = html.slice(start, j).toLowerCase();
  const attrs: Record<string, string> = {};
  while (j < n) {
    while (j < n && SPACE.test(html[j]!)) j++;
    if (j >= n) break;
    if (html[j] === '>') return { name, attrs, end: j + 1 };
    let k = j;
    while (k < n && !/[\s=>/]/.test(html[k]!)) k++;
    if (k === j) k++; // a lone odd character: skip it
    const attrName = html.slice(j, k).toLowerCase();
    j = k;
    while (j < n && /\s/.test(html[j]!)) j++;
    let value = '';
    if (html[j] === '=') {
      j++;
      while (j < n && /\s/.test(html[j]!)) j++;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, j + 1);
        const newline = html.indexOf('\n', j + 1);
        if (close >= 0 && (newline < 0 || close < newline)) {
          value = html.slice(j + 1, close);
          j = close + 1;
        } else {
          // Exporters never put a raw line break in a value: an unterminated quote ends at the
          // tag's `>` rather than swallowing the following bookmarks.
          const gt = html.indexOf('>', j + 1);
          const end = gt >= 0 ? gt : n;
          value = html.slice(j + 1, end);
          j = end;
        }
      } else {
        let e = j;
        while (e < n && !/[\s>]/.test(html[e]!)) e++;
        value = html.slice(j, e);
        j = e;
      }
    }
    if (attrName && !(attrName in attrs)) attrs[attrName] = value;
  }
  return { name, attrs, end: n };
}

/** HTML 4 Latin-1 entity names for code points 160–255, in order. */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
  'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave ' +
  'Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN ' +
  'szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave ' +
  'iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc ' +
  'uuml yacute thorn yuml';

const NAMED: Record<string, number> = {
  amp: 38,
  lt: 60,
  gt: 62,
  quot: 34,
  apos: 39,
  ndash: 0x2013,
  mdash: 0x2014,
  lsquo: 0x2018,
  rsquo: 0x2019,
  sbquo: 0x201a,
  ldquo: 0x201c,
  rdquo: 0x201d,
  bdquo: 0x201e,
  bull: 0x2022,
  hellip: 0x2026,
  prime: 0x2032,
  lsaquo: 0x2039,
  rsaquo: 0x203a,
  euro: 0x20ac,
  trade: 0x2122,
  larr: 0x2190,
  rarr: 0x2192,
  hearts: 0x2665,
  thinsp: 0x2009,
  ensp: 0x2002,
  emsp: 0x2003,
  zwnj: 0x200c,
  zwj: 0x200d,
  OElig: 0x152,
  oelig: 0x153,
  Scaron: 0x160,
  scaron: 0x161,
  Yuml: 0x178,
};
LATIN1.split(' ').forEach((name, i) => {
  NAMED[name] = 160 + i;
});

/** Entities browsers decode even without the `;` (outside attribute-like contexts). */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

/** How HTML maps numeric references 0x80–0x9F (Windows-1252 in old exports). */
const C1: Record<number, number> = {
  128: 0x20ac,
  130: 0x201a,
  131: 0x192,
  132: 0x201e,
  133: 0x2026,
  134: 0x2020,
  135: 0x2021,
  136: 0x2c6,
  137: 0x2030,
  138: 0x160,
  139: 0x2039,
  140: 0x152,
  142: 0x17d,
  145: 0x2018,
  146: 0x2019,
  147: 0x201c,
  148: 0x201d,
  149: 0x2022,
  150: 0x2013,
  151: 0x2014,
  152: 0x2dc,
  153: 0x2122,
  154: 0x161,
  155: 0x203a,
  156: 0x153,
  158: 0x17e,
  159: 0x178,
};

function fromCodePoint(cp: number): string {
  if (C1[cp] !== undefined) return String.fromCodePoint(C1[cp]);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(cp);
}

const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g;

/**
 * Decodes character references: decimal and hex numeric ones (`;` optional), the named ones
 * bookmark titles actually contain (Latin-1, typographic quotes and dashes), and `&amp` & co.
 * without `;` unless a letter, digit or `=` follows (so `?a=1&copy=2` stays as it is). Unknown
 * names stay as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec, hex, name, semi, offset: number) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const cp = NAMED[name as string];
    if (cp === undefined) return whole;
    if (semi) return String.fromCodePoint(cp);
    const after = text[offset + whole.length] ?? '';
    if (LEGACY.has(name as string) && !/[A-Za-z0-9=]/.test(after)) return String.fromCodePoint(cp);
    return whole;
  });
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}
