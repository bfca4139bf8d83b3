/**
 * Who something is shared with, as the audience picker holds it: everyone, some of the person's
 * groups (one to five), or only them. Pure rules behind the picker, the item's wire fields and
 * the last choice remembered per site (kept in the browser, never sent).
 */
import { LIMITS } from './limits.ts';

export type Audience =
  | { kind: 'public' }
  | { kind: 'private' }
  | { kind: 'group'; groups: string[] };

/** The most groups one item may be shared with (the server's limit). */
export const MAX_AUDIENCE_GROUPS: number = LIMITS.itemGroups;

export const PUBLIC: Audience = { kind: 'public' };
export const ONLY_ME: Audience = { kind: 'private' };

/** The wire fields of an item shared with `audience` (`groups` sorted, as the server keeps them). */
export type AudienceFields =
  | { visibility: 'public' | 'private' }
  | { visibility: 'group'; groups: string[] };

export function audienceFields(audience: Audience): AudienceFields {
  if (audience.kind !== 'group') return { visibility: audience.kind };
  return { visibility: 'group', groups: [...new Set(audience.groups)].sort() };
}

/**
 * The audience of an item as the server or the mirror has it. A group item without groups
 * (none the reader may see) reads as Only me: narrower, never wider, than it is.
 */
export function audienceOf(item: { visibility: string; groups?: readonly string[] }): Audience {
  if (item.visibility === 'group') {
    return item.groups && item.groups.length > 0
      ? { kind: 'group', groups: [...item.groups] }
      : ONLY_ME;
  }
  return item.visibility === 'public' ? PUBLIC : ONLY_ME;
}

/**
 * The picker's audience after group `id` was ticked (`on`) or unticked. Ticking a group leaves
 * Public or Only me for that group; a sixth group is not added (the audience is answered
 * unchanged). Unticking the last group narrows to Only me, never wider than what was chosen.
 */
export function toggleGroup(audience: Audience, id: string, on: boolean): Audience {
  const current = audience.kind === 'group' ? audience.groups : [];
  if (on) {
    if (current.includes(id)) return audience;
    if (current.length >= MAX_AUDIENCE_GROUPS) return audience;
    return { kind: 'group', groups: [...current, id] };
  }
  if (!current.includes(id)) return audience;
  const left = current.filter((g) => g !== id);
  return left.length > 0 ? { kind: 'group', groups: left } : ONLY_ME;
}

/** Whether another group may still be ticked. */
export function canAddGroup(audience: Audience): boolean {
  return audience.kind !== 'group' || audience.groups.length < MAX_AUDIENCE_GROUPS;
}

/** Whether `audience` can be shared with: a group audience needs one to five groups. */
export function complete(audience: Audience): boolean {
  return (
    audience.kind !== 'group' ||
    (audience.groups.length > 0 && audience.groups.length <= MAX_AUDIENCE_GROUPS)
  );
}

/** Two audiences mean the same people (group order aside). */
export function sameAudience(a: Audience, b: Audience): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'group' || b.kind !== 'group') return true;
  const x = [...new Set(a.groups)].sort();
  const y = [...new Set(b.groups)].sort();
  return x.length === y.length && x.every((g, i) => g === y[i]);
}

// ---- the last choice per site ----------------------------------------------------------------

/** The remembered choices: by site, the audience and when it was chosen (epoch ms). */
export type RememberedAudiences = Record<string, { audience: Audience; at: number }>;

/** How many sites keep a remembered choice; the oldest are forgotten first. */
export const REMEMBERED_SITES = 200;

/**
 * The site a choice is remembered for: the page's host, lowercased, without `www.`; `''` (the
 * choice made away from any page, a status without one) when there is no http(s) address.
 */
export function audienceSite(url: string | null | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
    return u.hostname
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** `map` with `audience` remembered for `site` at `at`, keeping the newest `limit` sites. */
export function rememberAudience(
  map: RememberedAudiences,
  site: string,
  audience: Audience,
  at: number,
  limit: number = REMEMBERED_SITES,
): RememberedAudiences {
  const next: RememberedAudiences = { ...map, [site]: { audience: copy(audience), at } };
  const sites = Object.keys(next);
  if (sites.length <= limit) return next;
  const kept = sites.sort((a, b) => next[b]!.at - next[a]!.at).slice(0, limit);
  return Object.fromEntries(kept.map((s) => [s, next[s]!]));
}

/**
 * The audience the picker starts with on `site`: the one remembered there, else public (the
 * product's default). Groups the person is no longer in (`myGroups`, when known) are left out;
 * when none is left the picker starts at "Only me", never wider than what was chosen.
 */
export function recallAudience(
  map: RememberedAudiences,
  site: string,
  myGroups: readonly string[] | null,
): Audience {
  const entry = map[site];
  const audience = entry ? valid(entry.audience) : null;
  if (!audience) return PUBLIC;
  if (audience.kind !== 'group' || myGroups === null) return audience;
  const groups = audience.groups.filter((g) => myGroups.includes(g));
  return groups.length > 0 ? { kind: 'group', groups } : ONLY_ME;
}

/** The stored form read back: anything malformed (another version, a hand edit) counts as none. */
export function readRemembered(raw: unknown): RememberedAudiences {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: RememberedAudiences = {};
  for (const [site, entry] of Object.entries(raw as Record<string, unknown>)) {
    const e = entry as { audience?: unknown; at?: unknown } | null;
    const audience = valid(e?.audience);
    if (audience && typeof e?.at === 'number') out[site] = { audience, at: e.at };
  }
  return out;
}

function valid(raw: unknown): Audience | null {
  const a = raw as { kind?: unknown; groups?: unknown } | null;
  if (a?.kind === 'public') return PUBLIC;
  if (a?.kind === 'private') return ONLY_ME;
  if (a?.kind !== 'group' || !Array.isArray(a.groups)) return null;
  const groups = a.groups.filter((g): g is string => typeof g === 'string');
  if (groups.length === 0 || groups.length > MAX_AUDIENCE_GROUPS) return null;
  return { kind: 'group', groups };
}

function copy(a: Audience): Audience {
  return a.kind === 'group' ? { kind: 'group', groups: [...a.groups] } : a;
}

// ---- labels ----------------------------------------------------------------------------------

/**
 * The names of the groups an item is shared with, from `names` (id → name, the groups the
 * person knows), in code-point order (the overlay bundles no `Intl`: its set-up costs a page
 * 20–30 ms); `unknown` counts those without a known name (a group the list has not caught up
 * with yet).
 */
export function groupLabelNames(
  groups: readonly string[] | undefined,
  names: Readonly<Record<string, string>>,
): { names: string[]; unknown: number } {
  const known: string[] = [];
  let unknown = 0;
  for (const id of new Set(groups ?? [])) {
    const name = Object.hasOwn(names, id) ? names[id] : undefined;
    if (name) known.push(name);
    else unknown++;
  }
  return { names: known.sort(), unknown };
}
