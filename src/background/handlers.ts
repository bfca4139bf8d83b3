/**
 * The handlers behind every `UiParams` and `ContentParams` method. Params arrive validated by
 * the router; each handler answers the method's result type or throws a `HandlerError`.
 */

import { audienceOf } from '../core/audience.ts';
import { type ContentSettings, marksAllowed, overlayAllowed } from '../core/content-settings.ts';
import { isExcludedUrl } from '../core/excluded-sites.ts';
import { uuidv7 } from '../core/ids.ts';
import { lookupChoice } from '../core/lookup-choice.ts';
import { allowedChange } from '../core/managed-settings.ts';
import type { PageEngagement, Settings } from '../core/messages.ts';
import { permalinkBaseOf } from '../core/permalink.ts';
import { type PageIdentity, pageIdentity } from '../core/url.ts';
import type { Person } from '../core/wire.ts';
import { labelLinks, pillLabels } from '../i18n/engagement-labels.ts';
import { Api, ApiError } from '../platform/api.ts';
import { anyPageKnown } from '../platform/mirror-queries.ts';
import { retryFailed } from '../platform/outbox.ts';
import type { Credentials, StoredOrg } from '../platform/settings.ts';
import { type PreparedUrl, prepareUrl } from './actions.ts';
import { namesAmong } from './audiences.ts';
import { discardFailed } from './discard.ts';
import { HandlerError, signedOut } from './errors.ts';
import { feed, markNotificationsRead, myTags, notifications, searchPeople } from './feed.ts';
import { GroupActions } from './group-actions.ts';
import {
  apiRefusal,
  authConfig,
  completeSignIn,
  requireAllowedServer,
  revokeQuietly,
  signInWithOrganisation,
} from './org-sign-in.ts';
import { linkEngagement, pageEngagement } from './page-engagement.ts';
import { requirePage } from './page-scope.ts';
import type { Caller, ContentHandlers, UiHandlers } from './router.ts';
import type { Services } from './services.ts';
import { tabPageUrl } from './tab-page.ts';
import { exportFile, importBatch } from './transfer.ts';
import { wipeLocalData } from './undelivered.ts';

/** Who `credentials` sign in as, or a `HandlerError` saying exactly why not. */
export async function whoAmI(s: Services, credentials: Credentials): Promise<Person> {
  const api = new Api({ ...credentials, fetch: s.fetch });
  try {
    return await api.me();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 401 && err.code === 'token_expired') {
      throw new HandlerError('token-expired', 'The server says this token has expired.');
    }
    if (err.status === 401) {
      throw new HandlerError('unauthorized', `The server refused this token: ${err.message}`, {
        detail: err.message,
      });
    }
    if (err.status === 0) {
      throw new HandlerError('unreachable', err.message, { detail: err.message });
    }
    throw new HandlerError('server', `The server answered ${err.status}: ${err.message}`, {
      detail: err.message,
      status: err.status,
    });
  }
}

async function me(s: Services): Promise<string> {
  const person = await s.settings.me();
  if (!person) throw signedOut();
  return person.handle;
}

async function tabOf(s: Services, tabId: number | undefined) {
  const tab = tabId === undefined ? await s.platform.activeTab() : await s.platform.tab(tabId);
  if (!tab) throw new HandlerError('no-tab', 'There is no such tab.');
  return tab;
}

/**
 * Engagement with `url` by the configured lookup mode; excluded sites never ask the server.
 * `known` passes the settings and person a caller has already read.
 */
async function engagementFor(
  s: Services,
  url: string,
  known?: { settings: Settings; person: Person | null; org: StoredOrg | null },
) {
  const [settings, person, api, org] = await Promise.all([
    known?.settings ?? s.settings.get(),
    known ? known.person : s.settings.me(),
    s.sync.api(),
    known ? known.org : s.settings.org(),
  ]);
  const size = org?.size ?? null;
  const chosen = lookupChoice(settings, size?.items ?? null).mode;
  const mode = isExcludedUrl(url, settings.excludedSites) ? 'local' : chosen;
  const found = await pageEngagement(
    s.db,
    api,
    person?.handle ?? null,
    url,
    mode,
    size?.prefixLength,
  );
  return withGroupNames(s, found);
}

/** `engagement` with the names of the groups its items are shared with, for their labels. */
async function withGroupNames(s: Services, engagement: PageEngagement): Promise<PageEngagement> {
  const ids = [...engagement.bookmarks, ...engagement.snippets, ...engagement.statuses].flatMap(
    (i) => (i.visibility === 'group' ? (i.groups ?? []) : []),
  );
  if (ids.length === 0) return engagement;
  const known = await s.audiences.known();
  return { ...engagement, groupNames: namesAmong(known.items, ids) };
}

/** The Groups view's actions over the background's parts (`group-actions.ts`). */
function groupActionsOf(s: Services): GroupActions {
  return new GroupActions({
    db: s.db,
    api: () => s.sync.api(),
    me: async () => (await s.settings.me())?.handle ?? null,
    newId: () => uuidv7(s.now()),
    changed: () => void s.sync.run('action').catch(() => undefined),
  });
}

