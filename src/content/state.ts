/** The content script's state: what the page is, what the background knows about it, what is shown. */
import { type ContentSettings, marksAllowed, overlayAllowed } from '../core/content-settings.ts';
import type { LinkInfo, OverlayEngagement } from '../core/messages.ts';
import type { PageIdentity } from '../core/url.ts';
import type { Quote } from '../core/wire.ts';
import type { InView } from './link-collect.ts';
import { Store } from './store.ts';

export type { ContentSettings };

/** A link mark: where to draw it (viewport coordinates) and what it says. */
export type LinkMark = {
  key: number;
  x: number;
  y: number;
  count: number;
  /** Who engaged, written by the background ("2 from your network: Ann and Bo"). */
  label: string;
};

/** The snippet composer, open over a selection. */
export type ComposerState = {
  quote: Quote;
  /** Where to place the composer (viewport coordinates of the selection's end). */
  x: number;
  y: number;
};

export type ContentState = {
  settings: ContentSettings | null;
  page: PageIdentity | null;
  engagement: OverlayEngagement | null;
  /** The pill was hidden by the user for this page or this site. */
  dismissed: boolean;
  /** The pill's details are expanded. */
  expanded: boolean;
  /** Ids of the page's snippets that could not be found in its text. */
  orphans: string[];
  /** The floating share button near a selection (viewport coordinates), or null. */
  shareButton: { x: number; y: number } | null;
  composer: ComposerState | null;
  /**
   * A transient message in the composer area (no selection, shared, failed…); `copyId`: the
   * snippet just shared, whose permalink the notice offers to copy.
   */
  notice: { text: string; error: boolean; copyId?: string } | null;
  /** Where web permalinks live (`PageState.permalinkBase`), or null. */
  permalinkBase: string | null;
  /** The snippet card shown on hover or focus of a highlight. */
  card: { snippetId: string; x: number; y: number } | null;
  marks: LinkMark[];
  /**
   * The links that were in view when the page state was asked for, and what the background
   * answered about them in the same round trip: where link marking starts.
   */
  linksInView: (InView & { found: Record<string, LinkInfo> }) | null;
};

export type ContentStore = Store<ContentState>;

/** A store in its initial, empty state. */
export function createContentStore(): ContentStore {
  return new Store<ContentState>({
    settings: null,
    page: null,
    engagement: null,
    permalinkBase: null,
    dismissed: false,
    expanded: false,
    orphans: [],
    shareButton: null,
    composer: null,
    notice: null,
    card: null,
    marks: [],
    linksInView: null,
  });
}

export { marksAllowed, overlayAllowed };

/** Someone engaged with the page: there is a pill to show. */
export function hasActivity(engagement: OverlayEngagement | null): boolean {
  const e = engagement;
  return !!e && (e.people.length > 0 || e.snippets.length > 0 || e.bookmarks.length > 0);
}
