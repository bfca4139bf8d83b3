/**
 * The overlay's words about who engaged with a page or a link ("Ann and Bo", "2 bookmarks ·
 * 1 snippet", "2 people: Ann and Bo"). The background writes them, where `Intl` is already
 * warm, and sends them with the data: the first `Intl` call in a page's content-script world
 * costs the page 20–30 ms of ICU set-up on its main thread, so the content script makes none.
 */
import type { LinkInfo, PageEngagement, PagePerson, PillLabels } from '../core/messages.ts';
import { isolate } from './bidi.ts';
import { formatCount, type I18nApi, t, tPlural, uiLocale } from './i18n.ts';

/** People in the user's network first, keeping the background's order otherwise. */
export function networkFirst(people: readonly PagePerson[]): PagePerson[] {
  return [...people.filter((p) => p.inNetwork), ...people.filter((p) => !p.inNetwork)];
}

/** The names to show and how many more there are: the first `shown` people, network first. */
export function summarizePeople(
  people: readonly PagePerson[],
  shown = 2,
): { names: string[]; others: number } {
  const ordered = networkFirst(people);
  return {
    names: ordered.slice(0, shown).map((p) => p.name || p.handle),
    others: Math.max(0, ordered.length - shown),
  };
}

/** "Ann and Bo" in the UI language, each name isolated (a name cannot reorder the next). */
function listOf(names: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names.map(isolate));
}

const COUNT_KEYS = [
  ['bookmarks', 'contentCountBookmarks'],
  ['snippets', 'contentCountSnippets'],
  ['comments', 'contentCountComments'],
  ['likes', 'contentCountLikes'],
] as const;

/** The pill's two lines: who ("Ann, Bo and 3 others") and how much ("2 bookmarks · 1 like"). */
export function pillLabels(
  engagement: Pick<PageEngagement, 'people' | 'counts'>,
  i18n?: I18nApi,
): PillLabels {
  const locale = uiLocale(i18n);
  const { names, others } = summarizePeople(engagement.people);
  let people: string;
  if (names.length === 0) people = t('contentPillNobody', undefined, i18n);
  else if (others === 0) people = listOf(names, locale);
  else {
    const subs = [names.map(isolate).join(', '), formatCount(others, locale)];
    people = tPlural('contentPillPeopleOthers', others, subs, i18n);
  }
  const counts = COUNT_KEYS.map(([field, key]) => [engagement.counts[field], key] as const)
    .filter(([n]) => n > 0)
    .map(([n, key]) => tPlural(key, n, [formatCount(n, locale)], i18n))
    .join(' · ');
  return { people, counts };
}

/** A link mark's title: "2 from your network: Ann and Bo". */
export function linkMarkLabel(info: Omit<LinkInfo, 'label'>, i18n?: I18nApi): string {
  const locale = uiLocale(i18n);
  const names = info.people.map((p) => p.name || p.handle);
  return t('contentLinkMark', [formatCount(info.count, locale), listOf(names, locale)], i18n);
}

/** Adds its mark's title to every link the local index answered for. */
export function labelLinks(
  found: Record<string, Omit<LinkInfo, 'label'>>,
  i18n?: I18nApi,
): Record<string, LinkInfo> {
  const out: Record<string, LinkInfo> = {};
  for (const [url, info] of Object.entries(found)) {
    out[url] = { ...info, label: linkMarkLabel(info, i18n) };
  }
  return out;
}
