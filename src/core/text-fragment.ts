/**
 * Text Fragment links (`#:~:text=…`, WICG Scroll-to-Text-Fragment / URL Fragment Text
 * Directives) for a stored quote, so a colleague without the extension still lands on it.
 *
 * Browsers match a text directive on whole words, inside one block of the page, with white space
 * collapsed. So the quote is widened to whole words using its stored context, white space is
 * collapsed, and a quote that spans blocks (contains a line break) or is long becomes a range
 * `textStart,textEnd` of a few words each. A few words of context either side (never across a
 * line break) become `prefix-` and `-suffix` so a repeated phrase resolves to the right one.
 *
 * Context is only as good as the stored text: where the page has no white space between two
 * blocks (minified HTML, a DOM built by script), the stored context runs into the neighbouring
 * block (`here.Next`), a `prefix-` there matches nothing, and neither does a quote widened into
 * the previous block's last word (`foundThe quote`). So the link carries fallbacks after the
 * best directive: the same words without context, then the quote as stored if widening changed
 * it (`…:~:text=ctx-,words,-ctx&text=words&text=ords`). Browsers scroll to the first directive
 * that matches, so the context decides where it can and the quote is still reached where not.
 */
import { CONTEXT_LENGTH, type QuoteSelector } from './anchoring.ts';
import { fragmentBeforeDirective } from './url.ts';

