/**
 * The settings page (`src/web/settings.tsx`) on every database: feed tokens created, listed and
 * revoked, devices listed and revoked (this browser's revocation signs it out), every form
 * refused without its CSRF token, from another origin, signed out, or for another person's
 * token or device; names from data shown as text.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createFeedToken, listFeedTokens } from '../../src/server/repos/feed-tokens.ts';
import { createToken, listDevices } from '../../src/server/repos/users.ts';
import { addUser, databases, useServer } from './helpers.ts';
import { type Browser, elements, get, post, signIn, textOf, XSS } from './web-helpers.ts';

/** The action of the first form whose action starts with `prefix`. */
function formAction(html: string, prefix: string): string {
  const form = elements(html).find(
    (e) => e.name === 'form' && e.attribs?.action?.startsWith(prefix),
  );
  if (!form?.attribs?.action) throw new Error(`no form ${prefix}`);
  return form.attribs.action;
}

describe.each(databases())('settings page on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });
  let ada: Browser;
  beforeEach(async () => {
    ada = await signIn(t, tokens.ada);
  });

  it('lists its sections and each section’s forms, and sends signed-out visitors to sign in', async () => {
    const out = await get(t, '/settings');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signin?next=%2Fsettings');
    const page = await get(t, '/settings', ada);
    expect(page.statusCode).toBe(200);
    const links = elements(page.body)
      .filter((e) => e.name === 'a' && e.attribs?.href?.startsWith('#'))
      .map((e) => e.attribs?.href);
    expect(links).toEqual(['#main', '#feeds', '#devices', '#webhooks']);
    for (const id of ['feeds', 'devices']) {
      expect(elements(page.body).some((e) => e.name === 'section' && e.attribs?.id === id)).toBe(
        true,
      );
    }
    // Every form carries the session's CSRF token.
    const forms = elements(page.body).filter((e) => e.name === 'form' && e.attribs?.method);
    for (const form of forms.filter((f) => f.attribs?.method === 'post')) {
      const csrf = (form.children ?? []).find(
        (c) => c.name === 'input' && c.attribs?.name === 'csrf',
      );
      expect(csrf?.attribs?.value, form.attribs?.action).toBe(ada.csrf);
    }
  });

  it('creates a feed token shown once, lists it by name as text, and revokes it', async () => {
    const made = await post(t, '/settings/feeds', { csrf: ada.csrf, name: `  ${XSS}  ` }, ada);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    expect(elements(made.body).filter((e) => e.name === 'script' || e.name === 'img')).toEqual([]);
    expect(textOf(made.body)).toContain(XSS);
    const [record] = await listFeedTokens(t.db, 'ada');
    expect(record?.name).toBe(XSS);
    // Shown once: the list afterwards has the name, no token.
    const page = await get(t, '/settings', ada);
    expect(page.body).not.toMatch(/olf_[A-Za-z0-9_-]{43}/);
    expect(textOf(page.body)).toContain(XSS);
    const revoke = formAction(page.body, '/settings/feeds/');
    const done = await post(t, revoke, { csrf: ada.csrf }, ada);
    expect(done.statusCode).toBe(303);
    expect(await listFeedTokens(t.db, 'ada')).toEqual([]);
    const after = await get(t, done.headers.location ?? '', ada);
    expect(textOf(after.body)).toContain('Feed token revoked.');
    // Revoking it again, or another person's, is a 404 that changes nothing.
    expect((await post(t, revoke, { csrf: ada.csrf }, ada)).statusCode).toBe(404);
    const bobs = await createFeedToken(t.db, 'bob', 'reader');
    const other = await post(
      t,
      `/settings/feeds/${bobs?.record.id}/revoke`,
      { csrf: ada.csrf },
      ada,
    );
    expect(other.statusCode).toBe(404);
    expect(await listFeedTokens(t.db, 'bob')).toHaveLength(1);
  });

  it('refuses an empty or overlong name, and more than twenty tokens', async () => {
    const empty = await post(t, '/settings/feeds', { csrf: ada.csrf, name: '   ' }, ada);
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Give the feed token a name.');
    const long = await post(t, '/settings/feeds', { csrf: ada.csrf, name: 'x'.repeat(81) }, ada);
    expect(long.statusCode).toBe(400);
    const huge = await post(t, '/settings/feeds', { csrf: ada.csrf, name: 'x'.repeat(1000) }, ada);
    expect(huge.statusCode).toBe(400);
    for (let i = 0; i < 20; i++) await createFeedToken(t.db, 'ada', `reader ${i}`);
    const more = await post(t, '/settings/feeds', { csrf: ada.csrf, name: 'one more' }, ada);
    expect(more.statusCode).toBe(409);
    expect(await listFeedTokens(t.db, 'ada')).toHaveLength(20);
  });

  it('refuses every form without its CSRF token, from another origin, or signed out', async () => {
    const mine = await createFeedToken(t.db, 'ada', 'reader');
    const forms: Array<[string, Record<string, string>]> = [
      ['/settings/feeds', { name: 'sneaky' }],
      [`/settings/feeds/${mine?.record.id}/revoke`, {}],
      [`/settings/devices/${(await listDevices(t.db, 'ada', null))[0]?.id}/revoke`, {}],
    ];
    for (const [url, form] of forms) {
      expect((await post(t, url, form, ada)).statusCode, url).toBe(403);
      expect((await post(t, url, { ...form, csrf: 'x'.repeat(43) }, ada)).statusCode).toBe(403);
      const cross = await post(t, url, { ...form, csrf: ada.csrf }, ada, {
        origin: 'https://evil.example',
      });
      expect(cross.statusCode, url).toBe(403);
      const site = await post(t, url, { ...form, csrf: ada.csrf }, ada, {
        'sec-fetch-site': 'cross-site',
      });
      expect(site.statusCode, url).toBe(403);
      const out = await post(t, url, { ...form, csrf: ada.csrf });
      expect(out.statusCode, url).toBe(303);
      expect(out.headers.location).toMatch(/^\/signin\?next=/);
    }
    // Nothing happened.
    expect((await listFeedTokens(t.db, 'ada')).map((r) => r.name)).toEqual(['reader']);
    expect(await listDevices(t.db, 'ada', null)).toHaveLength(1);
  });

  it('lists devices, revokes another one, and signs out when revoking this browser', async () => {
    await addUser(t, 'cy');
    // The device this browser signed in with, before another is added (two tokens made in one
    // millisecond would list in either order).
    const [first] = await listDevices(t.db, 'ada', null);
    const second = await createToken(t.db, 'ada');
    expect(second).toBeTruthy();
    const page = await get(t, '/settings', ada);
    const items = elements(page.body).filter(
      (e) => e.name === 'form' && e.attribs?.action?.startsWith('/settings/devices/'),
    );
    expect(items).toHaveLength(2);
    expect(textOf(page.body)).toContain('this browser');
    const newest = (await listDevices(t.db, 'ada', null)).find((d) => d.id !== first?.id);
    // This browser signed in with the first token; revoke the other one first.
    const other = await post(t, `/settings/devices/${newest?.id}/revoke`, { csrf: ada.csrf }, ada);
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toBe('/settings?notice=deviceRevoked#devices');
    expect((await get(t, '/settings', ada)).statusCode).toBe(200);
    // Another person's device: 404, nothing revoked.
    const cys = (await listDevices(t.db, 'cy', null))[0];
    const theirs = await post(t, `/settings/devices/${cys?.id}/revoke`, { csrf: ada.csrf }, ada);
    expect(theirs.statusCode).toBe(404);
    expect(await listDevices(t.db, 'cy', null)).toHaveLength(1);
    // This browser's own device: signed out here.
    const own = await post(t, `/settings/devices/${first?.id}/revoke`, { csrf: ada.csrf }, ada);
    expect(own.statusCode).toBe(303);
    expect(own.headers.location).toBe('/signin');
    expect(String(own.headers['set-cookie'])).toMatch(/outloud_session=;/);
    const after = await get(t, '/settings', ada);
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/signin/);
  });
});
