/**
 * Reads a Netscape bookmark file in one linear pass over htmlparser2's streaming `Tokenizer`
 * (the HTML tokenizer's own states, entities decoded by the HTML table, raw-text elements such
 * as `<style>` skipped by the tokenizer itself), with bounded work per event:
 *
 * - folders are one shared, frozen path per folder, never a copy of the folder stack per
 *   bookmark; nesting deeper than `maxDepth` is flattened into the deepest allowed folder and
 *   counted (`flattenedFolders`);
 * - no element stack is searched: only the `<DL>` nesting is kept, as references to paths;
 * - at most `maxBookmarks` are kept; the rest are only counted (`count`).
 *
 * `read(n)` tokenizes the next `n` characters, so a caller can yield between bounded slices
 * (the server does).
 * No DOM or Node APIs, so the server and the options page share it.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { LIMITS } from './limits.ts';

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
  /** Names of the enclosing folders, outermost first; shared by every bookmark of the folder. */
  folders: readonly string[];
};

/** What a whole file gave. */
export type NetscapeFile = {
  /** The bookmarks, in file order, at most `maxBookmarks` of them. */
  bookmarks: NetscapeBookmark[];
  /** How many bookmarks the file holds (also those past `maxBookmarks`). */
  count: number;
  /** Folders nested deeper than `maxDepth`, whose bookmarks went to their deepest allowed parent. */
  flattenedFolders: number;
};

export type NetscapeLimits = {
  /** Bookmarks kept; more are counted, not kept. Default: all. */
  maxBookmarks?: number;
  /** Folder levels kept; deeper folders are flattened into the last one. Default 64. */
  maxDepth?: number;
};

/** Folder levels kept by default. */
export const MAX_FOLDER_DEPTH: number = LIMITS.folderDepth;

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

