/** The Groups view's pure logic: lists, what a role may do to whom, ids, flags, refusals. */
import { describe, expect, it } from 'vitest';
import {
  canRemove,
  type FlagOnItem,
  flaggedItem,
  flaggedItemsOf,
  groupIdFrom,
  groupLists,
  groupRefusal,
  moderates,
  roleChoices,
} from '../../../src/core/groups.ts';
import type { Comment, Group, GroupRole, Snippet, Status } from '../../../src/core/wire.ts';

const ID = '0192f0c1-7a2b-7c3d-8e4f-0123456789ab';
const OTHER = '0192f0c1-7a2b-7c3d-9e4f-0123456789ac';

function group(over: Partial<Group>): Group {
  return {
    id: ID,
    name: 'Design',
    description: '',
    kind: 'closed',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    members: 1,
    role: null,
    requested: false,
    ...over,
  };
}

describe('groupLists', () => {
  it('puts each group in one list (mine, asked for, open to join), sorted by name', () => {
    const lists = groupLists([
      group({ id: '1', name: 'zeta', role: 'member' }),
      group({ id: '2', name: 'Alpha', role: 'owner', kind: 'open' }),
      group({ id: '3', name: 'beta', requested: true }),
      group({ id: '4', name: 'Open B', kind: 'open' }),
      group({ id: '5', name: 'open a', kind: 'open' }),
      // A closed group neither theirs nor asked for is never listed by the server; if it were,
      // there is nothing to do with it here.
      group({ id: '6', name: 'hidden' }),
    ]);
    expect(lists.mine.map((g) => g.id)).toEqual(['2', '1']);
    expect(lists.pending.map((g) => g.id)).toEqual(['3']);
    expect(lists.open.map((g) => g.id)).toEqual(['5', '4']);
  });

  it('is empty for no groups', () => {
    expect(groupLists([])).toEqual({ mine: [], pending: [], open: [] });
  });
});

describe('what a role may do (the server rules, handlers/groups.ts)', () => {
  const roles: Array<GroupRole | null> = ['owner', 'moderator', 'member', null];
  const table: Array<[GroupRole | null, GroupRole, GroupRole[], boolean]> = [
    // my role, the member's role, roles I may give them, may I remove them
    ['owner', 'owner', ['owner', 'moderator', 'member'], true],
    ['owner', 'moderator', ['owner', 'moderator', 'member'], true],
    ['owner', 'member', ['owner', 'moderator', 'member'], true],
    ['moderator', 'owner', [], false],
    ['moderator', 'moderator', ['moderator', 'member'], true],
    ['moderator', 'member', ['moderator', 'member'], true],
    ['member', 'owner', [], false],
    ['member', 'member', [], false],
    [null, 'member', [], false],
  ];
  it.each(table)('%s → %s: roles %j, remove %s', (mine, theirs, choices, remove) => {
    expect(roleChoices(mine, theirs, false)).toEqual(choices);
    expect(canRemove(mine, theirs, false)).toBe(remove);
  });

  it('never offers to change or remove oneself (one leaves instead)', () => {
    for (const mine of roles) {
      for (const theirs of ['owner', 'moderator', 'member'] as const) {
        expect(roleChoices(mine, theirs, true)).toEqual([]);
        expect(canRemove(mine, theirs, true)).toBe(false);
      }
    }
  });

  it('moderates: owners and moderators', () => {
    expect(roles.map(moderates)).toEqual([true, true, false, false]);
  });
});

describe('groupIdFrom', () => {
  it.each([
    [ID, ID],
    [`  ${ID}\n`, ID],
    [ID.toUpperCase(), ID],
    [`Join us: ${ID} (Design)`, ID],
    [`https://outloud.example/groups/${ID}?x=1`, ID],
    ['', null],
    ['design', null],
    ['0192f0c1-7a2b-7c3d-8e4f-0123456789a', null],
    // Not a UUID variant the server makes (variant bits 0xxx).
    ['0192f0c1-7a2b-7c3d-0e4f-0123456789ab', null],
  ])('%j → %j', (text, id) => {
    expect(groupIdFrom(text)).toBe(id);
  });
});

