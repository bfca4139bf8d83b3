/** Keeps a page's sync status fresh while it is open (popup and options poll the same way). */
import { useEffect } from 'preact/hooks';
import type { SyncStatus } from '../core/messages.ts';
import type { PageEnv } from './env.ts';

/** How often an open page asks the background for its sync status (a local read, no network). */
export const STATUS_POLL_MS = 2000;

/** Calls `getStatus` every `STATUS_POLL_MS` and hands each answer to `onStatus`. */
export function useStatusPoll(call: PageEnv['call'], onStatus: (s: SyncStatus) => void): void {
  useEffect(() => {
    const timer = setInterval(() => {
      call('getStatus', {}).then(onStatus, () => {});
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [call, onStatus]);
}
