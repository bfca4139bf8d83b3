/**
 * The popup's "Groups" view in real Chromium, two people in two browsers against the real
 * server (issue 15): Ann creates a closed group in her popup and gives Bo its id; Bo asks to join
 * from his popup and waits; Ann approves him; Bo sees the group among his groups and leaves it;
 * the last owner (Ann) is refused leaving, in words; Bo joins an open group Ann made. The
 * server's side is checked through its REST API. Ann, an owner, hides a status flagged in
 * her group and shows it again. Ann renames and opens a group, then deletes it with the
 * keyboard: Bo's status in it becomes his alone, marked "Only me" in his feed after his sync.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import type { Group, MembersList, Status } from '../../src/core/wire.ts';
import { type ExtensionBrowser, launchExtension } from './harness.ts';
import {
  openPopup,
  openTab,
  poll,
  signInThroughOptions,
  syncNow,
  useExtension,
} from './journey-helpers.ts';

/** Text without the FSI/PDI isolation of the names and reasons substituted into it. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');

/** What the Groups view last said (names in it are isolated with FSI/PDI: left out here). */
const said = (popup: Page) =>
  popup
    .locator('.groups > p[role=status]')
    .textContent()
    .then((text) => (text ?? '').replace(/[\u2068\u2069]/g, ''));

/** The popup for a fixture tab, on its Groups tab with the lists loaded. */
async function groupsPopup(browser: ExtensionBrowser, url: string): Promise<Page> {
  const { tabId } = await openTab(browser, url);
  const popup = await openPopup(browser, tabId);
  await popup.getByRole('tab', { name: 'Groups' }).click();
  await popup.locator('#groups-mine-title').waitFor();
  return popup;
}

