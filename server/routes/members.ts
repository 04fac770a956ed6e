// Member lifecycle: owners and admins remove members and change roles, the owner hands the team over, and anyone
// but the owner leaves. A removal takes effect at once on every instance (the member's sockets close, and with no
// shared team left the account's tokens are revoked); the member's private space is never touched.
import { Hono } from 'hono';
import {
  canChangeRole,
  canRemoveMember,
  setRoleRequestSchema,
  transferOwnershipRequestSchema,
} from '../../shared/schemas/account';
import { anyIdSchema } from '../../shared/schemas/common';
import { type AppEnv, type Deps, requireAuth, requireMember } from '../context';
import { ApiError, readJson } from '../errors';

function idParam(value: string, what: string): string {
  if (!anyIdSchema.safeParse(value).success) throw new ApiError(404, 'NotFound', `Unknown ${what}`);
  return value;
}

export function createMembersRoutes(deps: Deps) {
  const auth = requireAuth(deps);

  /** The caller's and the target's roles in a shared team; 404 when the target is not a member. */
  const roles = async (teamId: string, callerId: string, targetId: string) => {
    const { team, role } = await requireMember(deps, teamId, callerId);
    if (team.personal) throw new ApiError(403, 'Forbidden', 'A private space has no other members');
    const target = await deps.storage.getRole(teamId, targetId);
    if (!target) throw new ApiError(404, 'NotFound', 'This person is not a member of the team');
    return { actor: role, target };
  };

  const removeEverywhere = (userId: string, teamId: string, revokedTokenIds: string[]) => {
    deps.hub.memberRemoved(userId, teamId);
    for (const tokenId of revokedTokenIds) deps.hub.tokenRevoked(tokenId);
  };

  return new Hono<AppEnv>()
    .delete('/:id/members/:userId', auth, async (c) => {
      const teamId = idParam(c.req.param('id'), 'team');
      const targetId = idParam(c.req.param('userId'), 'member');
      const { userId } = c.get('auth');
      if (targetId === userId) {
        throw new ApiError(400, 'BadRequest', 'To leave a team use POST /v1/teams/:id/leave');
      }
      const { actor, target } = await roles(teamId, userId, targetId);
      if (!canRemoveMember(actor, target)) {
        throw new ApiError(403, 'Forbidden', `A ${actor} cannot remove a${target === 'admin' ? 'n' : ''} ${target}`);
      }
      const outcome = await deps.storage.removeMember({
        teamId,
        userId: targetId,
        now: deps.now(),
        revokeWhenNoTeamLeft: true,
      });
      if (!outcome.removed) throw new ApiError(404, 'NotFound', 'This person is not a member of the team');
      removeEverywhere(targetId, teamId, outcome.revokedTokenIds);
      return c.json({ userId: targetId, role: null, revokedDevices: outcome.revokedTokenIds.length }, 200);
    })
    .patch('/:id/members/:userId', auth, async (c) => {
      const teamId = idParam(c.req.param('id'), 'team');
      const targetId = idParam(c.req.param('userId'), 'member');
      const { userId } = c.get('auth');
      const body = await readJson(c, setRoleRequestSchema);
      if (targetId === userId) throw new ApiError(403, 'Forbidden', 'Nobody changes their own role');
      const { actor, target } = await roles(teamId, userId, targetId);
      if (target === 'owner') {
        throw new ApiError(403, 'Forbidden', 'The owner keeps the role until they transfer ownership');
      }
      if (!canChangeRole(actor, target, body.role)) {
        throw new ApiError(403, 'Forbidden', `A ${actor} cannot make a ${target} ${body.role}`);
      }
      await deps.storage.setMemberRole({ teamId, userId: targetId, role: body.role });
      return c.json({ userId: targetId, role: body.role }, 200);
    })
    .post('/:id/transfer', auth, async (c) => {
      const teamId = idParam(c.req.param('id'), 'team');
      const { userId } = c.get('auth');
      const body = await readJson(c, transferOwnershipRequestSchema);
      if (body.userId === userId) throw new ApiError(400, 'BadRequest', 'You already own this team');
      const { actor } = await roles(teamId, userId, body.userId);
      if (actor !== 'owner') throw new ApiError(403, 'Forbidden', 'Only the owner can transfer ownership');
      const ok = await deps.storage.transferOwnership({ teamId, from: userId, to: body.userId });
      if (!ok) throw new ApiError(409, 'Conflict', 'Ownership changed meanwhile; reload the members');
      return c.json({ userId: body.userId, role: 'owner' as const, previousOwnerRole: 'admin' as const }, 200);
    })
    .post('/:id/leave', auth, async (c) => {
      const teamId = idParam(c.req.param('id'), 'team');
      const { userId } = c.get('auth');
      const { team, role } = await requireMember(deps, teamId, userId);
      if (team.personal) throw new ApiError(403, 'Forbidden', 'Your private space cannot be left');
      if (role === 'owner') {
        throw new ApiError(409, 'OwnerCannotLeave', 'Transfer ownership to another member before leaving');
      }
      const outcome = await deps.storage.removeMember({
        teamId,
        userId,
        now: deps.now(),
        revokeWhenNoTeamLeft: false,
      });
      if (!outcome.removed) throw new ApiError(404, 'NotFound', 'Not a member of this team');
      removeEverywhere(userId, teamId, []);
      return c.json({ userId, role: null }, 200);
    });
}
