// Hybrid logical clock: timestamps that sort as plain strings, follow wall time, and never tie between clients.
import { z } from 'zod';
import { hlcSchema } from './schemas/common';

export const HLC_COUNTER_MAX = 0xffff;

export interface HlcParts {
  ms: number;
  counter: number;
  clientId: string;
}

export function formatHlc({ ms, counter, clientId }: HlcParts): string {
  return `${String(ms).padStart(13, '0')}-${counter.toString(16).padStart(4, '0')}-${clientId}`;
}

export function parseHlc(hlc: string): HlcParts {
  const result = hlcSchema.safeParse(hlc);
  if (!result.success) throw new Error(`Malformed HLC: ${JSON.stringify(hlc).slice(0, 80)}`);
  const ms = Number(hlc.slice(0, 13));
  const counter = Number.parseInt(hlc.slice(14, 18), 16);
  return { ms, counter, clientId: hlc.slice(19) };
}

export function isHlc(value: unknown): value is string {
  return hlcSchema.safeParse(value).success;
}

export interface Hlc {
  /** A new timestamp for a local event, greater than every one issued or received so far. */
  now(): string;
  /** Fold a timestamp seen from elsewhere into the clock, so the next local event sorts after it. */
  receive(remote: string): void;
  /**
   * `receive` of each timestamp, for many at once: only the newest one the clock trusts moves it, so that one
   * alone is parsed (an import's 10,000 distinct clocks, each parsed and checked, took 30–50 ms in the service
   * worker). The timestamps must be well-formed (checked by the caller's schema): one that is not may be skipped
   * rather than refused.
   */
  receiveAll(remotes: Iterable<string>): void;
  readonly clientId: string;
  /** The last issued or received state, to persist across restarts. */
  last(): string;
}

export interface HlcOptions {
  clientId: string;
  wallClock?: () => number;
  /** The state saved by `last()` in an earlier run. */
  initial?: string;
  /** Remote timestamps further ahead than this are not trusted to move the clock. */
  maxDriftMs?: number;
}

export function createHlc({ clientId, wallClock = Date.now, initial, maxDriftMs = 60_000 }: HlcOptions): Hlc {
  z.string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .parse(clientId);
  let ms = 0;
  let counter = 0;
  if (initial) {
    const parts = parseHlc(initial);
    ms = parts.ms;
    counter = parts.counter;
  }
  const tick = (candidateMs: number): void => {
    if (candidateMs > ms) {
      ms = candidateMs;
      counter = 0;
    } else if (counter < HLC_COUNTER_MAX) {
      counter += 1;
    } else {
      // Counter exhausted within one millisecond: borrow the next millisecond rather than overflow.
      ms += 1;
      counter = 0;
    }
  };
  const receive = (remote: string): void => {
    const parts = parseHlc(remote);
    const wall = wallClock();
    if (parts.ms > wall + maxDriftMs) return;
    if (parts.ms > ms || (parts.ms === ms && parts.counter > counter)) {
      ms = parts.ms;
      counter = parts.counter;
    }
  };
  return {
    clientId,
    now() {
      tick(wallClock());
      return formatHlc({ ms, counter, clientId });
    },
    receive,
    receiveAll(remotes) {
      // Timestamps sort as strings (formatHlc), and `receive` ignores those beyond the drift allowance.
      const trusted = String(wallClock() + maxDriftMs).padStart(13, '0');
      let newest: string | undefined;
      for (const remote of remotes) {
        if ((newest === undefined || remote > newest) && remote.slice(0, 13) <= trusted) newest = remote;
      }
      if (newest !== undefined) receive(newest);
    },
    last: () => formatHlc({ ms, counter, clientId }),
  };
}

/** Pull a timestamp that is too far ahead of `wall` back to `wall + maxAheadMs`, keeping its client id. */
export function clampHlc(hlc: string, wall: number, maxAheadMs = 60_000): { hlc: string; clamped: boolean } {
  const parts = parseHlc(hlc);
  if (parts.ms <= wall + maxAheadMs) return { hlc, clamped: false };
  return { hlc: formatHlc({ ...parts, ms: wall + maxAheadMs }), clamped: true };
}
