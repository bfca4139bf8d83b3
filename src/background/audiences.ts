/**
 * Audiences (issue 15): the person's groups as last known, so every surface can offer them and
 * name them without asking the server, and the audience last chosen per site. `GET /v1/groups`
 * (the groups the person may see, with their role in each) is read after every sync run and on
 * request; the last answer is kept in Dexie (a meta row, wiped with the rest of the local
 * data), so offline the last known list answers. The choices per site live in `storage.local`
 * and are never sent anywhere. (The popup's Groups view acts on groups through `group-actions.ts`.)
 */
import {
  type Audience,
  audienceSite,
  readRemembered,
  recallAudience,
  rememberAudience,
} from '../core/audience.ts';
import type { AudienceChoices, GroupChoice, KnownGroups } from '../core/messages.ts';
import type { Group } from '../core/wire.ts';
import { type Api, ApiError } from '../platform/api.ts';
import type { OutloudDb } from '../platform/db.ts';
import { readGroups, writeGroups } from '../platform/meta.ts';
import { AUDIENCES_KEY, type KeyValueStore } from '../platform/settings.ts';

export type AudienceDeps = {
  db: OutloudDb;
  store: KeyValueStore;
  /** An API client for the stored credentials, or null when signed out. */
  api: () => Promise<Api | null>;
  now: () => number;
};

/** The groups the person is in (a role in it), as the picker offers them, by name. */
export function memberGroups(groups: readonly Group[]): GroupChoice[] {
  return groups
    .filter((g) => g.role !== null)
    .map((g) => ({ id: g.id, name: g.name, kind: g.kind }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** Names by id of the known groups among `ids` (for the labels of some items). */
export function namesAmong(
  groups: readonly Group[],
  ids: Iterable<string>,
): Record<string, string> {
  const wanted = new Set(ids);
  const out: Record<string, string> = {};
  for (const g of groups) if (wanted.has(g.id)) out[g.id] = g.name;
  return out;
}

export class AudienceService {
  constructor(private readonly deps: AudienceDeps) {}

  /** The last known list (empty, `fetchedAt` null, before the first answer). */
  async known(): Promise<KnownGroups> {
    const row = await readGroups(this.deps.db);
    return row ? { items: row.items, fetchedAt: row.fetchedAt } : { items: [], fetchedAt: null };
  }

  /**
   * Reads `GET /v1/groups` with `api` and keeps it. A server without groups (404) has none.
   * Any other failure keeps the last known list (offline, a refused token: sync reports those).
   */
  async refreshWith(api: Api): Promise<KnownGroups> {
    try {
      const items = (await api.groups()).items;
      const fetchedAt = new Date(this.deps.now()).toISOString();
      await writeGroups(this.deps.db, { key: 'groups', items, fetchedAt });
      return { items, fetchedAt };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        const fetchedAt = new Date(this.deps.now()).toISOString();
        await writeGroups(this.deps.db, { key: 'groups', items: [], fetchedAt });
        return { items: [], fetchedAt };
      }
      if (!(err instanceof ApiError)) throw err;
      return this.known();
    }
  }

  /** Reads the list again now when signed in; the last known one otherwise. */
  async refresh(): Promise<KnownGroups> {
    const api = await this.deps.api();
    return api ? this.refreshWith(api) : this.known();
  }

  /** What the audience picker offers on the page at `url` (none: away from any page). */
  async choices(url: string | null): Promise<AudienceChoices> {
    const [known, remembered] = await Promise.all([this.known(), this.remembered()]);
    const groups = memberGroups(known.items);
    // Before the list was ever read the remembered groups are kept as they are (the server
    // refuses a group the person left); once read, only groups they are still in.
    const mine = known.fetchedAt === null ? null : groups.map((g) => g.id);
    return { audience: recallAudience(remembered, audienceSite(url), mine), groups };
  }

  /** Remembers `audience` as the last choice on the site of `url`. */
  async remember(url: string | null, audience: Audience): Promise<void> {
    const map = await this.remembered();
    const next = rememberAudience(map, audienceSite(url), audience, this.deps.now());
    await this.deps.store.set({ [AUDIENCES_KEY]: next });
  }

  private async remembered() {
    const got = await this.deps.store.get([AUDIENCES_KEY]);
    return readRemembered(got[AUDIENCES_KEY]);
  }
}
