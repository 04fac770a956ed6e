// Managing personal API tokens from the extension (device token): list them, make one (read or read/write, the
// secret shown once in the answer, only its hash kept) and revoke one. They act for the account that made them.
import { Hono } from 'hono';
import { z } from 'zod';
import { uuidv7 } from '../../../shared/id';
import { anyIdSchema } from '../../../shared/schemas/common';
import { type AppEnv, type Deps, requireAuth } from '../../context';
import { sha256 } from '../../crypto';
import { ApiError, readJson } from '../../errors';
import type { ApiTokenRecord } from '../../storage/api';
import { MAX_API_TOKENS, newApiToken } from './api-auth';

const createSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the token after the script that uses it').max(100),
  scope: z.enum(['read', 'write']),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const out = (t: ApiTokenRecord) => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  createdAt: iso(t.createdAt),
  lastUsedAt: iso(t.lastUsedAt),
});

export function createApiTokenRoutes(deps: Deps) {
  const auth = requireAuth(deps);
  return new Hono<AppEnv>()
    .get('/', auth, async (c) => {
      const tokens = await deps.storage.listApiTokens(c.get('auth').userId);
      return c.json({ tokens: tokens.map(out) }, 200);
    })
    .post('/', auth, async (c) => {
      const { userId } = c.get('auth');
      const body = await readJson(c, createSchema);
      if ((await deps.storage.listApiTokens(userId)).length >= MAX_API_TOKENS) {
        throw new ApiError(409, 'Conflict', `An account has at most ${MAX_API_TOKENS} API tokens: revoke one first`);
      }
      const token = newApiToken();
      const record = await deps.storage.createApiToken({
        id: uuidv7(deps.now()),
        userId,
        name: body.name,
        scope: body.scope,
        hash: sha256(token),
        now: deps.now(),
      });
      return c.json({ token, apiToken: out(record) }, 201);
    })
    .delete('/:id', auth, async (c) => {
      const id = c.req.param('id');
      if (!anyIdSchema.safeParse(id).success) throw new ApiError(404, 'NotFound', 'Unknown API token');
      // Only the caller's own tokens: another account's id is "unknown", never a hint that it exists.
      if (!(await deps.storage.revokeApiToken(c.get('auth').userId, id, deps.now()))) {
        throw new ApiError(404, 'NotFound', 'Unknown API token');
      }
      return c.json({ revoked: true }, 200);
    });
}
