/**
 * Which lookup mode the extension uses when the person has not chosen one: `local` (a copy of
 * everything they may see, nothing sent on page view) while the organisation's copy fits the
 * budget, `range` (a short urlKey prefix sent, matched locally) above it. Pure: the background
 * reads `GET /v1/org` and the settings, and asks these functions.
 */
import type { AutoMode, LookupChoice, LookupMode } from './messages.ts';

/**
 * Items (bookmarks, snippets, statuses and comments, as `GET /v1/org` counts them) the local
 * copy holds by itself. Measured in Chromium (BENCHMARKS.md, "The local copy in Chromium" and
 * "1,000,000 changes in Chromium"): 613 B of IndexedDB per stored object and a first sync of
 * 2,116 changes a second on a quiet 2-core machine (965 on a loaded one), so 250,000 items
 * (about 300,000 objects with their likes) is about 185 MB of the profile and a first sync of
 * 2½ to 5 minutes, resumable and with progress: what a browser profile can carry without the
 * person noticing. Above it, `range`.
 */
export const LOCAL_COPY_BUDGET = 250_000;

/** Longest wait between two reads of `GET /v1/org` (the size changes slowly). */
export const ORG_REFRESH_MS = 3 * 60 * 60 * 1000;

/** `local` while `items` fits `budget`, `range` above it. */
export function chooseMode(items: number, budget: number = LOCAL_COPY_BUDGET): AutoMode {
  return { mode: items <= budget ? 'local' : 'range', items, budget };
}

/**
 * The mode to use: the person's own choice when they made one, else the automatic choice from
 * `items` (the organisation's size, null when not known yet: `local`, the private default)
 * against the organisation's budget (managed policy `localCopyBudget`) or `LOCAL_COPY_BUDGET`.
 */
export function lookupChoice(
  settings: {
    lookupMode: LookupMode;
    lookupModeChosen: boolean;
    managed?: { localCopyBudget?: number };
  },
  items: number | null,
  budget: number = settings.managed?.localCopyBudget ?? LOCAL_COPY_BUDGET,
): LookupChoice {
  const auto = items === null ? null : chooseMode(items, budget);
  if (settings.lookupModeChosen) return { mode: settings.lookupMode, chosen: true, auto };
  return { mode: auto?.mode ?? 'local', chosen: false, auto };
}

/** Whether `/v1/org` should be read again: never read, or read `ORG_REFRESH_MS` ago. */
export function orgIsStale(fetchedAt: number | null, now: number): boolean {
  return fetchedAt === null || now - fetchedAt >= ORG_REFRESH_MS || now < fetchedAt;
}
