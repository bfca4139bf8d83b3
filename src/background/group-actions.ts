/**
 * What a person does with groups (issue 15), for the popup's "Groups" view: listing, creating, editing and deleting, joining,
 * asking to join, leaving, members and roles, join requests, and the flags on what they
 * moderate. Unlike items, group actions go to the server at once (there is no offline group
 * state to keep): a refusal comes back as a `HandlerError` whose code the view puts in words
 * (`groupRefusal`: the last owner, not allowed, gone, changed), so nothing is lost silently.
 * A change of the person's groups (created, joined, left) starts a sync, so the local copy gains
 * or drops the group's items and the audience picker's known groups are read again after it.
 */
import { type FlagOnItem, flaggedItem, type GroupAction, groupRefusal } from '../core/groups.ts';
import type { UiResults } from '../core/messages.ts';
import type {
  Group,
  GroupDeleted,
  GroupInput,
  GroupRole,
  Member,
  MembersList,
  Moderation,
} from '../core/wire.ts';
import { type Api, ApiError } from '../platform/api.ts';
import type { OutloudDb } from '../platform/db.ts';
import { commentById, itemById } from '../platform/mirror-queries.ts';
import { HandlerError, signedOut } from './errors.ts';
import { apiRefusal } from './org-sign-in.ts';

export type GroupActionsDeps = {
  db: OutloudDb;
  /** The signed-in person's client, or null when signed out. */
  api(): Promise<Api | null>;
  /** The signed-in person's handle, or null. */
  me(): Promise<string | null>;
  /** A new client id (UUIDv7) for a group being created. */
  newId(): string;
  /** Called after a change the local copy must learn (groups created, joined, left; a hide). */
  changed(): void;
};

const REFUSAL_WORDS: Record<string, string> = {
  'last-owner': 'A group keeps at least one owner: make someone else owner first.',
  'not-allowed': "Only the group's owners and moderators may do that.",
  'group-gone': 'That group no longer exists, or you may not see it.',
  'group-changed': 'That group changed meanwhile.',
  'not-found': 'That item no longer exists, or you may not see it.',
};

export class GroupActions {
  constructor(private readonly deps: GroupActionsDeps) {}

  /** Runs `work` with the signed-in client and handle; server refusals become `HandlerError`s. */
  private async with<T>(
    action: GroupAction | null,
    work: (api: Api, me: string) => Promise<T>,
  ): Promise<T> {
    const [api, me] = await Promise.all([this.deps.api(), this.deps.me()]);
    if (!api || !me) throw signedOut();
    try {
      return await work(api, me);
    } catch (err) {
      if (err instanceof ApiError && action !== null) {
        const refusal = groupRefusal(action, err.status);
        if (refusal) {
          throw new HandlerError(refusal, `${REFUSAL_WORDS[refusal]} (${err.message})`);
        }
      }
      throw apiRefusal(err);
    }
  }

  /** `with`, then `deps.changed()` once the server has taken the change. */
  private async changing<T>(
    action: GroupAction,
    work: (api: Api, me: string) => Promise<T>,
  ): Promise<T> {
    const result = await this.with(action, work);
    this.deps.changed();
    return result;
  }

  list(): Promise<Group[]> {
    return this.with(null, async (api) => (await api.groups()).items);
  }

  create(input: GroupInput): Promise<Group> {
    return this.changing('create', (api) => api.putGroup(this.deps.newId(), input));
  }

  /** Edits group `id` (owners and moderators); labels read the new name after the sync. */
  edit(id: string, input: GroupInput): Promise<Group> {
    return this.changing('edit', (api) => api.putGroup(id, input));
  }

  /**
   * Deletes group `id` (owners). The server makes the items shared with it alone private to
   * their authors and says how many; the sync that follows drops them from the local copy.
   */
  deleteGroup(id: string): Promise<GroupDeleted> {
    return this.changing('delete', (api) => api.deleteGroup(id));
  }

  join(id: string): Promise<Member> {
    return this.changing('join', (api, me) => api.putMember(id, me, 'member'));
  }

  ask(id: string): Promise<Group> {
    return this.with('ask', (api) => api.requestToJoin(id));
  }

  leave(id: string): Promise<null> {
    return this.changing('leave', async (api, me) => {
      await api.deleteMember(id, me);
      return null;
    });
  }

  members(id: string): Promise<MembersList> {
    return this.with('read', (api) => api.members(id));
  }

  setRole(id: string, handle: string, role: GroupRole): Promise<Member> {
    return this.with('role', async (api, me) => {
      const member = await api.putMember(id, handle, role);
      if (handle === me) this.deps.changed();
      return member;
    });
  }

  remove(id: string, handle: string): Promise<null> {
    return this.with('remove', async (api) => {
      await api.deleteMember(id, handle);
      return null;
    });
  }

  answer(id: string, handle: string, approve: boolean): Promise<null> {
    return this.with('answer', async (api) => {
      await api.decideRequest(id, handle, approve);
      return null;
    });
  }

  /** Hides item `id` (a moderator's); the local copy learns it with the next sync. */
  hide(id: string, reason: string): Promise<Moderation> {
    return this.changing('moderate', (api) => api.hideItem(id, reason));
  }

  /** Shows hidden item `id` again. */
  unhide(id: string): Promise<Moderation> {
    return this.changing('moderate', (api) => api.unhideItem(id));
  }

  /** The flags on what the person moderates, each with the local copy's view of its item. */
  flags(): Promise<UiResults['groupFlags']> {
    return this.with(null, async (api) => {
      const { items } = await api.flags();
      return Promise.all(
        items.map(
          async (flag): Promise<FlagOnItem> => ({ ...flag, item: await this.local(flag.itemId) }),
        ),
      );
    });
  }

  private async local(id: string): Promise<FlagOnItem['item']> {
    const item = await itemById(this.deps.db, id);
    if (item) return flaggedItem(item);
    const comment = await commentById(this.deps.db, id);
    if (!comment) return null;
    return flaggedItem(comment, await itemById(this.deps.db, comment.targetId));
  }
}