describe('flags', () => {
  const owned = {
    owner: 'cy',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
  const snippet: Snippet = {
    type: 'snippet',
    id: 'a',
    ...owned,
    url: 'https://example.org/',
    urlKey: 'a'.repeat(64),
    title: 'Example',
    quote: { exact: 'the quoted words' },
    comment: '',
    mentions: [],
    visibility: 'group',
    groups: [ID],
  };
  const status: Status = {
    type: 'status',
    id: 'b',
    ...owned,
    text: 'working on it',
    url: null,
    urlKey: null,
    title: '',
    question: false,
    mentions: [],
    visibility: 'group',
    groups: [ID, OTHER],
  };
  const comment: Comment = {
    type: 'comment',
    id: 'c',
    ...owned,
    targetId: 'a',
    text: 'a comment',
    mentions: [],
  };

  it('shows an item by its words, a comment with its item’s groups and page', () => {
    expect(flaggedItem(snippet)).toEqual({
      type: 'snippet',
      owner: 'cy',
      text: 'the quoted words',
      url: 'https://example.org/',
      groups: [ID],
      hidden: null,
    });
    expect(
      flaggedItem({ ...status, hidden: { at: '2026-01-03T00:00:00Z', reason: 'spam' } }).hidden,
    ).toEqual({ at: '2026-01-03T00:00:00Z', reason: 'spam' });
    expect(flaggedItem(status).groups).toEqual([ID, OTHER]);
    expect(flaggedItem(comment, snippet)).toMatchObject({
      type: 'comment',
      text: 'a comment',
      url: 'https://example.org/',
      groups: [ID],
    });
    expect(flaggedItem(comment).groups).toEqual([]);
  });

  it('flaggedItemsOf lists the group’s flagged items once each, with all their flags', () => {
    const flag = (itemId: string, item: FlagOnItem['item'], handle = 'bo'): FlagOnItem => ({
      itemId,
      handle,
      reason: `${handle}'s reason`,
      createdAt: '2026-01-02T00:00:00Z',
      item,
    });
    const flags = [
      flag('b', flaggedItem(status)),
      flag('x', null),
      flag('a', flaggedItem(snippet)),
      flag('b', flaggedItem(status), 'dee'),
      flag('p', { ...flaggedItem(snippet), groups: [] }),
    ];
    const mine = flaggedItemsOf(flags, ID);
    expect(mine.map((e) => [e.itemId, e.flags.map((f) => f.handle)])).toEqual([
      ['b', ['bo', 'dee']],
      ['a', ['bo']],
    ]);
    expect(mine[0]?.item?.text).toBe('working on it');
    expect(mine[0]?.flags[1]).toEqual({
      handle: 'dee',
      reason: "dee's reason",
      createdAt: '2026-01-02T00:00:00Z',
    });
    expect(flaggedItemsOf(flags, OTHER).map((e) => e.itemId)).toEqual(['b']);
    expect(flaggedItemsOf(flags, 'none')).toEqual([]);
  });
});

describe('groupRefusal', () => {
  it.each([
    ['leave', 409, 'last-owner'],
    ['role', 409, 'last-owner'],
    ['remove', 409, 'last-owner'],
    ['ask', 409, 'group-changed'],
    ['join', 409, 'group-changed'],
    ['remove', 403, 'not-allowed'],
    ['join', 403, 'not-allowed'],
    ['read', 404, 'group-gone'],
    ['moderate', 404, 'not-found'],
    ['moderate', 403, 'not-allowed'],
    ['create', 410, 'group-gone'],
    ['create', 400, null],
    ['leave', 500, null],
    ['leave', 0, null],
  ] as const)('%s answered %i → %s', (action, status, refusal) => {
    expect(groupRefusal(action, status)).toBe(refusal);
  });
});
