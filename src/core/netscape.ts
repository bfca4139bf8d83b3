/**
 * The Netscape bookmark file format (`<!DOCTYPE NETSCAPE-Bookmark-file-1>`), both ways, with no
 * DOM or Node APIs so the server's import/export and the extension's import share it. Reads what
 * Chrome, Firefox, Safari, Pinboard, del.icio.us and Diigo write: `ADD_DATE`/`LAST_MODIFIED` in
 * seconds (or milliseconds/microseconds), `TAGS="a,b"`, `PRIVATE="1"`, `<DD>` descriptions and
 * nested `<H3>` folders; tolerates missing close tags and stray markup.
 */
import { decodeEntities, escapeHtml, type HtmlToken, tokenizeHtml } from './html-tokens.ts';

/** One bookmark as the file holds it. URLs are as written (not validated or normalised). */
export type NetscapeBookmark = {
  url: string;
  title: string;
  description: string;
  tags: string[];
  /** Milliseconds since the epoch, when the file says. */
  addedAt?: number;
  modifiedAt?: number;
  /** `PRIVATE="1"` → true, `PRIVATE="0"` → false, absent → undefined. */
  private?: boolean;
  /** Names of the enclosing folders, outermost first. */
  folders: string[];
};

/**
 * A file time to milliseconds. Exporters write seconds (the format's unit), but some write
 * milliseconds or (Chrome internals) microseconds; magnitude tells them apart for any date
 * after 1973. Anything else (empty, negative, not a number) is undefined.
 */
export function parseFileTime(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d{1,20}\s*$/.test(value)) return undefined;
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n >= 1e14) return Math.floor(n / 1000);
  if (n >= 1e11) return n;
  return n * 1000;
}

function parsePrivate(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === '') return false;
  return undefined;
}

/**
 * Splits a raw `TAGS` attribute on commas *before* decoding entities, so a tag holding a comma
 * written as `&#44;` (as `serializeNetscape` does) survives. Trims, drops empties and repeats.
 */
export function parseTags(raw: string | undefined): string[] {
  if (!raw) return [];
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const tag = decodeEntities(part).replace(/\s+/g, ' ').trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Tags that end whatever text element is open (a missing `</A>` or `</H3>`). */
const STRUCTURE = new Set(['dt', 'dl', 'dd', 'h3', 'a', 'hr', 'h1']);

type Mode = 'none' | 'anchor' | 'folder' | 'description';

/** The close tag that ends each text mode. */
const CLOSES: Record<string, Mode> = { a: 'anchor', h3: 'folder', dd: 'description' };

/**
 * Parses a bookmark file. Never throws: what cannot be read is skipped, and anchors without an
 * `HREF` are not bookmarks. `javascript:`, `place:` and other non-web URLs come out as written;
 * deciding what to accept is the importer's job.
 */
export function parseNetscape(html: string): NetscapeBookmark[] {
  const out: NetscapeBookmark[] = [];
  const folders: (string | null)[] = [];
  let pendingFolder: string | null = null;
  let mode: Mode = 'none';
  let buf = '';
  let anchorAttrs: Record<string, string> = {};
  let last: NetscapeBookmark | null = null;

  const flush = () => {
    if (mode === 'anchor') {
      const href = decodeEntities(anchorAttrs.href ?? '').trim();
      if (anchorAttrs.href !== undefined && href) {
        last = {
          url: href,
          title: collapse(decodeEntities(buf)),
          description: '',
          tags: parseTags(anchorAttrs.tags),
          addedAt: parseFileTime(anchorAttrs.add_date),
          modifiedAt: parseFileTime(anchorAttrs.last_modified),
          private: parsePrivate(anchorAttrs.private),
          folders: folders.filter((f): f is string => f !== null),
        };
        out.push(last);
      }
    } else if (mode === 'folder') {
      pendingFolder = collapse(decodeEntities(buf));
    } else if (mode === 'description' && last) {
      last.description = decodeEntities(buf).trim();
    }
    mode = 'none';
    buf = '';
  };

  const onOpen = (token: Extract<HtmlToken, { kind: 'open' }>) => {
    if (mode === 'description' && (token.name === 'br' || token.name === 'p')) {
      buf += '\n';
      return;
    }
    if (!STRUCTURE.has(token.name)) return;
    flush();
    switch (token.name) {
      case 'a':
        mode = 'anchor';
        anchorAttrs = token.attrs;
        break;
      case 'h3':
        mode = 'folder';
        last = null;
        break;
      case 'dd':
        if (last) mode = 'description';
        break;
      case 'dl':
        folders.push(pendingFolder);
        pendingFolder = null;
        break;
      case 'dt':
      case 'hr':
      case 'h1':
        last = null;
        break;
    }
  };

  for (const token of tokenizeHtml(html)) {
    if (token.kind === 'text') {
      if (mode !== 'none') buf += token.text;
    } else if (token.kind === 'open') {
      onOpen(token);
    } else if (CLOSES[token.name] === mode) {
      flush();
    } else if (token.name === 'dl') {
      flush();
      last = null;
      folders.pop();
    }
  }
  flush();
  return out;
}

/** What `serializeNetscape` writes for one bookmark. */
export type NetscapeEntry = {
  url: string;
  title: string;
  description?: string;
  tags?: readonly string[];
  addedAt?: number;
  modifiedAt?: number;
  private?: boolean;
};

const seconds = (ms: number) => String(Math.floor(ms / 1000));

/**
 * Writes a bookmark file every browser imports: the standard header, one flat `<DL>`, `ADD_DATE`
 * and `LAST_MODIFIED` in seconds, `PRIVATE` and `TAGS` (commas inside a tag as `&#44;`), and a
 * `<DD>` line for a description. Every string is escaped.
 */
export function serializeNetscape(
  entries: readonly NetscapeEntry[],
  options: { title?: string } = {},
): string {
  const title = escapeHtml(options.title ?? 'Bookmarks');
  const lines = [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file.',
    '     It will be read and overwritten.',
    '     DO NOT EDIT! -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    `<TITLE>${title}</TITLE>`,
    `<H1>${title}</H1>`,
    '<DL><p>',
  ];
  for (const e of entries) {
    let attrs = `HREF="${escapeHtml(e.url)}"`;
    if (e.addedAt !== undefined) attrs += ` ADD_DATE="${seconds(e.addedAt)}"`;
    if (e.modifiedAt !== undefined) attrs += ` LAST_MODIFIED="${seconds(e.modifiedAt)}"`;
    if (e.private !== undefined) attrs += ` PRIVATE="${e.private ? 1 : 0}"`;
    const tags = (e.tags ?? []).map((t) => escapeHtml(t).replace(/,/g, '&#44;'));
    if (tags.length > 0) attrs += ` TAGS="${tags.join(',')}"`;
    lines.push(`    <DT><A ${attrs}>${escapeHtml(e.title)}</A>`);
    if (e.description) lines.push(`    <DD>${escapeHtml(e.description)}`);
  }
  lines.push('</DL><p>', '');
  return lines.join('\n');
}
