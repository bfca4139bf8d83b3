/**
 * One action a button or form starts (like, follow, send a comment): `busy` while it runs, so
 * the control can be disabled against a second click, and whatever it throws handed to
 * `onError` instead of being lost.
 */
import { useState } from 'preact/hooks';

export function useAction(
  onError?: (error: unknown) => void,
): [busy: boolean, run: (work: () => Promise<void>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      onError?.(error);
    } finally {
      setBusy(false);
    }
  };
  return [busy, run];
}
