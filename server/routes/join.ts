// Join: redeem a single-use invite code, as a new account or (with a bearer token) as an existing one.
// Failed joins are what the rate limit counts: once an address has too many, unknown codes get 429 but a valid code
// from the same office still joins (codes have 144 random bits, so the limit is about load, not guessing).
import { Hono } from 'hono';
import { joinRequestSchema } from '../../shared/sync/protocol';
import { type AppEnv, authenticate, bearerToken, type Deps, rateLimit, tooMany } from '../context';
import { newToken, sha256 } from '../crypto';
import { deviceNameFrom } from '../device-name';
import { ApiError, readJson } from '../errors';

export function createJoinRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const address = rateLimit(deps, deps.limits.joinAttempts, c);
    const blocked = deps.limits.join.peek(address, deps.now());
    const existingToken = bearerToken(c);
    let existingUserId: string | undefined;
    if (existingToken) {
      const auth = await authenticate(deps, existingToken);
      if (!auth) throw new ApiError(401, 'Unauthorized', 'Unknown, expired or revoked token');
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
      const wait = deps.limits.join.hit(address, deps.now());
      if (blocked > 0 || wait > 0) throw tooMany(Math.max(blocked, wait));
      throw new ApiError(404, 'InviteInvalid', 'This invite code is unknown, expired or already used');
    }
    await deps.storage.nameToken(outcome.user.id, outcome.tokenId, deviceNameFrom(c.req.header('user-agent')));
    if (existingUserId) {
      for (const id of await deps.storage.capTokens(outcome.user.id, deps.maxTokensPerAccount, deps.now())) {
        deps.hub.tokenRevoked(id);
      }
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
