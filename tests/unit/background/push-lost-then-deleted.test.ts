/**
 * A retried put of an object the user went on to delete: the first push (create, edit, delete)
 * is committed but its answer is lost, so the retry's puts meet `410 gone`. Found by the chaos
 * sync test (tests/e2e/chaos-sync.test.ts): those puts used to stay in the outbox as "failed"
 * for good, shown to the user as refused and blocking the mirror's updates of that object.
 */
import { describe, expect, it } from 'vitest';
import type { Bookmark, Comment } from '../../../src/core/wire.ts';
import { idle, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };

/** The real server's rule: an id that was deleted is never reused (`410 gone`). */
function goneAfterDelete(t: Awaited<ReturnType<typeof setup>>): void {
  const deleted = new Set<string>();
  t.server.rules.push((m) => {
    if (m.op === 'delete' && (m.type === 'bookmark' || m.type === 'comment')) deleted.add(m.id);
    if (m.op === 'put' && deleted.has(m.id)) {
      return { status: 410, code: 'gone', message: `item ${m.id} was deleted` };
    }
    return null;
  });
}

describe('push after a lost answer', () => {
  it('finishes a create, edit and delete whose first answer was lost, with nothing failed', async () => {
    const t = await setup();
    await t.signIn('alice');
    goneAfterDelete(t);
    t.server.down = true;
    const made = (await t.bookmarkPage({
      url: 'https://example.org/soon-gone',
      title: 'Soon gone',
    })) as Ok<{ bookmark: Bookmark }>;
    const id = made.value.bookmark.id;
    expect((await t.ui('updateBookmark', { id, patch: { title: 'Edited' } })).ok).toBe(true);
    const comment = (await t.ui('addComment', { targetId: id, text: 'a note' })) as Ok<Comment>;
    expect((await t.ui('deleteComment', { id: comment.value.id })).ok).toBe(true);
    expect((await t.ui('deleteBookmark', { id })).ok).toBe(true);
    await idle(t.bg);
    expect(await t.db.outbox.count()).toBe(5);

    t.server.down = false;
    t.server.loseNextResponse();
    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(t.server.items.has(id)).toBe(false);

    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: true });
    const status = (await t.ui('getStatus')) as Ok<{ pending: number; failed: unknown[] }>;
    expect(status.value).toMatchObject({ pending: 0, failed: [] });
    expect(await t.db.outbox.count()).toBe(0);
    expect(await t.db.items.get(id)).toBeUndefined();
  });

  it('still reports a 410 on a put the user did not delete (deleted elsewhere)', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    const made = (await t.bookmarkPage({
      url: 'https://example.org/deleted-elsewhere',
    })) as Ok<{ bookmark: Bookmark }>;
    await idle(t.bg);
    t.server.rules.push((m) =>
      m.op === 'put' ? { status: 410, code: 'gone', message: 'deleted on another device' } : null,
    );
    t.server.down = false;
    await t.bg.sync.run('manual');
    const status = (await t.ui('getStatus')) as Ok<{ failed: Array<{ id: string; code: string }> }>;
    expect(status.value.failed).toEqual([
      expect.objectContaining({ id: made.value.bookmark.id, code: 'gone' }),
    ]);
  });
});
