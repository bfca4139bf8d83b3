// @vitest-environment happy-dom
/**
 * The popup's notifications name the group an item belongs to (issue 15): a mention in a group
 * status carries the group's label by name as the background last knew the groups, an item in
 * a group not (or no longer) known says "A group", and public or private items carry none.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, UiResults } from '../../../src/core/messages.ts';
import type { Group, Status } from '../../../src/core/wire.ts';
import { NotificationList } from '../../../src/popup/NotificationList.tsx';
import { fakeEnv } from '../ui/fake-env.ts';
import { installI18n } from '../ui/fake-i18n.ts';
import { $, type Rendered, renderWith } from '../ui/render.tsx';

const DESIGN = '01930000-0000-7000-8000-00000000d001';
const GONE = '01930000-0000-7000-8000-00000000d002';

const design: Group = {
  id: DESIGN,
  name: 'Design',
  description: '',
  kind: 'closed',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  members: 3,
  role: 'member',
  requested: false,
};

function status(id: string, over: Partial<Status>): Status {
  return {
    type: 'status',
    id,
    owner: 'bob',
    createdAt: '2025-01-03T09:00:00Z',
    updatedAt: '2025-01-03T09:00:00Z',
    text: `@ann ${id}`,
    url: null,
    urlKey: null,
    title: null,
    question: false,
    mentions: ['ann'],
    visibility: 'public',
    ...over,
  } as Status;
}

function mention(id: string, item: Status): Notification {
  return {
    id,
    kind: 'mention',
    at: '2025-01-03T09:00:00Z',
    actor: { handle: 'bob', name: 'Bob Berg' },
    read: true,
    item,
  };
}

const plain = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');

let view: Rendered | undefined;
beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('notifications, group labels', () => {
  it('label a group item by its group’s name, an unknown group as "A group", others not', async () => {
    const loaded: UiResults['notifications'] = {
      unread: 0,
      items: [
        mention('n1', status('s1', { visibility: 'group', groups: [DESIGN] })),
        mention('n2', status('s2', { visibility: 'group', groups: [GONE] })),
        mention('n3', status('s3', { visibility: 'public' })),
        mention('n4', status('s4', { visibility: 'private' })),
      ],
    };
    const env = fakeEnv({ knownGroups: { items: [design], fetchedAt: '2025-01-03T10:00:00Z' } });
    view = await renderWith(
      env,
      <NotificationList loaded={loaded} failure={null} onRead={() => {}} />,
    );
    const label = (id: string) =>
      [...view!.root.querySelectorAll(`[data-item-id="${id}"] [data-outloud="group-label"]`)].map(
        (el) => plain(el.textContent),
      );
    expect(label('s1')).toEqual(['Design']);
    expect($(view.root, '[data-item-id="s1"] [data-outloud="group-label"]').title).toContain(
      'Design',
    );
    expect(label('s2')).toEqual(['A group']);
    expect(label('s3')).toEqual([]);
    expect(label('s4')).toEqual([]);
    expect(env.callsOf('knownGroups')).toHaveLength(1);
  });
});
