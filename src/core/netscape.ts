/**
 * The Netscape bookmark file format (`<!DOCTYPE NETSCAPE-Bookmark-file-1>`), both ways, with no
 * DOM or Node APIs so the server's import/export and the extension's import share it. Reads
 * (see `netscape-reader.ts`, linear in the file) what Chrome, Firefox, Safari, Pinboard,
 * del.icio.us and Diigo write: `ADD_DATE`/`LAST_MODIFIED` in seconds (or milliseconds/
 * microseconds), `TAGS="a,b"`, `PRIVATE="1"`, `<DD>` descriptions and nested `<H3>` folders;
 * tolerates missing close tags and stray markup.
 */
import { type NetscapeBookmark, readNetscape } from './netscape-reader.ts';

export {
  cleanTags,
  MAX_FOLDER_DEPTH,
  type NetscapeBookmark,
  type NetscapeFile,
  type NetscapeLimits,
  NetscapeReader,
  parseFileTime,
  readNetscape,
} from './netscape-reader.ts';

/**
 * The bookmarks of a file, every one of them, folders nested deeper than `MAX_FOLDER_DEPTH`
 * flattened. Never throws: what cannot be read is skipped, and anchors without an `HREF` are
 * not bookmarks. `javascript:`, `place:` and other non-web URLs come out as written; deciding
 * what to accept is the importer's job.
 */
export function parseNetscape(html: string): NetscapeBookmark[] {
  return readNetscape(html).bookmarks;
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
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
