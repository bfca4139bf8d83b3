/**
 * Never losing what the person made when local data is thrown away (signing out, or signing in
 * as someone else): the outbox is delivered first, and while entries still wait (server
 * unreachable, items refused) the wipe is refused with a `pending` error that says how many,
 * unless the caller accepted discarding them.
 */
import { countFailed, countOutbox } from '../platform/outbox.ts';
import { HandlerError } from './errors.ts';
import type { Services } from './services.ts';

/** What a wipe needs: the database, the sync engine, the settings and the guarded clear. */
export type WipeDeps = Pick<Services, 'db' | 'sync' | 'settings' | 'clearLocalData'>;

/** Outbox entries that have not reached the server: waiting ones and refused ones. */
export async function undeliveredCounts(
  db: Services['db'],
): Promise<{ total: number; refused: number }> {
  const [total, refused] = await Promise.all([countOutbox(db), countFailed(db)]);
  return { total, refused };
}

/**
 * Pushes the outbox once, after any run already under way, and answers how many entries still
 * have not reached the server. A run another context holds is waited for when it is this
 * engine's; otherwise the entries it has not sent yet simply count as undelivered.
 */
export async function deliverOutbox(s: Pick<WipeDeps, 'db' | 'sync'>): Promise<number> {
  await s.sync.settled();
  if ((await countOutbox(s.db)) === 0) return 0;
  const result = await s.sync.run('manual');
  if (!result.ran && result.reason === 'busy') await s.sync.settled();
  return countOutbox(s.db);
}

/** Why local data is being thrown away, for the refusal's wording. */
export type WipeReason = { kind: 'sign-out' } | { kind: 'switch'; from: string; to: string };

/** The `pending` refusal: how many changes have not reached the server, and what would happen. */
export function pendingRefusal(
  counts: { total: number; refused: number },
  reason: WipeReason,
): HandlerError {
  const { total, refused } = counts;
  const message = `pending: ${total} undelivered (${refused} refused); ${reason.kind} refused`;
  return new HandlerError(
    'pending',
    message,
    reason.kind === 'sign-out'
      ? { total, refused, reason: 'sign-out' }
      : { total, refused, reason: 'switch', from: reason.from, to: reason.to },
  );
}

/**
 * Signs out and empties the local mirror and outbox. Without `discardPending` the outbox is
 * delivered first (when `deliver` allows: only the person who made the entries may push them)
 * and a `pending` refusal is thrown while anything is left, changing nothing. The credentials
 * go before the wipe and running syncs are awaited, so no pull refills the emptied mirror; an
 * entry written in that instant is caught by the wipe's own check, which puts the credentials
 * back and refuses.
 */
export async function wipeLocalData(
  s: WipeDeps,
  options: { discardPending: boolean; deliver: boolean; reason: WipeReason },
): Promise<void> {
  const guard = !options.discardPending;
  if (guard) {
    if (options.deliver) await deliverOutbox(s);
    const counts = await undeliveredCounts(s.db);
    if (counts.total > 0) throw pendingRefusal(counts, options.reason);
  }
  const [credentials, me] = await Promise.all([s.settings.credentials(), s.settings.me()]);
  await s.settings.signOut();
  await s.sync.settled();
  const left = await s.clearLocalData({ keepIfPending: guard });
  if (left > 0) {
    if (credentials && me) await s.settings.signIn(credentials, me);
    throw pendingRefusal(await undeliveredCounts(s.db), options.reason);
  }
}
