/**
 * Context menus and keyboard commands: "Bookmark this page", "Bookmark this link", "Share
 * selection with colleagues…" (opens the content script's composer; when none answers that it
 * opened, saves the selection as a snippet with an empty comment), `bookmark-page` (Alt+Shift+B: bookmarks the
 * active tab and confirms on the badge) and `share-selection`. Pages are saved under the
 * address `tabPageUrl` gives (the page's trusted canonical), as from the popup.
 */

import type { ComposerAnswer } from '../core/messages.ts';
import type { Platform, TabLike } from '../platform/extension.ts';
import type { Actions } from './actions.ts';
import type { BadgeController } from './badge.ts';
import { tabPageUrl } from './tab-page.ts';

export const MENU = {
  bookmarkPage: 'outloud-bookmark-page',
  bookmarkLink: 'outloud-bookmark-link',
  shareSelection: 'outloud-share-selection',
} as const;

/** Menu entries to create on install: id, i18n message name, contexts. */
export const MENU_ITEMS = [
  {
    id: MENU.bookmarkPage,
    message: 'menuBookmarkPage',
    fallback: 'Bookmark this page',
    contexts: ['page'],
  },
  {
    id: MENU.bookmarkLink,
    message: 'menuBookmarkLink',
    fallback: 'Bookmark this link',
    contexts: ['link'],
  },
  {
    id: MENU.shareSelection,
    message: 'menuShareSelection',
    fallback: 'Share selection with colleagues…',
    contexts: ['selection'],
  },
] as const;

/** What `contextMenus.onClicked` reports (the fields used here). */
export type MenuClick = {
  menuItemId: string | number;
  pageUrl?: string;
  linkUrl?: string;
  linkText?: string;
  selectionText?: string;
};

export type MenuDeps = {
  actions: Actions;
  badge: BadgeController;
  platform: Platform;
  /** Reports failures (no URLs with secrets: only codes and messages). */
  warn?: (message: string) => void;
};

const MAX_QUOTE = 5000;

/**
 * Asks the tab's content script to open the composer; true only when it answered that it did
 * (`{ ok: true }`), false when it did not or when no content script answered.
 */
export async function openComposer(platform: Platform, tabId: number): Promise<boolean> {
  try {
    const answer = await platform.sendToTab(tabId, { type: 'outloud:open-composer' });
    return (answer as Partial<ComposerAnswer> | null | undefined)?.ok === true;
  } catch {
    return false;
  }
}

export class Menus {
  constructor(private readonly deps: MenuDeps) {}

  private async saved(tab: TabLike | null | undefined, work: Promise<unknown>): Promise<void> {
    try {
      await work;
      if (tab) await this.deps.badge.confirmSaved(tab.id);
    } catch (err) {
      this.deps.warn?.(`Outloud: could not save (${err instanceof Error ? err.message : err})`);
      if (tab) await this.deps.badge.refresh(tab.id);
    }
  }

  /** Handles a click on one of Outloud's context menu entries. */
  async onClicked(info: MenuClick, tab: TabLike | null): Promise<void> {
    const { actions, platform } = this.deps;
    const clicked = info.pageUrl ?? tab?.url ?? null;
    // The page's trusted canonical, as the popup and the on-page composer use (tabPageUrl).
    const page = async (url: string) => (tab ? tabPageUrl(platform, { id: tab.id, url }) : url);
    if (info.menuItemId === MENU.bookmarkPage && clicked) {
      await this.saved(
        tab,
        page(clicked).then((url) => actions.bookmarkUrl(url, tab?.title)),
      );
    } else if (info.menuItemId === MENU.bookmarkLink && info.linkUrl) {
      await this.saved(tab, actions.bookmarkUrl(info.linkUrl, info.linkText));
    } else if (info.menuItemId === MENU.shareSelection && clicked) {
      if (tab && (await openComposer(platform, tab.id))) return;
      const exact = (info.selectionText ?? '').trim().slice(0, MAX_QUOTE);
      if (exact === '') return;
      await this.saved(
        tab,
        actions.shareSnippet({
          url: await page(clicked),
          title: (tab?.title ?? '').slice(0, 500),
          quote: { exact },
          comment: '',
        }),
      );
    }
  }

  /** Handles a keyboard command. */
  async onCommand(command: string, tab?: TabLike | null): Promise<void> {
    const { actions, platform } = this.deps;
    const target = tab ?? (await platform.activeTab());
    if (!target) return;
    if (command === 'bookmark-page' && target.url) {
      const url = await tabPageUrl(platform, { id: target.id, url: target.url });
      await this.saved(target, actions.bookmarkUrl(url, target.title));
    } else if (command === 'share-selection') {
      await openComposer(platform, target.id);
    }
  }
}
