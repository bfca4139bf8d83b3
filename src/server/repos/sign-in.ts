/**
 * Organisation sign-in's storage (issue 14): pending flows (keyed by the SHA-256 of `state`),
 * one-time codes (stored hashed, 60 s, single use, bound to the extension's PKCE challenge) and
 * the person an identity-provider subject is (`identities`), created on first sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { HANDLE_PATTERN, LIMITS } from '../../core/wire.ts';
import { recordChanges } from '../db/changes.ts';
import type { Db } from '../db/open.ts';
import { touchView } from '../db/page-versions.ts';
import type { Database, Role, UserRow } from '../db/schema.ts';
import { hashToken } from '../tokens.ts';
import { audit } from './audit.ts';
import { touchPagesOf } from './people-admin.ts';

/** How long the provider has to send the person back. */
export const FLOW_TTL_MS = 10 * 60_000;
/** How long the extension has to redeem its code. */
export const CODE_TTL_MS = 60_000;

export type PendingFlow = {
  verifier: string;
  nonce: string;
  redirectUri: string;
  codeChallenge: string;
};

/** Stores a flow under `state`; expired flows are swept on the way. */
export async function saveFlow(db: Db, state: string, flow: PendingFlow, now = Date.now()) {
  await db.kysely
    .deleteFrom('auth_flows')
    .where('expires_at', '<', new Date(now).toISOString())
    .execute();
  await db.kysely
    .insertInto('auth_flows')
    .values({
      state_hash: hashToken(state),
      verifier: flow.verifier,
      nonce: flow.nonce,
      redirect_uri: flow.redirectUri,
      code_challenge: flow.codeChallenge,
      expires_at: new Date(now + FLOW_TTL_MS).toISOString(),
    })
    .execute();
}

/** Takes (deletes and answers) the live flow `state` names; undefined for none. */
export async function takeFlow(
  db: Db,
  state: string,
  now = Date.now(),
): Promise<PendingFlow | undefined> {
  const row = await db.kysely
    .deleteFrom('auth_flows')
    .where('state_hash', '=', hashToken(state))
    .returningAll()
    .executeTakeFirst();
  if (!row || row.expires_at < new Date(now).toISOString()) return undefined;
  return {
    verifier: row.verifier,
    nonce: row.nonce,
    redirectUri: row.redirect_uri,
    codeChallenge: row.code_challenge,
  };
}

/** A new one-time code for `handle`, bound to `codeChallenge`. */
export async function issueCode(
  db: Db,
  handle: string,
  codeChallenge: string,
  now = Date.now(),
): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await db.kysely
    .deleteFrom('auth_codes')
    .where('expires_at', '<', new Date(now).toISOString())
    .execute();
  await db.kysely
    .insertInto('auth_codes')
    .values({
      code_hash: hashToken(code),
      handle,
      code_challenge: codeChallenge,
      expires_at: new Date(now + CODE_TTL_MS).toISOString(),
    })
    .execute();
  return code;
}

/**
 * Redeems `code` with the extension's `verifier`: the code is deleted whatever follows (a wrong
 * verifier spends it too), and answers its person's handle only when it was live and
 * SHA-256(verifier) is its challenge.
 */
export async function redeemCode(
  db: Db,
  code: string,
  verifier: string,
  now = Date.now(),
): Promise<string | undefined> {
  const row = await db.kysely
    .deleteFrom('auth_codes')
    .where('code_hash', '=', hashToken(code))
    .returningAll()
    .executeTakeFirst();
  if (!row || row.expires_at < new Date(now).toISOString()) return undefined;
  const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  return challenge === row.code_challenge ? row.handle : undefined;
}

/** What the identity provider said about the person, already checked. */
export type SignedInIdentity = {
  issuer: string;
  subject: string;
  /** The handle wanted (claim or e-mail local part), before normalising. */
  handleHint: string;
  name: string | null;
  email: string | null;
  /** The role the admin group gives, or null when no admin group is configured. */
  role: Role | null;
};

const HANDLE_RE = new RegExp(HANDLE_PATTERN);

/**
 * `text` under the handle rules of core (`[a-z0-9_.-]`, at most `LIMITS.handle`): an address's
 * local part (Entra ID's `preferred_username` is the UPN, `ada@contoso.com`), lower-cased,
 * accents dropped, spaces as dots, anything else removed; `person` when nothing is left.
 */