export function uiHandlers(s: Services): UiHandlers {
  const groupActions = groupActionsOf(s);
  return {
    getStatus: () => s.sync.status(),
    getSettings: () => s.settings.get(),
    async setSettings(patch) {
      const allowed = allowedChange(patch, await s.settings.policy());
      if (!allowed.ok) {
        throw new HandlerError('managed', `The organisation set ${allowed.refused}.`);
      }
      const next = await s.settings.update(allowed.change);
      void s.badge.refresh().catch(() => undefined);
      return next;
    },
    testConnection: (credentials) => whoAmI(s, credentials),
    async signIn({ discardPending, ...credentials }) {
      await requireAllowedServer(s, credentials.serverUrl);
      const person = await whoAmI(s, credentials);
      await completeSignIn(s, credentials, person, discardPending);
      return person;
    },
    async signOut({ discardPending }) {
      const credentials = await s.settings.credentials();
      await wipeLocalData(s, {
        discardPending: discardPending === true,
        deliver: true,
        reason: { kind: 'sign-out' },
      });
      // Signed out here whatever the server says; it forgets this device when it can be reached.
      if (credentials) await revokeQuietly(s, credentials);
      void s.badge.refresh().catch(() => undefined);
      return null;
    },
    authConfig: ({ serverUrl }) => authConfig(s, serverUrl),
    signInWithOrganisation: (params) => signInWithOrganisation(s, params),
    async listDevices() {
      const api = await s.sync.api();
      if (!api) throw signedOut();
      return api.devices().catch((err) => {
        throw apiRefusal(err);
      });
    },
    async revokeDevice({ id }) {
      const api = await s.sync.api();
      if (!api) throw signedOut();
      try {
        const devices = await api.devices();
        // This browser signs out through `signOut`, which keeps what has not been sent.
        if (id === 'current' || devices.some((d) => d.id === id && d.current)) {
          throw new HandlerError('forbidden', 'Sign out to revoke this browser.');
        }
        await api.revokeDevice(id);
        return await api.devices();
      } catch (err) {
        throw apiRefusal(err);
      }
    },
    async bookmarkTab({ tabId }) {
      const tab = await tabOf(s, tabId);
      if (!tab.url) throw new HandlerError('no-url', 'This tab has no address Outloud can read.');
      const url = await tabPageUrl(s.platform, { id: tab.id, url: tab.url });
      const result = await s.actions.bookmarkUrl(url, tab.title);
      void s.badge.refresh(tab.id).catch(() => undefined);
      return result;
    },
    updateBookmark: ({ id, patch }) => s.actions.updateBookmark(id, patch),
    deleteBookmark: ({ id }) => s.actions.deleteOwn('bookmark', id),
    myTags: async () => myTags(s.db, await me(s)),
    postStatus: (input) => s.actions.postStatus(input),
    searchPeople: async ({ q, limit }) =>
      searchPeople(s.db, (await s.settings.me())?.handle ?? null, q, limit ?? 10),
    follow: ({ handle }) => s.actions.setFollow(handle, true),
    unfollow: ({ handle }) => s.actions.setFollow(handle, false),
    async tabInfo({ tabId }) {
      const tab = await tabOf(s, tabId);
      let page: PreparedUrl | null = null;
      let reason: string | null = null;
      try {
        if (!tab.url) throw new HandlerError('no-url', 'This tab has no address Outloud can read.');
        page = await prepareUrl(await tabPageUrl(s.platform, { id: tab.id, url: tab.url }));
      } catch (err) {
        if (!(err instanceof HandlerError)) throw err;
        reason = err.code;
      }
      return { url: page?.sent ?? tab.url, title: tab.title, bookmarkable: page !== null, reason };
    },
    pageEngagement: ({ url }) => engagementFor(s, url),
    feed: async ({ limit, group }) => feed(s.db, await me(s), limit ?? 50, group),
    knownGroups: ({ refresh }) => (refresh ? s.audiences.refresh() : s.audiences.known()),
    audienceChoices: ({ url }) => s.audiences.choices(url ?? null),
    async rememberAudience({ url, audience }) {
      await s.audiences.remember(url ?? null, audience);
      return null;
    },
    notifications: async () => notifications(s.db, await me(s)),
    async markNotificationsRead() {
      await markNotificationsRead(s.db, await me(s));
      return null;
    },
    shareSnippet: (draft) => s.actions.shareSnippet(draft),
    addComment: ({ targetId, text }) => s.actions.addComment(targetId, text),
    deleteComment: ({ id }) => s.actions.deleteOwn('comment', id),
    like: ({ targetId }) => s.actions.setLike(targetId, true),
    unlike: ({ targetId }) => s.actions.setLike(targetId, false),
    async syncNow() {
      await s.sync.run('manual');
      return s.sync.status();
    },
    async retryFailed() {
      await retryFailed(s.db);
      await s.sync.run('manual');
      return s.sync.status();
    },
    async discardFailed({ id }) {
      if ((await discardFailed(s.db, id)) > 0) {
        void s.badge.refresh().catch(() => undefined);
        // Pulls from scratch (the cursor was reset), bringing back the server's version.
        await s.sync.run('manual');
      }
      return s.sync.status();
    },
    async importBookmarks({ bookmarks, visibility }) {
      if (!(await s.settings.credentials())) throw signedOut();
      const deps = { db: s.db, me: await me(s), now: s.now };
      const summary = await importBatch(deps, bookmarks, visibility);
      if (summary.imported > 0) {
        void s.badge.refresh().catch(() => undefined);
        void s.sync.run('action').catch(() => undefined);
      }
      return summary;
    },
    async exportBookmarks() {
      const person = await s.settings.me();
      if (!person) throw signedOut();
      return exportFile(s.db, person);
    },
    listGroups: () => groupActions.list(),
    createGroup: (input) => groupActions.create(input),
    editGroup: ({ id, ...input }) => groupActions.edit(id, input),
    deleteGroup: ({ id }) => groupActions.deleteGroup(id),
    joinGroup: ({ id }) => groupActions.join(id),
    askToJoin: ({ id }) => groupActions.ask(id),
    leaveGroup: ({ id }) => groupActions.leave(id),
    groupMembers: ({ id }) => groupActions.members(id),
    setMemberRole: ({ id, handle, role }) => groupActions.setRole(id, handle, role),
    removeMember: ({ id, handle }) => groupActions.remove(id, handle),
    answerRequest: ({ id, handle, approve }) => groupActions.answer(id, handle, approve),
    groupFlags: () => groupActions.flags(),
    hideItem: ({ itemId, reason }) => groupActions.hide(itemId, reason),
    unhideItem: ({ itemId }) => groupActions.unhide(itemId),
  };
}

