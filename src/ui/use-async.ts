/** A hook that runs an async load on mount (and on demand) and tracks its state. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Failure, toFailure } from './env.ts';

export type AsyncState<T> =
  | { state: 'loading' }
  | { state: 'ok'; value: T }
  | { state: 'error'; error: Failure };

/**
 * Runs `load` when the component mounts and whenever `deps` change; `reload()` runs it again
 * (keeping the last value on screen while it does). Answers that arrive after a newer load
 * started, or after unmount, are ignored. The returned object changes only when the state does.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): AsyncState<T> & { reload(): Promise<void> } {
  const [result, setResult] = useState<AsyncState<T>>({ state: 'loading' });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const value = await loadRef.current();
      if (mine === generation.current) setResult({ state: 'ok', value });
    } catch (error) {
      if (mine === generation.current) setResult({ state: 'error', error: toFailure(error) });
    }
  }, []);

  useEffect(() => {
    void run();
    return () => {
      generation.current++;
    };
  }, deps);

  return useMemo(() => ({ ...result, reload: run }), [result, run]);
}
