// Token freshness: after a token authenticates, its use is recorded and an idle one (unused for longer than the
// configured days) is refused. A token checked in the last minute is not checked again, so a busy device costs one
// database write a minute, not one per request.
import type { AuthRecord, Storage } from './storage/types';

const RECHECK_MS = 60_000;
const MAX_ENTRIES = 50_000;

export interface TokenUse {
  /** True when the authenticated token may be used now. */
  fresh(auth: AuthRecord, now: number): Promise<boolean>;
}

export function createTokenUse(storage: Storage, idleMs: number | null): TokenUse {
  const checked = new Map<string, number>();
  return {
    async fresh(auth, now) {
      const at = checked.get(auth.tokenId);
      if (at !== undefined && now - at < RECHECK_MS && now >= at) return true;
      const ok = await storage.touchToken(auth.tokenId, now, idleMs);
      if (!ok) {
        checked.delete(auth.tokenId);
        return false;
      }
      if (checked.size >= MAX_ENTRIES) checked.clear();
      checked.set(auth.tokenId, now);
      return true;
    },
  };
}
