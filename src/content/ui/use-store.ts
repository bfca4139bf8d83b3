/** The Preact side of the content store: a hook that re-renders on the parts a component reads. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Store } from '../store.ts';

/** Re-renders the calling component when `select(state)` changes (by identity). */
export function useStore<S extends object, T>(store: Store<S>, select: (state: S) => T): T {
  const selectRef = useRef(select);
  selectRef.current = select;
  const [value, setValue] = useState(() => select(store.get()));
  useEffect(() => {
    const update = () => setValue(() => selectRef.current(store.get()));
    update();
    return store.subscribe(update);
  }, [store]);
  return value;
}
