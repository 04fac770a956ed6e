// What every route gets: its dependencies, the hono env type, and the authentication helpers.
import type { Context, MiddlewareHandler } from 'hono';
import { tokenSchema } from '../shared/sync/protocol';
import { sha256 } from './crypto';
import { ApiError } from './errors';
import type { PokeHub } from './pokes';
import type { RateLimiter } from './rate-limit';
import type { AuthRecord, Storage } from './storage/types';

export interface Deps {
  storage: Storage;
  hub: PokeHub;
  now: () => number;
  /** When set, POST /v1/teams requires the admin code with this SHA-256 hash (WAYPOINT_SIGNUP=closed). */
  adminCodeHash?: string;
  limits: { createTeam: RateLimiter; join: RateLimiter };
  /** Trust X-Forwarded-For for the client address (only behind a reverse proxy you run). */
  trustProxy: boolean;
}

export type AppEnv = { Variables: { auth: AuthRecord } };

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
  return deps.storage.authenticate(sha256(token), deps.now());
}

export function requireAuth(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new ApiError(401, 'Unauthorized', 'Missing bearer token');
    const auth = await authenticate(deps, token);
    if (!auth) throw new ApiError(401, 'Unauthorized', 'Unknown or revoked token');
    c.set('auth', auth);
    await next();
  };
}

/** The team and the caller's role in it: 404 when the team does not exist, 403 when the caller is not in it. */
export async function requireMember(deps: Deps, teamId: string, userId: string) {
  const team = await deps.storage.getTeam(teamId);
  if (!team) throw new ApiError(404, 'NotFound', 'Unknown team');
  const role = await deps.storage.getRole(teamId, userId);
  if (!role) throw new ApiError(403, 'Forbidden', 'Not a member of this team');
  return { team, role };
}

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

export function rateLimit(deps: Deps, limiter: RateLimiter, c: Context): void {
  const wait = limiter.hit(clientAddress(c, deps.trustProxy), deps.now());
  if (wait > 0) {
    throw new ApiError(
      429,
      'RateLimited',
      `Too many requests; retry in ${wait} s`,
      { retryAfter: wait },
      {
        'Retry-After': String(wait),
      },
    );
  }
}
