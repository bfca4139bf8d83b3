/**
 * The groups the person may see, as the background last read them (`knownGroups`), for the labels
 * of group items (names by id) and the feed's filter (the groups they are in). Nothing while
 * loading or when the background cannot answer: labels then say "a group".
 */
import type { KnownGroups } from '../core/messages.ts';
import { useEnv } from './env.ts';
import { useAsync } from './use-async.ts';

export type GroupsView = {
  /** Names by id of every known group. */
  names: Record<string, string>;
  /** The groups the person is in, by name. */
  mine: Array<{ id: string; name: string }>;
};

/** Names by id, and the person's groups by name, of a groups list. */
export function groupsView(known: KnownGroups | null): GroupsView {
  const items = known?.items ?? [];
  return {
    names: Object.fromEntries(items.map((g) => [g.id, g.name])),
    mine: items
      .filter((g) => g.role !== null)
      .map((g) => ({ id: g.id, name: g.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function useGroups(): GroupsView {
  const { call } = useEnv();
  const known = useAsync(() => call('knownGroups', {}), []);
  return groupsView(known.state === 'ok' ? known.value : null);
}