describe('popup: Groups view, two people', () => {
  const world = useExtension({
    people: { ann: 'Ann Andersson', bo: 'Bo Berg', cy: 'Cy Carlsson' },
    signIn: 'ann',
    fixtures: true,
  });
  let bo: ExtensionBrowser;

  beforeAll(async () => {
    bo = await launchExtension();
    await signInThroughOptions(bo, world.server.url, world.tokens.bo);
  });
  afterAll(async () => {
    await bo?.close();
  });

  const groupNamed = async (who: 'ann' | 'bo', name: string) =>
    (await world.rest[who].get<{ items: Group[] }>('/v1/groups')).body.items.find(
      (g) => g.name === name,
    );

  /** Ann's closed group `name` with `members`, and Bo's status `text` shared with it alone. */
  async function closedGroupWithBosStatus(name: string, members: readonly string[], text: string) {
    const id = uuidv7();
    const status = uuidv7();
    expect((await world.rest.ann.put(`/v1/groups/${id}`, { name, kind: 'closed' })).status).toBe(
      201,
    );
    for (const who of members) {
      expect(
        (await world.rest.ann.put(`/v1/groups/${id}/members/${who}`, { role: 'member' })).status,
      ).toBe(201);
    }
    const shared = await world.rest.bo.put(`/v1/statuses/${status}`, {
      text,
      visibility: 'group',
      groups: [id],
    });
    expect(shared.status).toBe(201);
    return { id, status };
  }

  it('Ann creates a closed group, Bo asks to join, Ann approves, Bo sees it and leaves', async () => {
    const ann = await groupsPopup(world.browser, world.fixtures.url('/journeys/one.html'));

    // Creating without a name says so and sends nothing.
    await ann.locator('#group-description').fill('Design reviews and critique');
    await ann.getByRole('button', { name: 'Create group' }).click();
    await ann.getByText('Give the group a name.').waitFor();
    expect(await ann.locator('#group-description').inputValue()).toBe(
      'Design reviews and critique',
    );
    await ann.locator('#group-name').fill('Design');
    await expect(ann.getByRole('radio', { name: /^Closed/ }).isChecked()).resolves.toBe(true);
    await ann.getByRole('button', { name: 'Create group' }).click();
    await poll(() => said(ann)).toBe('Created Design. You are its owner.');

    const created = await groupNamed('ann', 'Design');
    expect(created).toMatchObject({
      kind: 'closed',
      role: 'owner',
      description: 'Design reviews and critique',
    });
    const id = created!.id;
    // The new group is open in the list, focused, with its id to give people.
    const toggle = ann.locator(`[data-toggle="${id}"]`);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await poll(() => toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await ann.locator(`[data-group-id="${id}"]`).textContent()).toBe(id);
    expect(await ann.locator(`[data-group="${id}"] .muted`).first().textContent()).toContain(
      'Owner',
    );
    // Bo cannot see it.
    expect(await groupNamed('bo', 'Design')).toBeUndefined();

    // Bo pastes a message holding the id and asks to join.
    const boPopup = await groupsPopup(bo, world.fixtures.url('/journeys/two.html'));
    await boPopup.locator('#group-ask-id').fill('not an id');
    await boPopup.getByRole('button', { name: 'Ask to join' }).click();
    await boPopup.getByText('There is no group id in that.', { exact: false }).waitFor();
    await boPopup.locator('#group-ask-id').fill(`Ann says: join ${id} please`);
    await boPopup.getByRole('button', { name: 'Ask to join' }).click();
    await poll(() => said(boPopup)).toBe('You asked to join Design. Its moderators will answer.');
    const pending = boPopup.locator('section[aria-labelledby=groups-pending-title]');
    await pending.locator(`[data-group="${id}"] bdi`, { hasText: 'Design' }).waitFor();
    expect(await pending.getByRole('button', { name: 'Withdraw request Design' }).count()).toBe(1);
    expect(await groupNamed('bo', 'Design')).toMatchObject({ role: null, requested: true });

    // Ann sees the request (reopening the group's details) and approves it.
    await toggle.click();
    await toggle.click();
    await ann.getByRole('button', { name: 'Approve Bo Berg' }).click();
    await ann.locator(`[data-member="bo"]`).waitFor();
    expect(await ann.getByText('No one is waiting.').count()).toBe(1);
    const members = await world.rest.ann.get<MembersList>(`/v1/groups/${id}/members`);
    expect(members.body.items.map((m) => [m.handle, m.role]).sort()).toEqual([
      ['ann', 'owner'],
      ['bo', 'member'],
    ]);

    // Bo's popup, opened again, lists Design among his groups, as a member.
    await boPopup.close();
    const boAgain = await groupsPopup(bo, world.fixtures.url('/journeys/two.html'));
    const mine = boAgain.locator('section[aria-labelledby=groups-mine-title]');
    await mine.locator(`[data-group="${id}"] bdi`, { hasText: 'Design' }).waitFor();
    expect(await mine.locator(`[data-group="${id}"] p.muted`).textContent()).toContain('Member');
    expect(await boAgain.locator('section[aria-labelledby=groups-pending-title]').count()).toBe(0);

    // Ann, the only owner, may not leave: the server's refusal is shown in words.
    await ann.getByRole('button', { name: 'Leave Design' }).click();
    await ann.getByText('A group keeps at least one owner', { exact: false }).waitFor();
    expect(await ann.locator('[role=alert][data-code=last-owner]').count()).toBe(1);

    // Bo leaves; the group is gone from his view (closed: he no longer sees it at all).
    await boAgain.getByRole('button', { name: 'Leave Design' }).click();
    await poll(() => said(boAgain)).toBe('You left Design.');
    await poll(() => mine.locator(`[data-group="${id}"]`).count()).toBe(0);
    expect(await groupNamed('bo', 'Design')).toBeUndefined();
    await poll(async () =>
      (await world.rest.ann.get<MembersList>(`/v1/groups/${id}/members`)).body.items.map(
        (m) => m.handle,
      ),
    ).toEqual(['ann']);
    await Promise.all([ann.close(), boAgain.close()]);
  });

  it('Bo joins an open group Ann created', async () => {
    const ann = await groupsPopup(world.browser, world.fixtures.url('/journeys/one.html'));
    await ann.locator('#group-name').fill('Lunch club');
    await ann.getByRole('radio', { name: /^Open/ }).check();
    await ann.getByRole('button', { name: 'Create group' }).click();
    await poll(() => said(ann)).toBe('Created Lunch club. You are its owner.');
    const id = (await groupNamed('ann', 'Lunch club'))!.id;
    expect((await groupNamed('ann', 'Lunch club'))!.kind).toBe('open');

    const boPopup = await groupsPopup(bo, world.fixtures.url('/journeys/two.html'));
    const open = boPopup.locator('section[aria-labelledby=groups-open-title]');
    await open.locator(`[data-group="${id}"] bdi`, { hasText: 'Lunch club' }).waitFor();
    await open.getByRole('button', { name: 'Join Lunch club' }).click();
    await poll(() => said(boPopup)).toBe('You joined Lunch club.');
    const mine = boPopup.locator('section[aria-labelledby=groups-mine-title]');
    await mine.locator(`[data-group="${id}"]`).waitFor();
    expect(
      (await mine.locator(`[data-group="${id}"] p.muted`).textContent())?.replace(
        /[\u2068\u2069]/g,
        '',
      ),
    ).toBe('Open · 2 members · Member');
    expect(await open.locator(`[data-group="${id}"]`).count()).toBe(0);
    expect(await groupNamed('bo', 'Lunch club')).toMatchObject({ role: 'member', members: 2 });
    await Promise.all([ann.close(), boPopup.close()]);
  });

  it('Ann, the owner, hides a status Cy flagged in her group, then shows it again', async () => {
    const text = 'Off-topic sales pitch';
    const { id, status } = await closedGroupWithBosStatus('Reviews', ['bo', 'cy'], text);
    expect((await world.rest.cy.put(`/v1/flags/${status}`, { reason: 'Advertising' })).status).toBe(
      201,
    );
    await syncNow(world.browser);

    const ann = await groupsPopup(world.browser, world.fixtures.url('/journeys/one.html'));
    await ann.locator(`[data-toggle="${id}"]`).click();
    const entry = ann.locator(`[data-flag="${status}"]`);
    await entry.waitFor();
    expect(await entry.locator('.item-text').textContent()).toContain(text);
    expect(plain(await entry.textContent())).toContain('Flagged by @cy: Advertising');
    await entry.getByRole('button', { name: 'Hide' }).click();
    await poll(() => entry.getAttribute('data-hidden')).toBe('true');
    expect(plain(await entry.textContent())).toContain('Hidden by a moderator: Advertising');
    // Cy no longer sees it; Bo, its author, does, marked hidden with the reason.
    expect((await world.rest.cy.get(`/v1/statuses/${status}`)).status).toBe(404);
    const own = await world.rest.bo.get<Status>(`/v1/statuses/${status}`);
    expect(own.status).toBe(200);
    expect(own.body.hidden?.reason).toBe('Advertising');

    await entry.getByRole('button', { name: 'Show again' }).click();
    await poll(() => entry.getAttribute('data-hidden')).toBe('false');
    expect((await world.rest.cy.get(`/v1/statuses/${status}`)).status).toBe(200);
    await ann.close();
  });

  it('Ann edits a group, then deletes it; Bo’s status in it becomes his alone', async () => {
    const { id, status } = await closedGroupWithBosStatus(
      'Critique',
      ['bo'],
      'Draft of the spring poster',
    );

    // Bo's feed shows his status with the group's label.
    await syncNow(bo);
    const boFeed = async () => {
      const { page: tab, tabId } = await openTab(bo, world.fixtures.url('/journeys/two.html'));
      const popup = await openPopup(bo, tabId);
      await popup.getByRole('tab', { name: 'Feed' }).click();
      const entry = popup.locator(`.feed .item[data-item-id="${status}"]`);
      await entry.waitFor();
      const labels = {
        group: await entry.locator('[data-outloud="group-label"]').allTextContents(),
        badges: await entry.locator('.item-head .badge').allTextContents(),
      };
      await Promise.all([popup.close(), tab.close()]);
      return labels;
    };
    expect((await boFeed()).group).toEqual(['Critique']);

    // Ann renames it and opens it; the form says first what opening means.
    const ann = await groupsPopup(world.browser, world.fixtures.url('/journeys/one.html'));
    await ann.locator(`[data-toggle="${id}"]`).click();
    await ann.getByRole('button', { name: 'Edit group Critique' }).click();
    const form = ann.locator(`#group-${id}-edit`);
    expect(await form.getByLabel('Name').inputValue()).toBe('Critique');
    await form.getByLabel('Name').fill('Poster critique');
    await form.getByRole('radio', { name: /^Open/ }).check();
    await form.getByText('Everyone in the organisation will see', { exact: false }).waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await ann
      .locator(`[data-group="${id}"] .group-detail [role=status]`, { hasText: 'Saved.' })
      .waitFor();
    expect(await groupNamed('ann', 'Poster critique')).toMatchObject({ id, kind: 'open' });
    await poll(async () => plain(await ann.locator(`[data-toggle="${id}"]`).textContent())).toBe(
      'Poster critique',
    );

    // Ann deletes it with the keyboard: the question first, then what became of its items.
    await ann.locator(`[data-delete-group="${id}"]`).focus();
    await ann.keyboard.press('Enter');
    const question = ann.locator(`#group-${id}-delete-question`);
    await poll(() => question.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(plain(await question.textContent())).toContain(
      'Items shared with it alone become private to their authors',
    );
    await ann.keyboard.press('Tab');
    await ann.keyboard.press('Enter');
    await poll(() => said(ann)).toBe(
      'Deleted Poster critique. 1 item shared with it alone is now private to its author.',
    );
    await poll(() => ann.locator(`[data-group="${id}"]`).count()).toBe(0);
    expect(await ann.evaluate(() => document.activeElement?.id)).toBe('groups-mine-title');
    expect((await world.rest.ann.get(`/v1/groups/${id}`)).status).toBe(404);
    expect((await world.rest.ann.get(`/v1/statuses/${status}`)).status).toBe(404);
    const own = await world.rest.bo.get<Status>(`/v1/statuses/${status}`);
    expect(own.body).toMatchObject({ visibility: 'private' });
    await ann.close();

    // Bo's next sync: his status is his alone, marked so in his feed, with no group label.
    await syncNow(bo);
    expect(await boFeed()).toEqual({ group: [], badges: ['Only me'] });
  });
});
