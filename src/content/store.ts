/**
 * A tiny observable store for the content script's state, shared by the imperative features
 * (highlights, link marks, selection) and the Preact UI in the shadow root (`useStore`, in the
 * overlay bundle: this file stays free of Preact so the always-loaded script stays small).
 */
export type Listener = () => void;

export class Store<S extends object> {
  private state: S;
  private readonly listeners = new Set<Listener>();

  constructor(initial: S) {
    this.state = initial;
  }

  get(): S {
    return this.state;
  }

  /** Merges `patch` into the state and notifies subscribers when anything changed. */
  set(patch: Partial<S>): void {
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof S>) {
      if (this.state[key] !== patch[key]) changed = true;
    }
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
