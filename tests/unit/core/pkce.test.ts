/** PKCE S256 (RFC 7636): the RFC's own example, the verifier's form, and its randomness source. */
import { describe, expect, it } from 'vitest';
import {
  base64url,
  codeChallengeS256,
  isCodeVerifier,
  newCodeVerifier,
} from '../../../src/core/pkce.ts';

describe('PKCE', () => {
  it("gives RFC 7636 Appendix B's challenge for its verifier", async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it("makes the verifier from 32 bytes of the random source, base64url as the RFC's example", () => {
    // Appendix B's octets give Appendix B's verifier.
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
      105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const verifier = newCodeVerifier((bytes) => {
      expect(bytes.length).toBe(32);
      bytes.set(octets);
      return bytes;
    });
    expect(verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
  });

  it('makes a different, well-formed verifier every time from crypto.getRandomValues', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newCodeVerifier()));
    expect(seen.size).toBe(200);
    for (const v of seen) {
      expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isCodeVerifier(v)).toBe(true);
    }
  });

  it.each([
    ['a'.repeat(42), false],
    ['a'.repeat(43), true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    [`${'a'.repeat(42)}+`, false],
    [`${'a'.repeat(40)}-._~`, true],
    [`${'a'.repeat(42)}=`, false],
  ])('accepts %s as a verifier: %s', (value, ok) => {
    expect(isCodeVerifier(value)).toBe(ok);
  });

  it('refuses to make a challenge of something that is not a verifier', async () => {
    await expect(codeChallengeS256('short')).rejects.toThrow('not a PKCE code_verifier');
  });

  it.each([
    [[], ''],
    [[0xfb], '-w'],
    [[0xff, 0xff], '__8'],
    [[0, 0, 0], 'AAAA'],
  ])('writes %j as base64url without padding: %s', (bytes, text) => {
    expect(base64url(new Uint8Array(bytes))).toBe(text);
  });
});
