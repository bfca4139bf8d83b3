// @vitest-environment happy-dom
/**
 * The popup's Groups view against a fake background: the three lists, creating a group (what was
 * typed survives a refusal), asking to join by a pasted id, the last owner's refusal in words,
 * and a group opened by its owner (roles, removal, requests, its flags) or by a plain member.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FlagOnItem } from '../../../src/core/groups.ts';
import type { Group, MembersList } from '../../../src/core/wire.ts';
import { GroupsView } from '../../../src/popup/GroupsView.tsx';
import { type FakeEnv, FakeRpcError, fakeEnv, type Handlers } from '../ui/fake-env.ts';
import { installI18n } from '../ui/fake-i18n.ts';
import { $, click, type Rendered, renderWith, settle, typeInto } from '../ui/render.tsx';

const DESIGN = '0192f0c1-7a2b-7c3d-8e4f-0123456789ab';
const LUNCH = '0192f0c1-7a2b-7c3d-8e4f-0123456789ac';
const ASKED = '0192f0c1-7a2b-7c3d-8e4f-0123456789ad';

function group(over: Partial<Group>): Group {
  return {
    id: DESIGN,
    name: 'Design',
    description: '',
    kind: 'closed',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    members: 2,
    role: null,
    requested: false,
    ...over,
  };
}

const MEMBERS: MembersList = {
  items: [
    { handle: 'ann', name: 'Ann Andersson', role: 'owner', since: '2026-01-01T00:00:00Z' },
    { handle: 'bo', name: 'Bo Berg', role: 'member', since: '2026-01-02T00:00:00Z' },
  ],
  requests: [{ handle: 'cy', name: 'Cy Carlsson', createdAt: '2026-01-03T00:00:00Z' }],
};

const flag = (itemId: string, groups: string[], text: string): FlagOnItem => ({
  itemId,
  handle: 'bo',
  reason: 'off topic',
  createdAt: '2026-01-04T00:00:00Z',
  item: { type: 'status', owner: 'cy', text, url: null, groups, hidden: null },
});

/** Text without the FSI/PDI isolation of substituted names. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/[\u2068\u2069]/g, '');

let view: Rendered | undefined;
async function open(handlers: Handlers): Promise<{ root: HTMLElement; env: FakeEnv }> {
  const env = fakeEnv(handlers);
  view = await renderWith(env, <GroupsView me="ann" />);
  return { root: view.root, env };
}

/** The button whose accessible text (visible words and the name read after them) is `name`. */
function named(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find(
    (b) => plain(b.textContent).replace(/\s+/g, ' ').trim() === name,
  );
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('Groups view', () => {
  it('lists my groups with kind, size and role, the ones I asked for, and open ones', async () => {
    const { root } = await open({
      listGroups: [
        group({ id: LUNCH, name: 'Lunch', kind: 'open', members: 5 }),
        group({ role: 'owner' }),
        group({ id: ASKED, name: 'Secret', requested: true, members: 1 }),
      ],
    });
    const mine = $(root, 'section[aria-labelledby=groups-mine-title]');
    expect(plain($(mine, `[data-group="${DESIGN}"] p.muted`).textContent)).toBe(
      'Closed · 2 members · Owner',
    );
    const pending = $(root, 'section[aria-labelledby=groups-pending-title]');
    expect(plain(pending.textContent)).toContain('Secret');
    expect(named(pending, 'Withdraw request Secret')).toBeTruthy();
    const openList = $(root, 'section[aria-labelledby=groups-open-title]');
    expect(plain($(openList, `[data-group="${LUNCH}"] p.muted`).textContent)).toBe(
      'Open · 5 members',
    );
    expect(named(openList, 'Join Lunch')).toBeTruthy();
  });

  it('says when I am in no group and there is none to join', async () => {
    const { root } = await open({ listGroups: [] });
    expect(root.textContent).toContain('You are in no group yet.');
    expect(root.textContent).toContain('No other open groups.');
    expect(root.querySelector('section[aria-labelledby=groups-pending-title]')).toBeNull();
  });

  it('joins an open group, says so and moves focus to it in my groups', async () => {
    let joined = false;
    const { root, env } = await open({
      listGroups: () => [
        group({ id: LUNCH, name: 'Lunch', kind: 'open', role: joined ? 'member' : null }),
      ],
      joinGroup: () => {
        joined = true;
        return { handle: 'ann', name: 'Ann', role: 'member', since: '2026-01-05T00:00:00Z' };
      },
    });
    await click(named(root, 'Join Lunch'));
    await settle();
    expect(env.callsOf('joinGroup')).toEqual([{ id: LUNCH }]);
    expect(plain($(root, '.groups > p[role=status]').textContent)).toBe('You joined Lunch.');
    expect(document.activeElement?.getAttribute('data-toggle')).toBe(LUNCH);
  });

  it('refuses an empty name in words without asking; a refusal keeps what was typed', async () => {
    const { root, env } = await open({
      listGroups: [],
      createGroup: () => {
        throw new FakeRpcError('unreachable', 'Could not reach the server.');
      },
    });
    await typeInto($(root, '#group-description'), 'Reviews');
    await click(named(root, 'Create group'));
    expect($(root, '#group-name-missing').textContent).toBe('Give the group a name.');
    expect($(root, '#group-name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('group-name');
    expect(env.callsOf('createGroup')).toEqual([]);

    await typeInto($(root, '#group-name'), '  Design  ');
    await click($(root, 'input[name=group-kind][value=open]'));
    await click(named(root, 'Create group'));
    await settle();
    expect(env.callsOf('createGroup')).toEqual([
      { name: 'Design', description: 'Reviews', kind: 'open' },
    ]);
    expect($(root, '.group-create [role=alert]').textContent).toContain(
      'Could not create the group:',
    );
    expect($<HTMLInputElement>(root, '#group-name').value).toBe('  Design  ');
    expect($<HTMLTextAreaElement>(root, '#group-description').value).toBe('Reviews');
  });

  it('creates a group: fields emptied, said, opened and focused', async () => {
    let created = false;
    const { root } = await open({
      listGroups: () => (created ? [group({ role: 'owner', members: 1 })] : []),
      createGroup: (input) => {
        created = true;
        return group({ ...input, role: 'owner', members: 1 });
      },
      groupMembers: { items: [MEMBERS.items[0]!], requests: [] },
      groupFlags: [],
    });
    await typeInto($(root, '#group-name'), 'Design');
    await click(named(root, 'Create group'));
    await settle();
    expect($<HTMLInputElement>(root, '#group-name').value).toBe('');
    expect(plain($(root, '.groups > p[role=status]').textContent)).toBe(
      'Created Design. You are its owner.',
    );
    const toggle = $(root, `[data-toggle="${DESIGN}"]`);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(toggle);
    expect($(root, `[data-group-id="${DESIGN}"]`).textContent).toBe(DESIGN);
  });

  it('asks to join by the id in pasted text; text without an id is refused in words', async () => {
    const { root, env } = await open({
      listGroups: [],
      askToJoin: ({ id }) => group({ id, requested: true }),
    });
    const field = $<HTMLInputElement>(root, '#group-ask-id');
    await typeInto(field, 'the design group');
    await click(named(root, 'Ask to join'));
    expect($(root, '#group-ask-noid').textContent).toContain('There is no group id in that.');
    expect(env.callsOf('askToJoin')).toEqual([]);
    await typeInto(field, `Join us: ${DESIGN.toUpperCase()}`);
    await click(named(root, 'Ask to join'));
    await settle();
    expect(env.callsOf('askToJoin')).toEqual([{ id: DESIGN }]);
    expect(field.value).toBe('');
    expect(plain($(root, '.groups > p[role=status]').textContent)).toBe(
      'You asked to join Design. Its moderators will answer.',
    );
  });

  it("shows the last owner's refusal to leave in words, and keeps the group", async () => {
    const { root } = await open({
      listGroups: [group({ role: 'owner' })],
      leaveGroup: () => {
        throw new FakeRpcError('last-owner', 'a group keeps at least one owner');
      },
    });
    await click(named(root, 'Leave Design'));
    await settle();
    const alert = $(root, '[role=alert]');
    expect(alert.getAttribute('data-code')).toBe('last-owner');
    expect(alert.textContent).toBe(
      'That did not work: A group keeps at least one owner: make someone else owner first.',
    );
    expect(root.querySelector(`[data-group="${DESIGN}"]`)).not.toBeNull();
  });
});

describe('a group opened', () => {
  it('by its owner: roles to choose, removal, requests to answer, its flags', async () => {
    const { root, env } = await open({
      listGroups: [group({ role: 'owner' })],
      groupMembers: MEMBERS,
      groupFlags: [
        flag('0192f0c1-7a2b-7c3d-8e4f-000000000001', [DESIGN], 'in Design'),
        flag('0192f0c1-7a2b-7c3d-8e4f-000000000002', [LUNCH], 'in Lunch'),
      ],
      setMemberRole: ({ handle, role }) => ({ handle, name: 'Bo Berg', role, since: '' }),
      answerRequest: null,
      removeMember: null,
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    // Ann (me) has no controls of her own; Bo's role can be any of three.
    expect(root.querySelector('[data-role-of=ann]')).toBeNull();
    const select = $<HTMLSelectElement>(root, '[data-role-of=bo]');
    expect([...select.options].map((o) => o.textContent)).toEqual(['Owner', 'Moderator', 'Member']);
    expect(select.value).toBe('member');
    expect($(root, `label[for="${select.id}"]`).textContent).toContain('Role of');
    await click(named(root, 'Approve Cy Carlsson'));
    await settle();
    expect(env.callsOf('answerRequest')).toEqual([{ id: DESIGN, handle: 'cy', approve: true }]);
    await click(named(root, 'Remove Bo Berg'));
    await settle();
    expect(env.callsOf('removeMember')).toEqual([{ id: DESIGN, handle: 'bo' }]);
    select.value = 'moderator';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(env.callsOf('setMemberRole')).toEqual([{ id: DESIGN, handle: 'bo', role: 'moderator' }]);
    const flags = [...root.querySelectorAll('.flags > li')].map((li) => plain(li.textContent));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toContain('in Design');
    expect(flags[0]).toContain('Flagged by @bo: off topic');
  });

  it('hides a flagged item with the newest flag’s reason, and shows it again', async () => {
    const itemId = '0192f0c1-7a2b-7c3d-8e4f-000000000001';
    const hidden = { at: '2026-01-05T00:00:00Z', reason: 'off topic', by: 'ann' };
    const { root, env } = await open({
      listGroups: [group({ role: 'moderator' })],
      groupMembers: MEMBERS,
      groupFlags: [flag(itemId, [DESIGN], 'in Design')],
      hideItem: ({ itemId: id }) => ({ itemId: id, hidden }),
      unhideItem: ({ itemId: id }) => ({ itemId: id, hidden: null }),
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    const entry = () => $(root, `[data-flag="${itemId}"]`);
    const hide = $(entry(), 'button');
    expect(hide.textContent).toBe('Hide');
    expect($(root, `#${hide.getAttribute('aria-describedby')}`).textContent).toBe('in Design');
    await click(hide);
    await settle();
    expect(env.callsOf('hideItem')).toEqual([{ itemId, reason: 'off topic' }]);
    expect(entry().getAttribute('data-hidden')).toBe('true');
    expect(plain(entry().textContent)).toContain('Hidden by a moderator: off topic');
    expect(document.activeElement).toBe($(entry(), 'button'));
    expect($(entry(), 'button').textContent).toBe('Show again');
    await click($(entry(), 'button'));
    await settle();
    expect(env.callsOf('unhideItem')).toEqual([{ itemId }]);
    expect(entry().getAttribute('data-hidden')).toBe('false');
    expect(plain(root.textContent)).toContain('Shown again to everyone in the group.');
  });

  it('by a plain member: who is in it, and no moderation', async () => {
    const { root, env } = await open({
      listGroups: [group({ role: 'member' })],
      groupMembers: { ...MEMBERS, requests: [] },
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    expect(root.querySelectorAll('[data-member]')).toHaveLength(2);
    expect(root.querySelector('select')).toBeNull();
    expect(root.textContent).not.toContain('Asking to join');
    expect(root.textContent).not.toContain('Flagged items');
    expect(env.callsOf('groupFlags')).toEqual([]);
    expect(root.querySelector('[data-edit-group]')).toBeNull();
    expect(root.querySelector('[data-delete-group]')).toBeNull();
  });

  it('shows a refused role change in words and the role as the server has it', async () => {
    const { root } = await open({
      listGroups: [group({ role: 'owner' })],
      groupMembers: MEMBERS,
      groupFlags: [],
      setMemberRole: () => {
        throw new FakeRpcError('not-allowed', 'only owners');
      },
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    const select = $<HTMLSelectElement>(root, '[data-role-of=bo]');
    select.value = 'owner';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect($(root, '.group-detail [role=alert]').textContent).toContain(
      "Only the group's owners and moderators may do that.",
    );
    expect($<HTMLSelectElement>(root, '[data-role-of=bo]').value).toBe('member');
  });

  it('edited by its owner: the fields hold it, opening it is said first, saved and said', async () => {
    let current = group({ role: 'owner', description: 'Reviews' });
    const { root, env } = await open({
      listGroups: () => [current],
      groupMembers: MEMBERS,
      groupFlags: [],
      editGroup: ({ id, ...input }) => {
        current = group({ id, ...input, role: 'owner' });
        return current;
      },
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    const edit = named(root, 'Edit group Design');
    expect(edit.getAttribute('aria-expanded')).toBe('false');
    await click(edit);
    expect(edit.getAttribute('aria-expanded')).toBe('true');
    const prefix = `#group-${DESIGN}-edit`;
    expect(edit.getAttribute('aria-controls')).toBe(prefix.slice(1));
    const name = $<HTMLInputElement>(root, `${prefix}-name`);
    expect(name.value).toBe('Design');
    expect($<HTMLTextAreaElement>(root, `${prefix}-description`).value).toBe('Reviews');
    expect(
      $<HTMLInputElement>(root, `input[name="group-${DESIGN}-edit-kind"][value=closed]`).checked,
    ).toBe(true);
    expect(root.querySelector(`${prefix}-opening`)).toBeNull();
    await typeInto(name, ' Design team ');
    await click($(root, `input[name="group-${DESIGN}-edit-kind"][value=open]`));
    expect($(root, `${prefix}-opening`).textContent).toBe(
      'Everyone in the organisation will see what was shared with this group, and may join it.',
    );
    await click(named(root, 'Save'));
    await settle();
    expect(env.callsOf('editGroup')).toEqual([
      { id: DESIGN, name: 'Design team', description: 'Reviews', kind: 'open' },
    ]);
    expect(root.querySelector(prefix)).toBeNull();
    expect($(root, '.group-detail [role=status]').textContent).toBe('Saved.');
    expect(document.activeElement?.getAttribute('data-edit-group')).toBe(DESIGN);
    expect(plain($(root, `[data-toggle="${DESIGN}"]`).textContent)).toBe('Design team');
    expect(plain($(root, `[data-group="${DESIGN}"] p.muted`).textContent)).toContain('Open');
  });

  it('edited: an empty name is refused in words, and a refusal keeps what was typed', async () => {
    const { root, env } = await open({
      listGroups: [group({ role: 'moderator' })],
      groupMembers: MEMBERS,
      groupFlags: [],
      editGroup: () => {
        throw new FakeRpcError('not-allowed', 'only owners and moderators');
      },
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    // A moderator edits but does not delete.
    expect(root.querySelector('[data-delete-group]')).toBeNull();
    await click(named(root, 'Edit group Design'));
    const name = $<HTMLInputElement>(root, `#group-${DESIGN}-edit-name`);
    await typeInto(name, '   ');
    await click(named(root, 'Save'));
    expect($(root, `#group-${DESIGN}-edit-name-missing`).textContent).toBe(
      'Give the group a name.',
    );
    expect(document.activeElement).toBe(name);
    expect(env.callsOf('editGroup')).toEqual([]);
    await typeInto(name, 'Renamed');
    await click(named(root, 'Save'));
    await settle();
    expect(env.callsOf('editGroup')).toHaveLength(1);
    const alert = $(root, '.group-edit [role=alert]');
    expect(alert.textContent).toContain('The group was not saved:');
    expect(alert.textContent).toContain("Only the group's owners and moderators may do that.");
    expect($<HTMLInputElement>(root, `#group-${DESIGN}-edit-name`).value).toBe('Renamed');
    await click(named(root, 'Cancel'));
    expect(root.querySelector(`#group-${DESIGN}-edit`)).toBeNull();
    expect(document.activeElement?.getAttribute('data-edit-group')).toBe(DESIGN);
  });

  it('deleted by its owner after asking, saying how many items became private', async () => {
    let gone = false;
    const { root, env } = await open({
      listGroups: () => (gone ? [] : [group({ role: 'owner' })]),
      groupMembers: MEMBERS,
      groupFlags: [],
      deleteGroup: ({ id }) => {
        gone = true;
        return { id, deleted: true, itemsMadePrivate: 3 };
      },
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    const start = named(root, 'Delete group Design');
    await click(start);
    const question = $(root, `#group-${DESIGN}-delete-question`);
    expect(plain(question.textContent)).toBe(
      'Delete Design for everyone? Items shared with it alone become private to their authors; items also shared with other groups stay there.',
    );
    expect(document.activeElement).toBe(question);
    await click(named(root, 'Cancel'));
    expect(env.callsOf('deleteGroup')).toEqual([]);
    expect(document.activeElement?.getAttribute('data-delete-group')).toBe(DESIGN);
    await click(named(root, 'Delete group Design'));
    await click(named(root, 'Delete for good'));
    await settle();
    expect(env.callsOf('deleteGroup')).toEqual([{ id: DESIGN }]);
    expect(plain($(root, '.groups > p[role=status]').textContent)).toBe(
      'Deleted Design. 3 items shared with it alone are now private to their authors.',
    );
    expect(root.querySelector(`[data-group="${DESIGN}"]`)).toBeNull();
    expect(document.activeElement?.id).toBe('groups-mine-title');
  });

  it('deleted: one item is said in the singular; a refusal is shown and the group kept', async () => {
    let refuse = true;
    const { root } = await open({
      listGroups: () => [group({ role: 'owner' })],
      groupMembers: MEMBERS,
      groupFlags: [],
      deleteGroup: ({ id }) => {
        if (refuse) throw new FakeRpcError('group-gone', 'no such group');
        return { id, deleted: true, itemsMadePrivate: 1 };
      },
    });
    await click($(root, `[data-toggle="${DESIGN}"]`));
    await settle();
    await click(named(root, 'Delete group Design'));
    await click(named(root, 'Delete for good'));
    await settle();
    expect($(root, '.group-delete [role=alert]').getAttribute('data-code')).toBe('group-gone');
    expect(root.querySelector(`[data-group="${DESIGN}"]`)).not.toBeNull();
    refuse = false;
    await click(named(root, 'Delete for good'));
    await settle();
    expect(plain($(root, '.groups > p[role=status]').textContent)).toBe(
      'Deleted Design. 1 item shared with it alone is now private to its author.',
    );
  });
});
