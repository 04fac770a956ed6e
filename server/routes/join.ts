// Join: redeem a single-use invite code, as a new account or (with a bearer token) as an existing one.
import { Hono } from 'hono';
import { joinRequestSchema } from '../../shared/sync/protocol';
import { type AppEnv, authenticate, bearerToken, type Deps, rateLimit } from '../context';
import { newToken, sha256 } from '../crypto';
import { ApiError, readJson } from '../errors';

export function createJoinRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/', async (c) => {
    rateLimit(deps, deps.limits.join, c);
    const existingToken = bearerToken(c);
    let existingUserId: string | undefined;
    if (existingToken) {
      const auth = await authenticate(deps, existingToken);
      if (!auth) throw new ApiError(401, 'Unauthorized', 'Unknown or revoked token');
      existingUserId = auth.userId;
    }
    const body = await readJson(c, joinRequestSchema);
    const token = newToken();
    const outcome = await deps.storage.redeemInvite({
      codeHash: sha256(body.code),
      now: deps.now(),
      account: { userName: body.userName, tokenHash: sha256(token) },
      ...(existingUserId ? { existingUserId } : {}),
    });
    if (outcome.kind !== 'ok') {
      throw new ApiError(404, 'InviteInvalid', 'This invite code is unknown, expired or already used');
    }
    deps.hub.memberAdded(outcome.user.id, outcome.team.id, outcome.role);
    return c.json(
      {
        team: { id: outcome.team.id, name: outcome.team.name },
        user: outcome.user,
        token,
        personalTeam: { id: outcome.personalTeam.id, name: outcome.personalTeam.name },
        role: outcome.role,
      },
      201,
    );
  });
}
