// Personal API tokens: how a script authenticates to the REST surface. A token is `wpat_` and 256 random bits,
// shown once, stored as its SHA-256 hash, read-only or read/write, and acts as its account in the account's teams
// with the account's role there (checked on every request, so a removal or a role change applies at once).
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Role } from '../../../shared/schemas/team';
import { TOKEN_PREFIX } from '../../../shared/sync/protocol';
import { type Deps, requestFacts } from '../../context';
import { sha256 } from '../../crypto';
import { ApiError } from '../../errors';
import type { ApiAuthRecord, ApiScope } from '../../storage/api';

export const API_TOKEN_PREFIX = 'wpat_';
export const apiTokenSchema = z.string().regex(/^wpat_[A-Za-z0-9_-]{43}$/, 'Malformed API token');
/** Live API tokens per account. */
export const MAX_API_TOKENS = 20;

export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The caller of a REST request; 401 without a live API token, 403 when a read-only token asks to write. */
export async function apiAuth(deps: Deps, c: Context, need: ApiScope): Promise<ApiAuthRecord> {
  const header = c.req.header('authorization');
  if (header === undefined) {
    throw new ApiError(401, 'Unauthorized', 'Missing API token: send "Authorization: Bearer wpat_…"');
  }
  const token = /^Bearer (\S+)$/.exec(header)?.[1];
  if (token?.startsWith(TOKEN_PREFIX) && !token.startsWith(API_TOKEN_PREFIX)) {
    throw new ApiError(
      401,
      'Unauthorized',
      'This is a device token: the HTTP API takes a personal API token (wpat_…) made in the extension’s options',
    );
  }
  if (!token || !apiTokenSchema.safeParse(token).success) {
    throw new ApiError(401, 'Unauthorized', 'Malformed Authorization header: expected "Bearer wpat_…"');
  }
  const auth = await deps.storage.authenticateApiToken(sha256(token), deps.now());
  if (!auth) throw new ApiError(401, 'Unauthorized', 'Unknown or revoked API token');
  if (need === 'write' && auth.scope !== 'write') {
    throw new ApiError(403, 'Forbidden', 'This API token is read-only: make a read/write token to change tasks');
  }
  return auth;
}

/** The caller's role in a team: 404 for an unknown team, 403 when the account is not a member. */
export async function teamRole(deps: Deps, teamId: string, userId: string): Promise<Role> {
  const facts = requestFacts.getStore();
  if (facts) facts.teamId = teamId;
  const team = await deps.storage.getTeam(teamId);
  if (!team) throw new ApiError(404, 'NotFound', 'Unknown team');
  const role = await deps.storage.getRole(teamId, userId);
  if (!role) throw new ApiError(403, 'Forbidden', 'The token’s account is not a member of this team');
  return role;
}
