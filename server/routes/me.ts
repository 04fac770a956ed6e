// The caller's account: who am I, which teams (with my role, my private space flagged), and token revocation.
import { Hono } from 'hono';
import { type AppEnv, type Deps, requireAuth } from '../context';
import { ApiError } from '../errors';

export function createMeRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireAuth(deps)).get('/', async (c) => {
    const { userId } = c.get('auth');
    const user = await deps.storage.getUser(userId);
    if (!user) throw new ApiError(401, 'Unauthorized', 'Unknown account');
    const teams = await deps.storage.listTeamsOf(userId);
    return c.json(
      {
        user,
        teams: teams.map((t) => ({ id: t.id, name: t.name, role: t.role, personal: t.personal, version: t.version })),
      },
      200,
    );
  });
}

export function createTokenRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireAuth(deps)).delete('/current', async (c) => {
    const { tokenId } = c.get('auth');
    await deps.storage.revokeToken(tokenId, deps.now());
    deps.hub.tokenRevoked(tokenId);
    return c.json({ revoked: true }, 200);
  });
}
