/** The audience picker's rules, the remembered choice per site and the group labels, as tables. */
import { describe, expect, it } from 'vitest';
import {
  type Audience,
  audienceFields,
  audienceOf,
  audienceSite,
  canAddGroup,
  complete,
  groupLabelNames,
  ONLY_ME,
  PUBLIC,
  type RememberedAudiences,
  readRemembered,
  recallAudience,
  rememberAudience,
  sameAudience,
  toggleGroup,
} from '../../../src/core/audience.ts';
import { itemAudience } from '../../../src/core/local-items.ts';

const g = (n: number) => `01930000-0000-7000-8000-00000000000${n}`;
const groups = (...ns: number[]): Audience => ({ kind: 'group', groups: ns.map(g) });

describe('toggleGroup', () => {
  it.each<[string, Audience, string, boolean, Audience]>([
    ['ticking a group leaves Public', PUBLIC, g(1), true, groups(1)],
    ['ticking a group leaves Only me', ONLY_ME, g(1), true, groups(1)],
    ['a second group is added after the first', groups(1), g(2), true, groups(1, 2)],
    ['ticking a group already in is no change', groups(1, 2), g(2), true, groups(1, 2)],
    ['a fifth group is added', groups(1, 2, 3, 4), g(5), true, groups(1, 2, 3, 4, 5)],
    ['a sixth group is refused', groups(1, 2, 3, 4, 5), g(6), true, groups(1, 2, 3, 4, 5)],
    ['unticking one of several keeps the others', groups(1, 2, 3), g(2), false, groups(1, 3)],
    ['unticking the last group narrows to Only me', groups(1), g(1), false, ONLY_ME],
    ['unticking a group not in it is no change', groups(1), g(2), false, groups(1)],
    ['unticking on Public is no change', PUBLIC, g(1), false, PUBLIC],
  ])('%s', (_name, before, id, on, after) => {
    expect(toggleGroup(before, id, on)).toEqual(after);
  });

  it.each<[Audience, boolean, boolean]>([
    [PUBLIC, true, true],
    [ONLY_ME, true, true],
    [groups(1), true, true],
    [groups(1, 2, 3, 4), true, true],
    [groups(1, 2, 3, 4, 5), false, true],
    [{ kind: 'group', groups: [] }, true, false],
    [groups(1, 2, 3, 4, 5, 6), false, false],
  ])('%j: another group may be added %s, shareable %s', (audience, more, ok) => {
    expect(canAddGroup(audience)).toBe(more);
    expect(complete(audience)).toBe(ok);
  });
});

describe('wire fields', () => {
  it.each<[Audience, object]>([
    [PUBLIC, { visibility: 'public' }],
    [ONLY_ME, { visibility: 'private' }],
    [groups(3, 1, 3), { visibility: 'group', groups: [g(1), g(3)] }],
  ])('%j is sent as %j', (audience, fields) => {
    expect(audienceFields(audience)).toEqual(fields);
  });

  it.each<[{ visibility: string; groups?: string[] }, Audience]>([
    [{ visibility: 'public' }, PUBLIC],
    [{ visibility: 'private' }, ONLY_ME],
    [{ visibility: 'group', groups: [g(2)] }, groups(2)],
    // A group item without groups the reader may see reads narrower, never as public.
    [{ visibility: 'group', groups: [] }, ONLY_ME],
    [{ visibility: 'group' }, ONLY_ME],
  ])('an item with %j reads as %j', (item, audience) => {
    expect(audienceOf(item)).toEqual(audience);
  });

  it.each<[{ visibility?: 'public' | 'private' | 'group'; groups?: string[] }, object | null]>([
    [{}, { visibility: 'public' }],
    [{ visibility: 'private' }, { visibility: 'private' }],
    [
      { visibility: 'group', groups: [g(2), g(1), g(2)] },
      { visibility: 'group', groups: [g(1), g(2)] },
    ],
    [{ visibility: 'group' }, null],
    [{ visibility: 'group', groups: [] }, null],
    [{ visibility: 'group', groups: [1, 2, 3, 4, 5, 6].map(g) }, null],
    [{ visibility: 'public', groups: [g(1)] }, null],
    [{ groups: [g(1)] }, null],
  ])('item fields %j are kept as %j', (input, kept) => {
    expect(itemAudience(input)).toEqual(kept);
  });

  it('compares audiences by the people they mean', () => {
    expect(sameAudience(groups(1, 2), groups(2, 1))).toBe(true);
    expect(sameAudience(groups(1), groups(1, 2))).toBe(false);
    expect(sameAudience(PUBLIC, ONLY_ME)).toBe(false);
    expect(sameAudience(ONLY_ME, ONLY_ME)).toBe(true);
  });
});

