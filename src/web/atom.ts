/**
 * Atom documents (RFC 4287) of items, written by the maintained `feed` generator rather than by
 * string concatenation: it builds the XML tree and escapes text nodes and attributes. What it
 * does not do is ours: everything from data reaches an entry's `type="html"` title and content
 * only as escaped text (`escapeHtml`), links only as http(s) addresses, and characters XML 1.0
 * cannot carry (C0 controls, U+FFFE/U+FFFF, lone surrogates) are dropped from every string, so
 * no stored text can make a feed ill-formed. Tags are written into the content, not as Atom
 * categories: the generator escapes only `&` in attribute values it builds from text.
 *
 * Entry ids are `urn:uuid:<item id>`: unique, and stable when the server's address changes.
 */
import { Feed } from 'feed';
import { snippetLink } from '../core/text-fragment.ts';
import type { Comment, Item } from '../core/wire.ts';
import { itemPath, personPath, safeHref } from './views.tsx';
import type { Words } from './words.ts';

type Shared = Exclude<Item, Comment>;

/** One entry: an item, or a comment with the item it is on. */
export type FeedEntry = { item: Shared } | { item: Comment; target: Shared | undefined };

/** What a feed says about itself. */
export type FeedHead = {
  /** The server's address, no trailing slash: permalinks and person pages hang under it. */
  base: string;
  /** The feed's address without its token: its Atom id. */
  id: string;
  /** The address a reader fetches it at (with the token): the `self` link. */
  self: string;
  /** The web page showing the same list: the `alternate` link. */
  alternate: string;
  title: string;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

/** `text` without the characters XML 1.0 cannot hold. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

/** `text` escaped for HTML (text and attribute values alike), XML-safe. */
export function escapeHtml(text: string): string {
  return xmlText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A paragraph of escaped text, its line breaks kept. */
const paragraph = (text: string) => `<p>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`;

/** A link to an http(s) address with escaped words; just the words for anything else. */
function link(url: string | null | undefined, words: string): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(words)}</a>` : escapeHtml(words);
}

const SHORT = 100;
const short = (text: string) => (text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text);

/** The words an item is known by: its page's title or address, or a status's text. */
function headline(item: Shared): string {
  if (item.type === 'status') return short(item.text.replace(/\s+/g, ' ').trim());
  return item.title || item.url.replace(/^https?:\/\//i, '');
}

function verb(w: Words, item: Item): string {
  switch (item.type) {
    case 'bookmark':
      return w.t('webVerbBookmark');
    case 'snippet':
      return w.t('webVerbSnippet');
    case 'status':
      return w.t(item.question ? 'webVerbQuestion' : 'webVerbStatus');
    case 'comment':
      return w.t('webVerbComment');
  }
}

/** An item's content as HTML built from escaped text. */
function content(w: Words, item: Shared): string {
  const parts: string[] = [];
  if (item.type === 'snippet') {
    parts.push(`<blockquote>${paragraph(item.quote.exact)}</blockquote>`);
    if (item.comment) parts.push(paragraph(item.comment));
    parts.push(`<p>${link(snippetLink(item), w.t('webOpenAtQuote'))}</p>`);
  }
  if (item.type === 'bookmark') {
    if (item.description) parts.push(paragraph(item.description));
    if (item.tags.length > 0) parts.push(paragraph(item.tags.map((t) => `#${t}`).join(' ')));
  }
  if (item.type === 'status') {
    const asked = item.question ? `${w.t('webQuestionBadge')}: ` : '';
    parts.push(paragraph(`${asked}${item.text}`));
  }
  if (item.url && (item.type !== 'snippet' || item.title)) {
    parts.push(`<p>${link(item.url, item.title || item.url)}</p>`);
  }
  return parts.join('\n');
}

/**
 * The Atom document of `entries` (newest first) under `head`, in `w`'s language, people shown
 * by their display names (`names`, by handle).
 */
export function atomFeed(
  head: FeedHead,
  entries: readonly FeedEntry[],
  w: Words,
  names: ReadonlyMap<string, string>,
): string {
  const at = (iso: string) => new Date(iso);
  const newest = entries.reduce<string | undefined>(
    (max, e) => (max === undefined || e.item.updatedAt > max ? e.item.updatedAt : max),
    undefined,
  );
  const feed = new Feed({
    id: head.id,
    title: xmlText(head.title),
    updated: newest ? at(newest) : new Date(),
    generator: 'Outloud',
    link: head.alternate,
    feedLinks: { atom: head.self },
  });
  for (const entry of entries) {
    const { item } = entry;
    const name = names.get(item.owner) ?? item.owner;
    const author = { name: xmlText(name), link: `${head.base}${personPath(item.owner)}` };
    if (item.type === 'comment') {
      const target = 'target' in entry ? entry.target : undefined;
      const on = target ? headline(target) : '';
      feed.addItem({
        id: `urn:uuid:${item.id}`,
        title: escapeHtml(`${name} ${verb(w, item)}${on ? `: ${on}` : ''}`),
        link: `${head.base}${itemPath(item.targetId)}#comment-${item.id}`,
        date: at(item.updatedAt),
        published: at(item.createdAt),
        content: paragraph(item.text),
        author: [author],
      });
      continue;
    }
    feed.addItem({
      id: `urn:uuid:${item.id}`,
      title: escapeHtml(`${name} ${verb(w, item)}: ${headline(item)}`),
      link: `${head.base}${itemPath(item.id)}`,
      date: at(item.updatedAt),
      published: at(item.createdAt),
      content: content(w, item),
      author: [author],
    });
  }
  return feed.atom1();
}
