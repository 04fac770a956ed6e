// UUIDv7 ids: time-ordered, so new rows sort after old ones in IndexedDB and SQLite indexes.
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

let lastMs = 0;
let lastRand = new Uint8Array(10);

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes.subarray(6));
  // Within one millisecond, increment the random tail so ids stay strictly ordered (RFC 9562 §6.2, method 2).
  if (now <= lastMs) {
    now = lastMs;
    bytes.set(lastRand, 6);
    for (let i = 15; i >= 6; i--) {
      const next = (bytes[i] ?? 0) + 1;
      bytes[i] = next & 0xff;
      if (next <= 0xff) break;
    }
  }
  lastMs = now;
  lastRand = bytes.slice(6);
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A short random id for a device or client (used inside HLC strings). */
export function randomClientId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return hex(bytes);
}
