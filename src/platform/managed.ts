/**
 * The organisation's preset settings, read from managed storage: Chrome fills
 * `storage.managed` from policy (the keys `assets/managed-schema.json` declares), Firefox from
 * enterprise policies (`policies.json`, `3rdparty.Extensions.<id>`). The one place that reads
 * it. A browser without it, or without a policy (Firefox rejects the read then), or a test,
 * reads as no policy at all.
 */
import { type ManagedPolicy, readManagedPolicy } from '../core/managed-settings.ts';

/** The part of `storage.managed` this module uses. */
export type ManagedArea = { get(keys?: null): Promise<Record<string, unknown>> };

/** The policy in `area`, or none when there is no area or reading it fails. */
export async function readManaged(area: ManagedArea | null | undefined): Promise<ManagedPolicy> {
  if (!area) return {};
  try {
    return readManagedPolicy(await area.get(null));
  } catch {
    return {};
  }
}
