// What every route gets: its dependencies, the hono env type, and the authentication helpers.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, MiddlewareHandler } from 'hono';
import { tokenSchema } from '../shared/sync/protocol';
import { clientAddressOf } from './client-address';
import { sha256 } from './crypto';
import { ApiError } from './errors';
import type { Metrics } from './metrics';
import type { PokeHub } from './pokes';
import type { RateLimiter } from './rate-limit';
import type { AuthRecord, Storage } from './storage/types';
import type { TokenUse } from './token-use';

export interface Deps {
  storage: Storage;
  hub: PokeHub;
  now: () => number;
  /** When set, POST /v1/teams requires the admin code with this SHA-256 hash (WAYPOINT_SIGNUP=closed). */
  adminCodeHash?: string;
  limits: {
    /** Teams created per address (a refused request gives its slot back). */
    createTeam: RateLimiter;
    /** Failed joins per address: over it, unknown codes get 429, a valid code still joins. */
    join: RateLimiter;
    /** All join attempts per address (a ceiling on load, far above `join`). */
    joinAttempts: RateLimiter;
    statusPage: RateLimiter;
  };
  /** Reverse proxies in front of the server that append to X-Forwarded-For (0: ignore the header). */
  trustedHops: number;
  /** Records token use and refuses idle ones (WAYPOINT_TOKEN_IDLE_DAYS). */
  tokenUse: TokenUse;
  /** A token unused for longer stops working (null: never). */
  tokenIdleMs: number | null;
  /** Live tokens per account. */
  maxTokensPerAccount: number;
  metrics: Metrics;
}

export type AppEnv = { Variables: { auth: AuthRecord } };

/** Per-request facts the log line needs but routes learn late (the team), kept without changing route signatures. */
export interface RequestFacts {
  teamId?: string;
  /** Why a push (or a request) was refused, for the log line. */
  refused?: string;
}
export const requestFacts = new AsyncLocalStorage<RequestFacts>();

/** The bearer token of a request: undefined when absent, 401 when present but malformed. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header === undefined) return undefined;
  const match = /^Bearer ([^\s]+)$/.exec(header);
  if (!match || !tokenSchema.safeParse(match[1]).success) {
    throw new ApiError(401, 'Unauthorized', 'Malformed Authorization header: expected "Bearer wp_…"');
  }
  return match[1];
}

export async function authenticate(deps: Deps, token: string): Promise<AuthRecord | undefined> {
  if (!tokenSchema.safeParse(token).success) return undefined;
  const auth = await deps.storage.authenticate(sha256(token), deps.now());
  if (!auth) return undefined;
  return (await deps.tokenUse.fresh(auth, deps.now())) ? auth : undefined;
}

export function requireAuth(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new ApiError(401, 'Unauthorized', 'Missing bearer token');
    const auth = await authenticate(deps, token);
    if (!auth) throw new ApiError(401, 'Unauthorized', 'Unknown, expired or revoked token');
    c.set('auth', auth);
    await next();
  };
}

/** The team and the caller's role in it: 404 when the team does not exist, 403 when the caller is not in it. */
export async function requireMember(deps: Deps, teamId: string, userId: string) {
  const facts = requestFacts.getStore();
  if (facts) facts.teamId = teamId;
  const team = await deps.storage.getTeam(teamId);
  if (!team) throw new ApiError(404, 'NotFound', 'Unknown team');
  const role = await deps.storage.getRole(teamId, userId);
  if (!role) throw new ApiError(403, 'Forbidden', 'Not a member of this team');
  return { team, role };
}

export function clientAddress(c: Context, trustedHops: number): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return clientAddressOf(env?.incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'), trustedHops);
}

export function tooMany(wait: number): ApiError {
  return new ApiError(
    429,
    'RateLimited',
    `Too many requests; retry in ${wait} s`,
    { retryAfter: wait },
    { 'Retry-After': String(wait) },
  );
}

/** Count one hit against `limiter` for the caller's address; 429 with Retry-After when over it. */
export function rateLimit(deps: Deps, limiter: RateLimiter, c: Context): string {
  const address = clientAddress(c, deps.trustedHops);
  const wait = limiter.hit(address, deps.now());
  if (wait > 0) throw tooMany(wait);
  return address;
}
