/**
 * API tokens: 32 random bytes (base64url), shown once, stored only as their SHA-256. Lookup is
 * by hash, then confirmed with a constant-time comparison.
 */
import * as crypto from 'node:crypto';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new token, to be shown to its owner once. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Node's one-shot digest (20.12 and later): several times cheaper than a Hash object. */
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

/** Hex SHA-256 of a token, the only form stored. Computed on every authenticated request. */
export function hashToken(token: string): string {
  return oneShot
    ? oneShot('sha256', token, 'hex')
    : createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time equality of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The token in an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([A-Za-z0-9_-]{20,200})[ ]*$/i.exec(header);
  return match ? match[1]! : null;
}
