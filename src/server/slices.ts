/**
 * Long work in bounded slices: `yieldEvery(ms)` gives a function to call between steps that,
 * once `ms` of work has run since the last pause, lets the event loop answer other requests
 * (`setImmediate`, after pending I/O) before going on. A synchronous database driver never
 * yields on its own: without this, one import would hold every other request.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Default work between pauses: short enough that other requests wait a few ms at most. */
export const SLICE_MS = 10;

export function yieldEvery(ms: number = SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < ms) return;
    await nextTurn();
    since = performance.now();
  };
}
