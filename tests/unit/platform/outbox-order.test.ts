/**
 * What the outbox tells the server about order: each pushed mutation carries its entry's `seq`
 * (`toPush`, also counted in a batch's size), and the outbox has one id (`outboxId`), the same
 * for every caller, also two at once, until the local data is cleared.
 */
import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../../src/core/wire.ts';
import { clearAll, transaction } from '../../../src/platform/db.ts';
import { outboxId } from '../../../src/platform/meta.ts';
import { enqueue, nextBatch, toPush } from '../../../src/platform/outbox.ts';
import { freshDb } from '../background/helpers.ts';

const status = (text: string): Mutation => ({
  type: 'status',
  op: 'put',
  id: crypto.randomUUID(),
  data: { text },
});

describe('outbox order', () => {
  it('pushes each mutation with its seq, in seq order, the stored entry unchanged', async () => {
    const db = await freshDb();
    const mutations = [status('a'), status('b'), status('c')];
    const seqs = await transaction(db, ['outbox'], async () => {
      const out: number[] = [];
      for (const m of mutations) out.push(await enqueue(db, m, 'ann', '2026-01-01T00:00:00Z'));
      return out;
    });
    const batch = await nextBatch(db);
    expect(batch.map(toPush)).toEqual(mutations.map((m, i) => ({ ...m, seq: seqs[i] })));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await db.outbox.get(seqs[0]!))!.mutation).toEqual(mutations[0]);
    expect(toPush({ ...batch[0]!, seq: undefined })).toEqual(mutations[0]);
  });

  it('sizes a batch by what is sent, seq included', async () => {
    const db = await freshDb();
    // Four entries that fill the batch limit exactly without their seqs: with them, three fit.
    const limit = 256 * 1024 - 16 * 1024;
    const overhead = JSON.stringify(status('')).length + 1;
    const text = 'x'.repeat(limit / 4 - overhead);
    await transaction(db, ['outbox'], async () => {
      for (let i = 0; i < 4; i++) await enqueue(db, status(text), 'ann', '2026-01-01T00:00:00Z');
    });
    const batch = await nextBatch(db);
    expect(batch).toHaveLength(3);
    const bytes = batch.reduce((n, e) => n + JSON.stringify(toPush(e)).length + 1, 0);
    expect(bytes).toBeLessThanOrEqual(limit);
  });

  it('has one id, the same for two callers at once, and a new one after a clear', async () => {
    const db = await freshDb();
    const [a, b] = await Promise.all([outboxId(db), outboxId(db)]);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(await outboxId(db)).toBe(a);
    await clearAll(db);
    const after = await outboxId(db);
    expect(after).not.toBe(a);
    expect(after).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
