/**
 * PKCE (RFC 7636) for the extension's sign-in: a fresh `code_verifier` of 32 random bytes
 * (43 base64url characters, the RFC's recommendation) and its S256 `code_challenge`. The
 * verifier stays in the background; only the challenge travels to the server, so a code
 * intercepted on its way back to the extension cannot be exchanged by anyone else.
 */
import type { RandomSource } from './ids.ts';

const defaultRandom: RandomSource = (bytes) => globalThis.crypto.getRandomValues(bytes);

/** base64url without padding (RFC 4648 §5), as PKCE writes both values. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new `code_verifier`: 32 bytes from `random` (crypto.getRandomValues), base64url. */
export function newCodeVerifier(random: RandomSource = defaultRandom): string {
  return base64url(random(new Uint8Array(32)));
}

/** The verifier's syntax (RFC 7636 §4.1): 43–128 of `[A-Za-z0-9-._~]`. */
export function isCodeVerifier(value: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}

/** `BASE64URL(SHA256(ASCII(code_verifier)))`, the S256 challenge. */
export async function codeChallengeS256(verifier: string): Promise<string> {
  if (!isCodeVerifier(verifier)) throw new Error('not a PKCE code_verifier');
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(verifier),
  );
  return base64url(new Uint8Array(digest));
}
