/**
 * The permalink cache (`src/web/permalink.tsx`): two app instances share one database, one
 * serves the web pages and the other writes through the API, as two server processes would.
 * A kept permalink is byte for byte what a fresh render gives; every write that changes the
 * discussion (by anyone, through any instance) shows in the reader's next answer; one person's
 * page, CSRF token or language is never served to another person or session.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { rename } from '../../src/server/repos/people-admin.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { findSession, openSession, tokenSignIn } from '../../src/server/repos/web-sessions.ts';
import { renderPermalink } from '../../src/web/permalink.tsx';
import { wordsFor } from '../../src/web/words.ts';
import { call, databases, makeDbUrl, newId, type TestApp } from './helpers.ts';
import { comment, like, setVisibility, snippet, status } from './read-helpers.ts';
import { type Browser, get, hidden, textOf } from './web-helpers.ts';

const PAGE = 'https://example.org/cached-permalink';

async function instance(url: string, dialect: TestApp['dialect']): Promise<TestApp> {
  const db = await connect(url);
  const app = await buildApp({ rateLimit: false, db });
  return {
    app,
    db,
    dialect,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

describe.each(databases())('permalink cache on %s', (dialect) => {
  let reader: TestApp;
  let writer: TestApp;
  let drop: () => Promise<void>;
  const tokens: Record<string, string> = {};

  beforeEach(async () => {
    const made = await makeDbUrl(dialect);
    drop = made.drop;
    reader = await instance(made.url, dialect);
    writer = await instance(made.url, dialect);
    for (const handle of ['ada', 'bob', 'cy']) {
      tokens[handle] = await addUser(writer.db, handle, handle.toUpperCase());
    }
  });

  afterEach(async () => {
    await reader.close();
    await writer.close();
    await drop();
  });

  /** A web session of `handle` on the reader, as the token form opens one. */
  const session = async (handle: string): Promise<Browser & { id: string }> => {
    const signed = await tokenSignIn(reader.db, tokens[handle]!);
    const opened = await openSession(reader.db, handle, signed!.tokenId);
    return { id: opened.id, cookie: `outloud_session=${opened.id}`, csrf: opened.csrf };
  };
  const permalink = async (id: string, browser: Browser, lang = 'en') => {
    const res = await get(reader, `/items/${id}`, browser, { 'accept-language': lang });
    return { status: res.statusCode, body: res.body };
  };
  /** What the permalink shows `browser`'s person now, rendered afresh. */
  const fresh = async (id: string, browser: Browser & { id: string }) => {
    const live = await findSession(reader.db, browser.id);
    const answer = await renderPermalink(reader.db, live!, wordsFor('en'), id, browser.csrf);
    return answer.kind === 'page' ? answer.html.toString('utf8') : answer.kind;
  };

  it('answers from the cache what a fresh render answers, until the discussion changes', async () => {
    const id = await snippet(writer, tokens.ada!, PAGE, 'the quoted words', { comment: 'First' });
    await comment(writer, tokens.bob!, id, 'A reply');
    const bob = await session('bob');
    const first = await permalink(id, bob);
    expect(first.status).toBe(200);
    expect(textOf(first.body)).toContain('A reply');
    expect(await permalink(id, bob)).toEqual(first);
    expect(first.body).toBe(await fresh(id, bob));

    // A write that moves no version (straight into the table, as no code path does) is not
    // seen: the answer is the kept one. The next real write shows both.
    await sql`UPDATE items SET comment = 'Edited behind the cache' WHERE id = ${id}`.execute(
      writer.db.kysely,
    );
    expect((await permalink(id, bob)).body).toBe(first.body);
    await comment(writer, tokens.cy!, id, 'A second reply');
    const after = await permalink(id, bob);
    expect(textOf(after.body)).toContain('Edited behind the cache');
    expect(textOf(after.body)).toContain('A second reply');
    expect(after.body).toBe(await fresh(id, bob));
  });

  it('keeps one page per person and language, with each session its own CSRF token', async () => {
    const id = await snippet(writer, tokens.ada!, PAGE, 'words', { comment: 'Shared' });
    await like(writer, tokens.bob!, id);
    const bob = await session('bob');
    const bobAgain = await session('bob');
    const cy = await session('cy');
    const forBob = await permalink(id, bob);
    const forBobAgain = await permalink(id, bobAgain);
    const forCy = await permalink(id, cy);
    const forBobSv = await permalink(id, bob, 'sv');
    for (const [page, browser] of [
      [forBob, bob],
      [forBobAgain, bobAgain],
      [forCy, cy],
    ] as const) {
      expect(page.status).toBe(200);
      expect(hidden(page.body, 'csrf')).toBe(browser.csrf);
      expect(page.body).toBe(await fresh(id, browser));
    }
    expect(bob.csrf).not.toBe(bobAgain.csrf);
    expect(forBobAgain.body).not.toContain(bob.csrf);
    expect(forCy.body).not.toContain(bob.csrf);
    // Bob liked it (the form withdraws his like), Cy did not; each header names its reader.
    expect(hidden(forBob.body, 'like')).toBe('0');
    expect(hidden(forCy.body, 'like')).toBe('1');
    expect(textOf(forCy.body)).toContain('@cy');
    expect(textOf(forCy.body)).not.toContain('@bob)');
    expect(forBobSv.body).toContain('lang="sv"');
    expect(forBob.body).toContain('lang="en"');
  });

  it('shows every write that changes the discussion in the next answer', async () => {
    const id = await snippet(writer, tokens.ada!, PAGE, 'words', { comment: 'Original' });
    const bob = await session('bob');
    const text = async () => {
      const page = await permalink(id, bob);
      expect(page.body).toBe(await fresh(id, bob));
      return { status: page.status, text: textOf(page.body), html: page.body };
    };
    expect((await text()).text).toContain('Original');

    const reply = await comment(writer, tokens.cy!, id, 'Reply one');
    expect((await text()).text).toContain('Reply one');

    const edited = await call(writer, 'PUT', `/v1/comments/${reply}`, {
      token: tokens.cy!,
      body: { targetId: id, text: 'Reply edited' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await text()).text).toContain('Reply edited');

    await like(writer, tokens.ada!, reply);
    expect((await text()).text).toMatch(/Liked by ADA/i);
    const unliked = await call(writer, 'DELETE', `/v1/likes/${reply}`, { token: tokens.ada! });
    expect(unliked.statusCode).toBeLessThan(300);
    expect((await text()).text).not.toMatch(/Liked by ADA/i);

    await rename(writer.db, 'ada', 'cy', 'cyrus');
    const renamed = (await text()).html;
    expect(renamed).toContain('href="/@cyrus"');
    expect(renamed).not.toContain('href="/@cy"');

    const gone = await call(writer, 'DELETE', `/v1/comments/${reply}`, { token: tokens.cy! });
    expect(gone.statusCode).toBeLessThan(300);
    expect((await text()).text).not.toContain('Reply edited');

    const body = { url: PAGE, quote: { exact: 'words' }, comment: 'Original' };
    await setVisibility(writer, tokens.ada!, 'snippets', id, body, 'private');
    expect((await permalink(id, bob)).status).toBe(404);
    const ada = await session('ada');
    expect((await permalink(id, ada)).status).toBe(200);
    await setVisibility(writer, tokens.ada!, 'snippets', id, body, 'public');
    expect((await text()).status).toBe(200);

    const deleted = await call(writer, 'DELETE', `/v1/snippets/${id}`, { token: tokens.ada! });
    expect(deleted.statusCode).toBeLessThan(300);
    expect((await permalink(id, bob)).status).toBe(404);
  });

  it('follows a status without an address, and a closed group as its members change', async () => {
    const bob = await session('bob');
    const asked = await status(writer, tokens.ada!, 'Who knows Kysely?', { question: true });
    expect(textOf((await permalink(asked, bob)).body)).toContain('Who knows Kysely?');
    await comment(writer, tokens.cy!, asked, 'I do');
    expect(textOf((await permalink(asked, bob)).body)).toContain('I do');

    const group = newId();
    const made = await call(writer, 'PUT', `/v1/groups/${group}`, {
      token: tokens.ada!,
      body: { name: 'Inner', kind: 'closed' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const shared = newId();
    const put = await call(writer, 'PUT', `/v1/bookmarks/${shared}`, {
      token: tokens.ada!,
      body: { url: PAGE, title: 'Inner circle', visibility: 'group', groups: [group] },
    });
    expect(put.statusCode, put.body).toBe(201);
    expect((await permalink(shared, bob)).status).toBe(404);
    const added = await call(writer, 'PUT', `/v1/groups/${group}/members/bob`, {
      token: tokens.ada!,
      body: { role: 'member' },
    });
    expect(added.statusCode, added.body).toBeLessThan(300);
    const member = await permalink(shared, bob);
    expect(member.status).toBe(200);
    expect(textOf(member.body)).toContain('Inner circle');
    expect(member.body).toBe(await fresh(shared, bob));
    const removed = await call(writer, 'DELETE', `/v1/groups/${group}/members/bob`, {
      token: tokens.ada!,
    });
    expect(removed.statusCode).toBeLessThan(300);
    expect((await permalink(shared, bob)).status).toBe(404);
  });

  it("follows a moderator's hide and unhide", async () => {
    const bob = await session('bob');
    const group = newId();
    const put = (path: string, body: unknown) =>
      call(writer, 'PUT', path, { token: tokens.ada!, body });
    expect((await put(`/v1/groups/${group}`, { name: 'Guild', kind: 'closed' })).statusCode).toBe(
      201,
    );
    for (const [handle, role] of [
      ['bob', 'member'],
      ['cy', 'moderator'],
    ]) {
      const added = await put(`/v1/groups/${group}/members/${handle}`, { role });
      expect(added.statusCode, added.body).toBeLessThan(300);
    }
    const id = newId();
    const made = await call(writer, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.ada!,
      body: { url: PAGE, title: 'For the guild', visibility: 'group', groups: [group] },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect((await permalink(id, bob)).status).toBe(200);
    const hidden = await call(writer, 'PUT', `/v1/items/${id}/hidden`, {
      token: tokens.cy!,
      body: { reason: 'off topic' },
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    expect((await permalink(id, bob)).status).toBe(404);
    const shown = await call(writer, 'DELETE', `/v1/items/${id}/hidden`, { token: tokens.cy! });
    expect(shown.statusCode, shown.body).toBe(200);
    const back = await permalink(id, bob);
    expect(back.status).toBe(200);
    expect(back.body).toBe(await fresh(id, bob));
  });
});
