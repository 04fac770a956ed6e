// The caller's account: who am I, which teams (with my role, my private space flagged), and the account's devices
// (one token each): list them with their last use, rename this one, revoke any of them.
import { Hono } from 'hono';
import { renameDeviceRequestSchema } from '../../shared/schemas/account';
import { anyIdSchema } from '../../shared/schemas/common';
import { type AppEnv, type Deps, requireAuth } from '../context';
import { ApiError, readJson } from '../errors';

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

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function createTokenRoutes(deps: Deps) {
  const revoke = async (userId: string, tokenId: string) => {
    const revoked = await deps.storage.revokeUserToken(userId, tokenId, deps.now());
    if (revoked) deps.hub.tokenRevoked(tokenId);
    return revoked;
  };
  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) => {
      const { userId, tokenId } = c.get('auth');
      const idle = deps.tokenIdleMs;
      const devices = (await deps.storage.listTokens(userId)).map((d) => ({
        id: d.id,
        name: d.name || 'Unnamed device',
        createdAt: new Date(d.createdAt).toISOString(),
        lastUsedAt: iso(d.lastUsedAt),
        expiresAt: idle === null ? null : iso((d.lastUsedAt ?? d.createdAt) + idle),
        current: d.id === tokenId,
      }));
      return c.json({ devices }, 200);
    })
    .patch('/current', async (c) => {
      const { userId, tokenId } = c.get('auth');
      const body = await readJson(c, renameDeviceRequestSchema);
      await deps.storage.nameToken(userId, tokenId, body.name);
      return c.json({ id: tokenId, name: body.name }, 200);
    })
    .delete('/current', async (c) => {
      const { userId, tokenId } = c.get('auth');
      await revoke(userId, tokenId);
      return c.json({ revoked: true }, 200);
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      if (!anyIdSchema.safeParse(id).success) throw new ApiError(404, 'NotFound', 'Unknown device');
      const { userId } = c.get('auth');
      // Only the caller's own tokens: another account's id is "unknown", never a hint that it exists.
      if (!(await revoke(userId, id))) throw new ApiError(404, 'NotFound', 'Unknown device');
      return c.json({ revoked: true }, 200);
    });
}