/**
 * The settings that apply to the caller's page, what they were worked out from, and the stored
 * organisation (its size chooses the lookup, its public address the permalinks), read together.
 */
async function contentSettings(s: Services, caller: Caller) {
  const [settings, credentials, person, anyPage, org] = await Promise.all([
    s.settings.get(),
    s.settings.credentials(),
    s.settings.me(),
    anyPageKnown(s.db),
    s.settings.org(),
  ]);
  const applying: ContentSettings = {
    overlay: settings.overlay,
    linkMarks: settings.linkMarks,
    excluded: caller.url === null || isExcludedUrl(caller.url, settings.excludedSites),
    signedIn: credentials !== null && person !== null,
    knownPages: anyPage,
  };
  return { applying, settings, person, org };
}

/** The page's identity from its address and `rel=canonical`, or null when it has none. */
function identify(href: string, canonical: string | null): PageIdentity | null {
  try {
    return pageIdentity(href, canonical ?? undefined);
  } catch {
    return null;
  }
}

export function contentHandlers(s: Services): ContentHandlers {
  const excluded = async (caller: Caller) =>
    caller.url === null || isExcludedUrl(caller.url, (await s.settings.get()).excludedSites);
  return {
    async pageState({ href, canonical, links }, caller) {
      // The page's address is the browser's (the sent one only has to agree with it).
      const address = requirePage(caller.pages, href);
      const { applying, ...known } = await contentSettings(s, caller);
      const page = identify(address, canonical);
      // Signed out, excluded, overlay or marks off: the page or its links are not even looked up.
      const [engagement, linkInfo] = await Promise.all([
        page && overlayAllowed(applying) ? engagementFor(s, page.url, known) : null,
        page && links?.length && marksAllowed(applying) ? linkEngagement(s.db, links) : {},
      ]);
      return {
        settings: applying,
        page,
        engagement: engagement && { ...engagement, labels: pillLabels(engagement) },
        links: labelLinks(linkInfo),
        permalinkBase: engagement ? permalinkBaseOf(known.org?.size?.publicUrl) : null,
      };
    },
    async linkEngagement({ urls }, caller) {
      if (await excluded(caller)) return {};
      return labelLinks(await linkEngagement(s.db, urls));
    },
    async loadOverlay(_params, caller) {
      if (caller.tabId === null || caller.frameId === null) {
        throw new HandlerError('no-tab', 'There is no such tab.');
      }
      if (await excluded(caller))
        throw new HandlerError('excluded', 'Outloud is off on this site.');
      await s.platform.injectOverlay(caller.tabId, caller.frameId);
      return null;
    },
    async audienceChoices(_params, caller) {
      return s.audiences.choices(caller.url);
    },
    async shareSnippet(draft, caller) {
      // Shared from the caller's own page (or the canonical it may claim), never another.
      requirePage(caller.pages, draft.url, { canonical: true });
      if (await excluded(caller))
        throw new HandlerError('excluded', 'Outloud is off on this site.');
      const snippet = await s.actions.shareSnippet(draft);
      // The composer's choice is the site's next default (kept in the browser only).
      await s.audiences.remember(caller.url, audienceOf(snippet)).catch(() => undefined);
      return snippet;
    },
    searchPeople: async ({ q, limit }) =>
      searchPeople(s.db, (await s.settings.me())?.handle ?? null, q, limit ?? 10),
    async openSidePanel(_params, caller) {
      await s.platform.openSidePanel(caller.tabId);
      return null;
    },
  };
}
