/**
 * The organisation's presets in the background: the settings pages read, the changes they may
 * no longer make (`managed`), the one server a sign-in may go to, and the preset excluded sites
 * and lookup mode applied where pages are looked up.
 */
import { describe, expect, it } from 'vitest';
import type { ManagedPolicy } from '../../../src/core/managed-settings.ts';
import type { PageState, Settings } from '../../../src/core/messages.ts';
import { contentSender, setup } from './helpers.ts';

const POLICY: ManagedPolicy = {
  serverUrl: 'http://server.test',
  lookupMode: 'exact',
  excludedSites: ['hr.example.org'],
  preferOidc: true,
};

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string } };

async function managedSetup(policy: ManagedPolicy = POLICY) {
  return setup({ managed: async () => policy });
}

async function pageState(t: Awaited<ReturnType<typeof setup>>, href: string) {
  const sender = { ...contentSender, url: href, tab: { ...contentSender.tab, url: href } };
  const reply = (await t.bg.router(
    { outloud: 1, channel: 'content', method: 'pageState', params: { href, canonical: null } },
    sender,
  )) as Reply<PageState>;
  if (!reply.ok) throw new Error(reply.error.code);
  return reply.value;
}

describe('managed settings in the background', () => {
  it('answers the settings in force with what is preset', async () => {
    const t = await managedSetup();
    const reply = (await t.ui('getSettings')) as Reply<Settings>;
    expect(reply).toMatchObject({
      ok: true,
      value: {
        serverUrl: 'http://server.test',
        lookupMode: 'exact',
        lookupModeChosen: true,
        managed: {
          serverUrl: true,
          lookupMode: true,
          excludedSites: ['hr.example.org'],
          preferOidc: true,
          oneClickSignIn: false,
        },
      },
    });
    expect((reply as { value: Settings }).value.excludedSites[0]).toBe('hr.example.org');
  });

  it('refuses to change a preset lookup mode, and keeps preset sites whatever the list says', async () => {
    const t = await managedSetup();
    expect(await t.ui('setSettings', { lookupMode: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'managed' },
    });
    expect(await t.ui('setSettings', { lookupModeChosen: false })).toMatchObject({
      ok: false,
      error: { code: 'managed' },
    });
    const after = (await t.ui('setSettings', {
      excludedSites: ['bank.example'],
    })) as Reply<Settings>;
    expect(after).toMatchObject({
      ok: true,
      value: { excludedSites: ['hr.example.org', 'bank.example'], lookupMode: 'exact' },
    });
    expect(await t.ui('setSettings', { overlay: false })).toMatchObject({
      ok: true,
      value: { overlay: false },
    });
  });

  it('signs in only to the preset server', async () => {
    const t = await managedSetup();
    const token = t.server.addUser('alice', 'Alice');
    expect(await t.ui('signIn', { serverUrl: 'https://elsewhere.example', token })).toMatchObject({
      ok: false,
      error: { code: 'managed' },
    });
    expect(
      await t.ui('signInWithOrganisation', { serverUrl: 'https://elsewhere.example' }),
    ).toMatchObject({ ok: false, error: { code: 'managed' } });
    expect(t.identity.opened).toEqual([]);
    expect(await t.ui('signIn', { serverUrl: 'http://server.test', token })).toMatchObject({
      ok: true,
    });
  });

  it('keeps the overlay off a preset excluded site, and looks pages up the preset way', async () => {
    const t = await managedSetup();
    await t.signIn('alice');
    const hr = await pageState(t, 'https://hr.example.org/salaries');
    expect(hr.settings.excluded).toBe(true);
    expect(hr.engagement).toBeNull();
    const before = t.server.requests.length;
    await pageState(t, 'https://example.org/article');
    // Exact mode, preset: the page's key is asked for.
    expect(t.server.requests.slice(before).some((r) => r.startsWith('/v1/pages/'))).toBe(true);
  });

  it('is as before without a policy', async () => {
    const t = await setup();
    expect(await t.ui('setSettings', { lookupMode: 'range' })).toMatchObject({
      ok: true,
      value: { lookupMode: 'range', lookupModeChosen: true },
    });
    const token = t.server.addUser('alice');
    expect(await t.ui('signIn', { serverUrl: 'http://server.test', token })).toMatchObject({
      ok: true,
    });
  });
});