export function normaliseHandle(text: string): string {
  const handle = text
    .split('@')[0]!
    .trim()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, '.')
    .replace(/[^a-z0-9_.-]/g, '')
    .slice(0, LIMITS.handle);
  return HANDLE_RE.test(handle) ? handle : 'person';
}

async function handleTaken(q: Kysely<Database>, handle: string): Promise<boolean> {
  const user = await q
    .selectFrom('users')
    .select('handle')
    .where('handle', '=', handle)
    .executeTakeFirst();
  if (user) return true;
  const alias = await q
    .selectFrom('handle_aliases')
    .select('old_handle')
    .where('old_handle', '=', handle)
    .executeTakeFirst();
  return alias !== undefined;
}

/** `base`, or `base` with the smallest numeric suffix (2, 3, …) that nobody has. */
async function freeHandle(q: Kysely<Database>, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : String(n);
    const handle = base.slice(0, LIMITS.handle - suffix.length) + suffix;
    if (!(await handleTaken(q, handle))) return handle;
  }
}

/** The result of a sign-in: the person, or why they may not come in. */
export type SignInResult = { user: UserRow } | { refused: 'deactivated' };

/**
 * Finds the person `identity` is (by issuer and subject), or creates them on first sign-in
 * (unique handle, name, e-mail); later sign-ins update name and e-mail; the admin group's role
 * is applied each time (audited with actor `oidc` when it changes). A deactivated person is
 * refused. Retried when another instance created the same person or handle at the same moment.
 */
export async function signInPerson(db: Db, identity: SignedInIdentity): Promise<SignInResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.kysely.transaction().execute((trx) => signInOnce(trx, identity));
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function signInOnce(
  trx: Kysely<Database>,
  identity: SignedInIdentity,
): Promise<SignInResult> {
  const now = new Date().toISOString();
  const known = await trx
    .selectFrom('identities')
    .innerJoin('users', 'users.handle', 'identities.handle')
    .selectAll('users')
    .where('identities.issuer', '=', identity.issuer)
    .where('identities.subject', '=', identity.subject)
    .executeTakeFirst();
  let user: UserRow;
  if (known) {
    if (known.deactivated_at !== null) return { refused: 'deactivated' };
    user = known;
    const name = identity.name?.slice(0, LIMITS.name) || user.name;
    if (name !== user.name || identity.email !== user.email) {
      await trx
        .updateTable('users')
        .set({ name, email: identity.email })
        .where('handle', '=', user.handle)
        .execute();
      await trx
        .updateTable('identities')
        .set({ email: identity.email })
        .where('issuer', '=', identity.issuer)
        .where('subject', '=', identity.subject)
        .execute();
      if (name !== user.name) {
        // Pages and permalinks that show the person, and their own pages' header, change.
        await touchPagesOf(trx, user.handle);
        await touchView(trx, user.handle);
        await recordChanges(trx, [
          { kind: 'person', key: user.handle, owner: user.handle, public: true },
        ]);
      }
      user = { ...user, name, email: identity.email };
    }
  } else {
    const handle = await freeHandle(trx, normaliseHandle(identity.handleHint));
    user = {
      handle,
      name: identity.name?.slice(0, LIMITS.name) || handle,
      created_at: now,
      email: identity.email,
      role: 'member',
      deactivated_at: null,
    };
    await trx.insertInto('users').values(user).execute();
    await trx
      .insertInto('identities')
      .values({
        issuer: identity.issuer,
        subject: identity.subject,
        handle,
        email: identity.email,
        created_at: now,
      })
      .execute();
    await audit(trx, {
      actor: 'oidc',
      action: 'person.create',
      target: handle,
      detail: { issuer: identity.issuer, subject: identity.subject },
    });
    await recordChanges(trx, [{ kind: 'person', key: handle, owner: handle, public: true }]);
  }
  if (identity.role !== null && identity.role !== user.role) {
    await trx
      .updateTable('users')
      .set({ role: identity.role })
      .where('handle', '=', user.handle)
      .execute();
    await audit(trx, {
      actor: 'oidc',
      action: 'person.role',
      target: user.handle,
      detail: { from: user.role, to: identity.role },
    });
    user = { ...user, role: identity.role };
  }
  return { user };
}