describe('the last choice per site', () => {
  it.each<[string | null | undefined, string]>([
    ['https://www.Example.org/a?b=c', 'example.org'],
    ['http://docs.example.org./x', 'docs.example.org'],
    ['https://intranet:8443/wiki', 'intranet'],
    ['chrome://settings', ''],
    ['not a url', ''],
    [null, ''],
    [undefined, ''],
  ])('%s is remembered as site %j', (url, site) => {
    expect(audienceSite(url)).toBe(site);
  });

  const mine = [g(1), g(2)];
  const remembered: RememberedAudiences = {
    'example.org': { audience: groups(1, 3), at: 1 },
    'figma.com': { audience: groups(3), at: 2 },
    'news.site': { audience: ONLY_ME, at: 3 },
    '': { audience: groups(2), at: 4 },
  };
  it.each<[string, readonly string[] | null, Audience]>([
    ['unknown.site', mine, PUBLIC],
    ['news.site', mine, ONLY_ME],
    ['', mine, groups(2)],
    // Groups left since are dropped; with none left it is Only me, never wider.
    ['example.org', mine, groups(1)],
    ['figma.com', mine, ONLY_ME],
    // Before the groups were ever read, the choice stands as it was.
    ['figma.com', null, groups(3)],
  ])('on %j with my groups %j the picker starts at %j', (site, groupsNow, expected) => {
    expect(recallAudience(remembered, site, groupsNow)).toEqual(expected);
  });

  it('keeps the newest choices, up to the limit', () => {
    let map: RememberedAudiences = {};
    map = rememberAudience(map, 'a.org', PUBLIC, 1, 2);
    map = rememberAudience(map, 'b.org', ONLY_ME, 2, 2);
    map = rememberAudience(map, 'a.org', groups(1), 3, 2);
    map = rememberAudience(map, 'c.org', ONLY_ME, 4, 2);
    expect(map).toEqual({
      'a.org': { audience: groups(1), at: 3 },
      'c.org': { audience: ONLY_ME, at: 4 },
    });
  });

  it.each<[unknown, RememberedAudiences]>([
    [undefined, {}],
    ['text', {}],
    [[{ audience: PUBLIC, at: 1 }], {}],
    [{ 'a.org': { audience: { kind: 'everyone' }, at: 1 } }, {}],
    [{ 'a.org': { audience: { kind: 'group', groups: [] }, at: 1 } }, {}],
    [{ 'a.org': { audience: { kind: 'group', groups: [1, 2, 3, 4, 5, 6].map(g) }, at: 1 } }, {}],
    [{ 'a.org': { audience: PUBLIC } }, {}],
    [
      { 'a.org': { audience: { kind: 'group', groups: [g(1), 7] }, at: 1 }, 'b.org': null },
      { 'a.org': { audience: groups(1), at: 1 } },
    ],
  ])('reads %j back as %j', (raw, read) => {
    expect(readRemembered(raw)).toEqual(read);
  });
});

describe('group labels', () => {
  const names = { [g(1)]: 'Design', [g(2)]: 'Architecture', [g(3)]: 'ops' };
  it.each<[string[] | undefined, { names: string[]; unknown: number }]>([
    [undefined, { names: [], unknown: 0 }],
    [[g(1)], { names: ['Design'], unknown: 0 }],
    [[g(1), g(2), g(3)], { names: ['Architecture', 'Design', 'ops'], unknown: 0 }],
    [[g(1), g(1)], { names: ['Design'], unknown: 0 }],
    [[g(1), g(9)], { names: ['Design'], unknown: 1 }],
    [['__proto__'], { names: [], unknown: 1 }],
  ])('groups %j are labelled %j', (ids, label) => {
    expect(groupLabelNames(ids, names)).toEqual(label);
  });
});
