/**
 * Saving edits without a Save button. Changes are merged into one pending patch; the patch is
 * sent `delayMs` after the last change (typing), or at once on `flush()` (blur, Enter, a switch
 * or tag change, the page being hidden). Saves run one after another, in order, so a later
 * edit of a field never loses to an earlier one.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type Failure, toFailure } from './env.ts';

export type SaveState =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'error'; error: Failure };

export type Autosave<P> = {
  status: SaveState;
  /** Adds `patch` to what is pending; saves after the delay, or now with `immediate`. */
  schedule(patch: Partial<P>, immediate?: boolean): void;
  /** Sends whatever is pending now; resolves when every save so far has finished. */
  flush(): Promise<void>;
  /** Drops whatever is pending (Undo); saves already sent still finish. */
  cancel(): void;
};

/** Autosave through `save`, debounced by `delayMs` while typing. */
export function useAutosave<P extends object>(
  save: (patch: Partial<P>) => Promise<void>,
  delayMs: number,
): Autosave<P> {
  const [status, setStatus] = useState<SaveState>({ state: 'idle' });
  const pending = useRef<Partial<P> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const patch = pending.current;
    pending.current = null;
    if (patch) {
      setStatus({ state: 'saving' });
      chain.current = chain.current.then(() =>
        saveRef.current(patch).then(
          () => setStatus({ state: 'saved' }),
          (error: unknown) => setStatus({ state: 'error', error: toFailure(error) }),
        ),
      );
    }
    return chain.current;
  }, []);

  const schedule = useCallback(
    (patch: Partial<P>, immediate = false) => {
      pending.current = { ...pending.current, ...patch };
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      if (immediate) void flush();
      else timer.current = setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
  }, []);

  useEffect(() => {
    const onHide = () => void flush();
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, [flush]);

  return { status, schedule, flush, cancel };
}