/** Quotes longer than this (characters, after collapsing white space) become ranges. */
export const MAX_EXACT_TERM = 80;
/** Words in each of `textStart` and `textEnd` of a range. */
export const RANGE_WORDS = 4;
/** Most words of context in `prefix-` and `-suffix`. */
export const CONTEXT_WORDS = 3;

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Percent-encodes a directive term: everything `encodeURIComponent` does, plus `-`. */
export function encodeTerm(term: string): string {
  return encodeURIComponent(term).replace(/-/g, '%2D');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function words(text: string): string[] {
  const c = collapse(text);
  return c === '' ? [] : c.split(' ');
}

/** The part of a partial word at the end of `prefix` that the quote continues. */
function wordTail(prefix: string, exact: string): string {
  if (!WORD_CHAR.test(exact[0] ?? '') || !WORD_CHAR.test(prefix.at(-1) ?? '')) return '';
  let i = prefix.length;
  while (i > 0 && WORD_CHAR.test(prefix[i - 1]!)) i--;
  return prefix.slice(i);
}

/** The part of a partial word at the start of `suffix` that the quote continues. */
function wordHead(suffix: string, exact: string): string {
  if (!WORD_CHAR.test(exact.at(-1) ?? '') || !WORD_CHAR.test(suffix[0] ?? '')) return '';
  let i = 0;
  while (i < suffix.length && WORD_CHAR.test(suffix[i]!)) i++;
  return suffix.slice(0, i);
}

/** Up to CONTEXT_WORDS whole words of `context` next to the quote, not across a line break. */
function contextWords(context: string, side: 'before' | 'after', isWhole: boolean): string {
  const lines = context.split(/\r?\n/);
  const line = side === 'before' ? lines.at(-1)! : lines[0]!;
  const list = words(line);
  // A context cut at the stored 32 characters may begin or end inside a word: drop that word.
  const cut = !isWhole && lines.length === 1 && list.length > 0;
  if (side === 'before')
    return list
      .slice(cut ? 1 : 0)
      .slice(-CONTEXT_WORDS)
      .join(' ');
  return list
    .slice(0, cut ? -1 : undefined)
    .slice(0, CONTEXT_WORDS)
    .join(' ');
}

/** `textStart` and optional `textEnd` words for a quote (whole words, white space collapsed). */
function quoteTerms(quote: string): string[] {
  const lines = quote
    .split(/\r?\n/)
    .map(words)
    .filter((line) => line.length > 0);
  const all = lines.flat();
  if (lines.length > 1) {
    // Spans blocks: a single term cannot match across them.
    return [lines[0]!.slice(0, RANGE_WORDS).join(' '), lines.at(-1)!.slice(-RANGE_WORDS).join(' ')];
  }
  const exact = all.join(' ');
  if (exact.length <= MAX_EXACT_TERM || all.length < 2) return [exact];
  const n = Math.min(RANGE_WORDS, Math.floor(all.length / 2));
  return [all.slice(0, n).join(' '), all.slice(-n).join(' ')];
}

/** The parts of a directive: context before, the quote's terms, context after (encoded). */
function directiveParts(
  selector: Pick<QuoteSelector, 'exact' | 'prefix' | 'suffix'>,
): { before: string[]; terms: string[]; exact: string[]; after: string[] } | null {
  const head = wordTail(selector.prefix, selector.exact);
  const tail = wordHead(selector.suffix, selector.exact);
  const quote = `${head}${selector.exact}${tail}`;
  if (words(quote).length === 0) return null;
  const prefix = selector.prefix.slice(0, selector.prefix.length - head.length);
  const suffix = selector.suffix.slice(tail.length);
  // Context shorter than stored means it reached the start or end of the text: it is whole.
  const before = contextWords(prefix, 'before', selector.prefix.length < CONTEXT_LENGTH);
  const after = contextWords(suffix, 'after', selector.suffix.length < CONTEXT_LENGTH);
  return {
    before: before === '' ? [] : [`${encodeTerm(before)}-`],
    terms: quoteTerms(quote).map(encodeTerm),
    exact: quoteTerms(selector.exact).map(encodeTerm),
    after: after === '' ? [] : [`-${encodeTerm(after)}`],
  };
}

/** The `text=` directive value (without `text=`) for a selector, or `null` for an empty quote. */
export function textDirective(
  selector: Pick<QuoteSelector, 'exact' | 'prefix' | 'suffix'>,
): string | null {
  const parts = directiveParts(selector);
  return parts && [...parts.before, ...parts.terms, ...parts.after].join(',');
}

/**
 * `url` with a text directive for the quote: `#:~:text=[prefix-,]start[,end][,-suffix]`, then
 * the fallbacks that differ from it (see above): `&text=start[,end]` without context and the
 * stored quote unwidened. An existing fragment (an SPA route, an anchor) is kept before `:~:`;
 * an existing directive is replaced. Returns `url` unchanged for an empty quote.
 */
export function textFragmentLink(
  url: string,
  selector: Pick<QuoteSelector, 'exact' | 'prefix' | 'suffix'>,
): string {
  const parts = directiveParts(selector);
  if (parts === null) return url;
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = fragmentBeforeDirective(
    hashAt === -1 ? '' : url.slice(hashAt + 1).split(':~:')[0]!,
  );
  const terms = parts.terms.join(',');
  const candidates = [[...parts.before, terms, ...parts.after].join(','), terms];
  if (parts.exact.length > 0) candidates.push(parts.exact.join(','));
  const directives = [...new Set(candidates)];
  return `${base}#${fragment}:~:${directives.map((d) => `text=${d}`).join('&')}`;
}

/** What `snippetLink` reads of a snippet: its page as shared and its quote. */
export type LinkedSnippet = {
  url: string;
  quote: { exact: string; prefix?: string | undefined; suffix?: string | undefined };
};

/**
 * The address of a snippet: its page opened at the quote (`#:~:text=…`). Every surface that
 * opens or copies a snippet uses this one function. `snippet.url` is the URL as shared (secrets
 * and any old directive already removed, see `sharedUrl`); its own fragment (an SPA route, an
 * anchor) is kept before `:~:`. A quote missing its context links without `prefix-`/`-suffix`.
 */
export function snippetLink(snippet: LinkedSnippet): string {
  const { exact, prefix = '', suffix = '' } = snippet.quote;
  return textFragmentLink(snippet.url, { exact, prefix, suffix });
}
