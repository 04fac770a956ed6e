// Status page links (shared/sync/shares.ts): members create, list and revoke a project's read-only share links.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { uuidv7 } from '../../shared/id';
import { anyIdSchema } from '../../shared/schemas/common';
import { hasRole } from '../../shared/schemas/team';
import { SHARES_API, type Share, type ShareCreated } from '../../shared/sync/shares';
import { type AppEnv, type Deps, requireAuth, requireMember } from '../context';
import { sha256 } from '../crypto';
import { ApiError } from '../errors';
import type { ShareRecord } from '../storage/types';

export { createStatusPageRoutes } from './status-page';

/** `ws_` + 43 base64url characters (256 random bits); only its SHA-256 hash is stored. */
export function newShareToken(): string {
  return `ws_${randomBytes(32).toString('base64url')}`;
}

function idParam(value: string, what: string): string {
  if (!anyIdSchema.safeParse(value).success) throw new ApiError(404, 'NotFound', `Unknown ${what}`);
  return value;
}

const toShare = (s: ShareRecord): Share => ({
  id: s.id,
  projectId: s.projectId,
  createdAt: new Date(s.createdAt).toISOString(),
  createdBy: s.createdBy,
});

/** The public origin of this server as the caller reached it (the proxy's view when trustProxy is on). */
export function publicOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
    // Only a plain host[:port]: anything else (paths, credentials) is ignored.
    if (host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) url.host = host;
  }
  return url.origin;
}

/** A writer (owner, admin, member) of the team; guests read only. */
async function requireWriter(deps: Deps, teamId: string, userId: string) {
  const { role } = await requireMember(deps, teamId, userId);
  if (!hasRole(role, 'member')) throw new ApiError(403, 'Forbidden', 'Guests cannot manage status page links');
  return role;
}

/** 404 unless the project exists (and is not deleted) in the team. */
async function requireProject(deps: Deps, teamId: string, projectId: string): Promise<void> {
  const snapshot = await deps.storage.projectSnapshot(teamId, projectId, []);
  if (!snapshot.project) throw new ApiError(404, 'NotFound', 'Unknown project');
}

/** Mounted at /v1/teams. `publicUrl` (WAYPOINT_PUBLIC_URL) overrides the request's origin in the links. */
export function createSharesRoutes(deps: Deps, publicUrl?: string) {
  const auth = requireAuth(deps);
  return new Hono<AppEnv>()
    .post('/:teamId/projects/:projectId/shares', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      const projectId = idParam(c.req.param('projectId'), 'project');
      const { userId } = c.get('auth');
      await requireWriter(deps, teamId, userId);
      await requireProject(deps, teamId, projectId);
      const now = deps.now();
      const token = newShareToken();
      const record = await deps.storage.createShare({
        id: uuidv7(now),
        teamId,
        projectId,
        tokenHash: sha256(token),
        userId,
        now,
      });
      const created: ShareCreated = {
        ...toShare(record),
        url: `${publicUrl ? publicUrl.replace(/\/+$/, '') : publicOrigin(c, deps.trustedHops > 0)}${SHARES_API.page(token)}`,
        token,
      };
      return c.json(created, 201);
    })
    .get('/:teamId/projects/:projectId/shares', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      const projectId = idParam(c.req.param('projectId'), 'project');
      await requireWriter(deps, teamId, c.get('auth').userId);
      const shares = await deps.storage.listShares(teamId, projectId);
      return c.json({ shares: shares.map(toShare) }, 200);
    })
    .delete('/:teamId/shares/:shareId', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      const shareId = idParam(c.req.param('shareId'), 'link');
      await requireWriter(deps, teamId, c.get('auth').userId);
      if (!(await deps.storage.revokeShare(teamId, shareId, deps.now()))) {
        throw new ApiError(404, 'NotFound', 'Unknown or already revoked link');
      }
      return c.body(null, 204);
    });
}
