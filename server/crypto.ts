// Secrets: bearer tokens and invite codes are random, shown once, and stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_PREFIX } from '../shared/sync/protocol';

/** 256 random bits with a recognisable prefix, so leaked tokens are easy to spot and scan for. */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** 144 random bits: short enough for a link, far beyond guessing under the join rate limit. */
export function newInviteCode(): string {
  return randomBytes(18).toString('base64url');
}

export function newAdminCode(): string {
  return `wpa_${randomBytes(24).toString('base64url')}`;
}

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Does `secret` hash to `hash`? Constant-time in the compared bytes. */
export function matchesHash(secret: string, hash: string): boolean {
  const x = Buffer.from(sha256(secret));
  const y = Buffer.from(hash);
  return x.length === y.length && timingSafeEqual(x, y);
}
