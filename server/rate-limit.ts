// Fixed-window rate limits per client address, for the unauthenticated endpoints (team creation, join) and the
// status page. Limits are counted by outcome: a request takes a slot up front (so a burst cannot slip past) and
// gives it back when its outcome should not count (a refused sign-up, a join with a valid code).
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Count one hit; returns the seconds to wait when over the limit (the hit is then not counted), else 0. */
  hit(key: string, now: number): number;
  /** The seconds to wait if one more hit came now (0: allowed); counts nothing. */
  peek(key: string, now: number): number;
  /** Give back a hit counted in the current window. */
  refund(key: string, now: number): void;
}

export function createRateLimiter({ limit, windowMs }: RateLimitRule): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, now: number) => {
    let w = windows.get(key);
    if (!w || now - w.start >= windowMs) {
      // Drop stale windows now and then so the map cannot grow without bound.
      if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    return w;
  };
  const wait = (w: { start: number }, now: number) => Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
  return {
    hit(key, now) {
      const w = current(key, now);
      if (w.count >= limit) return wait(w, now);
      w.count += 1;
      return 0;
    },
    peek(key, now) {
      const w = current(key, now);
      return w.count >= limit ? wait(w, now) : 0;
    },
    refund(key, now) {
      const w = windows.get(key);
      if (w && now - w.start < windowMs && w.count > 0) w.count -= 1;
    },
  };
}
