/**
 * Client-generated ids: UUIDv7 (RFC 9562), time-ordered so outbox and server indexes stay
 * append-mostly, random enough that two clients never collide.
 */

export const UUID_PATTERN =
  '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
const UUID_RE = new RegExp(UUID_PATTERN);

export type RandomSource = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const defaultRandom: RandomSource = (bytes) => globalThis.crypto.getRandomValues(bytes);

/** A new UUIDv7 for `now` (milliseconds since the epoch). */
export function uuidv7(now: number = Date.now(), random: RandomSource = defaultRandom): string {
  const bytes = random(new Uint8Array(16));
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True for a lowercase RFC 9562 UUID of any version 1–8. */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** The millisecond timestamp a UUIDv7 was made at. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