/** Tags as a list: white space collapsed, trimmed, empties and repeats dropped. */
export function cleanTags(parts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const part of parts) {
    const tag = part.replace(/\s+/g, ' ').trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Tags that end whatever text element is open (a missing `</A>` or `</H3>`). */
const STRUCTURE = new Set(['dt', 'dl', 'dd', 'h3', 'a', 'hr', 'h1']);
/** Anchor attributes worth keeping; any other attribute's text is not even copied. */
const ANCHOR_ATTRS = new Set(['href', 'add_date', 'last_modified', 'private', 'tags']);
/** Elements the tokenizer reads as raw text or RCDATA: their content is never a title. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
]);

type Mode = 'none' | 'anchor' | 'folder' | 'description';

/** The close tag that ends each text mode. */
const CLOSES: Record<string, Mode> = { a: 'anchor', h3: 'folder', dd: 'description' };

const ROOT: readonly string[] = Object.freeze([]);

/** An incremental reader: `write` slices of the file in order, then `end`. Never throws. */
export class NetscapeReader {
  private readonly maxBookmarks: number;
  private readonly maxDepth: number;
  private readonly tokenizer: Tokenizer;
  /** How much of the file the tokenizer has been given. */
  private position = 0;
  private readonly out: NetscapeBookmark[] = [];
  private count = 0;
  private flattened = 0;
  /** One entry per open `<DL>`: the (shared) folder path inside it. */
  private readonly dls: (readonly string[])[] = [];
  private pendingFolder: string | null = null;
  private mode: Mode = 'none';
  private buf = '';
  private last: NetscapeBookmark | null = null;
  /** The raw-text element being skipped, if any. */
  private rawText: string | null = null;
  // The open tag being read.
  private tagName = '';
  private attrs: Record<string, string> = {};
  private attrName = '';
  private attrValue = '';
  /** For `TAGS`: the parts between literal commas (a `&#44;` stays inside its tag). */
  private tagParts: string[] = [];
  private anchorAttrs: Record<string, string> = {};
  private anchorTags: string[] = [];

  /** `source` is the whole file: the tokenizer reports offsets into it. */
  constructor(
    private readonly source: string,
    limits: NetscapeLimits = {},
  ) {
    this.maxBookmarks = limits.maxBookmarks ?? Number.POSITIVE_INFINITY;
    this.maxDepth = limits.maxDepth ?? MAX_FOLDER_DEPTH;
    this.tokenizer = new Tokenizer({ decodeEntities: true }, this.callbacks());
  }

  /** True once the whole file has gone through `read`. */
  get done(): boolean {
    return this.position >= this.source.length;
  }

  /** Tokenizes the next `chars` characters of the file (all of it by default). */
  read(chars: number = this.source.length): void {
    const end = Math.min(this.source.length, this.position + Math.max(1, chars));
    if (end <= this.position) return;
    this.tokenizer.write(this.source.slice(this.position, end));
    this.position = end;
  }

  /** Reads what is left, ends the file and answers what it held. */
  end(): NetscapeFile {
    this.read();
    this.tokenizer.end();
    this.flush();
    return { bookmarks: this.out, count: this.count, flattenedFolders: this.flattened };
  }

  private slice(start: number, end: number): string {
    return this.source.slice(start, end);
  }

  private folders(): readonly string[] {
    return this.dls.at(-1) ?? ROOT;
  }

  private flush(): void {
    if (this.mode === 'anchor') {
      const raw = this.anchorAttrs.href;
      const href = (raw ?? '').trim();
      // Exporters never write a raw line break in a URL: one there means an unterminated quote
      // swallowed the markup that followed, and what came out is not an address.
      if (raw !== undefined && href && !/[\r\n]/.test(href)) {
        this.count++;
        this.last = null;
        if (this.out.length < this.maxBookmarks) {
          const a = this.anchorAttrs;
          this.last = {
            url: href,
            title: collapse(this.buf),
            description: '',
            tags: cleanTags(this.anchorTags),
            addedAt: parseFileTime(a.add_date),
            modifiedAt: parseFileTime(a.last_modified),
            private: parsePrivate(a.private),
            folders: this.folders(),
          };
          this.out.push(this.last);
        }
      }
    } else if (this.mode === 'folder') {
      this.pendingFolder = collapse(this.buf);
    } else if (this.mode === 'description' && this.last) {
      this.last.description = this.buf.trim();
    }
    this.mode = 'none';
    this.buf = '';
  }

  private openDl(): void {
    const parent = this.folders();
    const name = this.pendingFolder;
    this.pendingFolder = null;
    if (name === null) {
      this.dls.push(parent);
    } else if (parent.length >= this.maxDepth) {
      this.flattened++;
      this.dls.push(parent);
    } else {
      this.dls.push(Object.freeze([...parent, name]));
    }
  }

  private onOpen(name: string, attrs: Record<string, string>, tags: string[]): void {
    if (RAW_TEXT.has(name)) this.rawText = name;
    if (this.mode === 'description' && (name === 'br' || name === 'p')) {
      this.buf += '\n';
      return;
    }
    if (!STRUCTURE.has(name)) return;
    this.flush();
    switch (name) {
      case 'a':
        this.mode = 'anchor';
        this.anchorAttrs = attrs;
        this.anchorTags = tags;
        break;
      case 'h3':
        this.mode = 'folder';
        this.last = null;
        break;
      case 'dd':
        if (this.last) this.mode = 'description';
        break;
      case 'dl':
        this.openDl();
        break;
      default: // dt, hr, h1
        this.last = null;
    }
  }

  private onClose(name: string): void {
    if (this.rawText !== null) {
      if (name === this.rawText) this.rawText = null;
      return;
    }
    if (CLOSES[name] === this.mode) {
      this.flush();
    } else if (name === 'dl') {
      this.flush();
      this.last = null;
      this.dls.pop();
    }
  }

  private onText(text: string): void {
    if (this.mode !== 'none' && this.rawText === null) this.buf += text;
  }

  private endOpenTag(): void {
    const name = this.tagName;
    const attrs = this.attrs;
    const tags = this.tagParts;
    this.tagName = '';
    this.attrs = {};
    this.tagParts = [];
    this.onOpen(name, attrs, tags);
  }

  private callbacks(): TokenizerCallbacks {
    const fromCodePoint = String.fromCodePoint;
    return {
      ontext: (start, end) => this.onText(this.slice(start, end)),
      ontextentity: (cp) => this.onText(fromCodePoint(cp)),
      onopentagname: (start, end) => {
        this.tagName = this.slice(start, end).toLowerCase();
      },
      onattribname: (start, end) => {
        this.attrName = this.slice(start, end).toLowerCase();
        this.attrValue = '';
      },
      onattribdata: (start, end) => {
        if (this.tagName !== 'a' || !ANCHOR_ATTRS.has(this.attrName)) return;
        const data = this.slice(start, end);
        if (this.attrName === 'tags' && !(this.attrName in this.attrs)) {
          const pieces = data.split(',');
          if (this.tagParts.length === 0) this.tagParts.push('');
          this.tagParts[this.tagParts.length - 1] += pieces[0]!;
          for (let i = 1; i < pieces.length; i++) this.tagParts.push(pieces[i]!);
        }
        this.attrValue += data;
      },
      onattribentity: (cp) => {
        if (this.tagName !== 'a' || !ANCHOR_ATTRS.has(this.attrName)) return;
        const char = fromCodePoint(cp);
        if (this.attrName === 'tags' && !(this.attrName in this.attrs)) {
          if (this.tagParts.length === 0) this.tagParts.push('');
          this.tagParts[this.tagParts.length - 1] += char;
        }
        this.attrValue += char;
      },
      onattribend: () => {
        // The first of repeated attributes wins, as in browsers.
        if (this.tagName === 'a' && ANCHOR_ATTRS.has(this.attrName)) {
          if (!(this.attrName in this.attrs)) this.attrs[this.attrName] = this.attrValue;
        }
        this.attrValue = '';
      },
      onopentagend: () => this.endOpenTag(),
      onselfclosingtag: () => this.endOpenTag(),
      onclosetag: (start, end) => this.onClose(this.slice(start, end).toLowerCase()),
      oncomment: () => {},
      oncdata: () => {},
      ondeclaration: () => {},
      onprocessinginstruction: () => {},
      onend: () => {},
    };
  }
}

/** Reads a whole bookmark file at once (see `NetscapeReader`). */
export function readNetscape(html: string, limits: NetscapeLimits = {}): NetscapeFile {
  return new NetscapeReader(html, limits).end();
}
