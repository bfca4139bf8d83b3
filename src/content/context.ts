/** What every content feature receives: the store, the background, the page and the UI host. */
import type { ContentMethod, ContentParamsOf, ContentResults } from '../core/messages.ts';
import type { ContentStore } from './state.ts';

/** A typed call to the background (`callBackground` without its `api` parameter). */
export type ContentCall = <M extends ContentMethod>(
  method: M,
  params: ContentParamsOf<M>,
) => Promise<ContentResults[M]>;

/** The part of `storage.local` the content script uses (dismissals). */
export type LocalStorage = {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};

export type ContentContext = {
  store: ContentStore;
  call: ContentCall;
  storage: LocalStorage;
  doc: Document;
  win: Window;
  /** True for elements Outloud itself added (its host), which page scans skip. */
  isOwn(element: Element): boolean;
};
