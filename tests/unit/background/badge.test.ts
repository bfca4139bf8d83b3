/** The badge: one state type, derived views, and the controller over the local index. */
import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeState, badgeView, countText } from '../../../src/core/badge.ts';
import { idle, setup } from './helpers.ts';

describe('countText', () => {
  it.each([
    [0, ''],
    [-1, ''],
    [Number.NaN, ''],
    [1, '1'],
    [42, '42'],
    [999, '999'],
    [1000, '999+'],
    [123456, '999+'],
  ])('%f → %j', (n, text) => {
    expect(countText(n)).toBe(text);
  });
});

describe('badgeState and badgeView', () => {
  it.each([
    [{ signedIn: false, syncError: { message: 'x' }, count: 3 }, { kind: 'signed-out' }],
    [
      { signedIn: true, syncError: { message: 'down' }, count: 3 },
      { kind: 'error', message: 'down' },
    ],
    [
      { signedIn: true, syncError: null, count: 3 },
      { kind: 'count', count: 3 },
    ],
    [
      { signedIn: true, syncError: null, count: null },
      { kind: 'count', count: 0 },
    ],
  ] as const)('%j → %j', (input, state) => {
    expect(badgeState(input)).toEqual(state);
  });

  it.each([
    [{ kind: 'signed-out' }, '', BADGE_COLORS.neutral],
    [{ kind: 'error', message: 'm' }, '!', BADGE_COLORS.error],
    [{ kind: 'saved' }, '✓', BADGE_COLORS.saved],
    [{ kind: 'count', count: 0 }, '', BADGE_COLORS.count],
    [{ kind: 'count', count: 5 }, '5', BADGE_COLORS.count],
    [{ kind: 'count', count: 5000 }, '999+', BADGE_COLORS.count],
  ] as const)('%j shows %j', (state, text, color) => {
    const view = badgeView(state);
    expect(view.text).toBe(text);
    expect(view.color).toBe(color);
    expect(view.title.length).toBeGreaterThan(0);
  });
});

describe('BadgeController', () => {
  it('shows nothing signed out, then the count of network people from the local index', async () => {
    const t = await setup();
    t.platform.tabs.set(1, { id: 1, url: 'https://example.org/page?utm_source=x', title: 'Page' });
    t.platform.activeId = 1;
    await t.bg.badge.refresh();
    expect(t.platform.badges.get(1)?.text).toBe('');
    expect(t.platform.badges.get(1)?.title).toBe('Not signed in');

    await t.signIn('alice');
    const bobToken = t.server.addUser('bob', 'Bob');
    const carolToken = t.server.addUser('carol', 'Carol');
    expect(bobToken && carolToken).toBeTruthy();
    const ids = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002'];
    await t.server.mutate('bob', [
      { id: ids[0]!, op: 'put', type: 'bookmark', data: { url: 'https://example.org/page' } },
    ]);
    await t.server.mutate('carol', [
      { id: ids[1]!, op: 'put', type: 'bookmark', data: { url: 'https://example.org/page' } },
    ]);
    await t.ui('follow', { handle: 'bob' });
    await idle(t.bg);
    await t.bg.badge.refresh(1);
    // Carol engaged but is not in Alice's network.
    expect(t.platform.badges.get(1)?.text).toBe('1');

    await t.ui('follow', { handle: 'carol' });
    await idle(t.bg);
    await t.bg.badge.refresh(1);
    expect(t.platform.badges.get(1)?.text).toBe('2');
  });

  it('does not count the user, and shows nothing on excluded sites or non-http pages', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(2, { id: 2, url: 'https://www.paypal.com/home', title: 'PayPal' });
    t.platform.tabs.set(3, { id: 3, url: 'chrome://settings', title: 'Settings' });
    t.platform.tabs.set(4, { id: 4, url: 'https://example.org/mine', title: 'Mine' });
    await t.ui('bookmarkTab', { tabId: 4 });
    await idle(t.bg);
    for (const id of [2, 3, 4]) {
      await t.bg.badge.refresh(id);
      expect(t.platform.badges.get(id)?.text).toBe('');
    }
  });

  it('shows the sync error while the server is down and a confirmation that reverts', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(1, { id: 1, url: 'https://example.org/x', title: 'X' });
    t.server.down = true;
    await t.bg.sync.run('manual');
    await t.bg.badge.refresh(1);
    expect(t.platform.badges.get(1)?.text).toBe('!');

    await t.bg.badge.confirmSaved(1);
    expect(t.platform.badges.get(1)?.text).toBe('✓');
    t.server.down = false;
    await t.bg.sync.run('manual');
    expect(t.timers).toHaveLength(1);
    t.timers[0]!();
    await idle(t.bg);
    await new Promise((r) => setTimeout(r, 10));
    expect(t.platform.badges.get(1)?.text).toBe('');
  });
});
