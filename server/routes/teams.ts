// Teams: create a team (and its owner's account), invite people into it, list its members.
import { Hono } from 'hono';
import { anyIdSchema } from '../../shared/schemas/common';
import { hasRole } from '../../shared/schemas/team';
import { createInviteRequestSchema, createTeamRequestSchema, LIMITS } from '../../shared/sync/protocol';
import { type AppEnv, type Deps, rateLimit, requireAuth, requireMember } from '../context';
import { matchesHash, newInviteCode, newToken, sha256 } from '../crypto';
import { deviceNameFrom } from '../device-name';
import { ApiError, readJson } from '../errors';

function teamIdParam(value: string): string {
  if (!anyIdSchema.safeParse(value).success) throw new ApiError(404, 'NotFound', 'Unknown team');
  return value;
}

export function createTeamsRoutes(deps: Deps) {
  const auth = requireAuth(deps);
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      // A slot is taken up front (a burst cannot slip past) and given back when no team is created.
      const address = rateLimit(deps, deps.limits.createTeam, c);
      let created: Awaited<ReturnType<typeof deps.storage.createTeam>>;
      const token = newToken();
      try {
        const body = await readJson(c, createTeamRequestSchema);
        if (deps.adminCodeHash !== undefined && !(body.adminCode && matchesHash(body.adminCode, deps.adminCodeHash))) {
          throw new ApiError(403, 'Forbidden', 'Team creation on this server needs its admin code (adminCode)');
        }
        created = await deps.storage.createTeam({
          teamName: body.teamName,
          owner: { userName: body.userName, tokenHash: sha256(token) },
          now: deps.now(),
        });
      } catch (error) {
        deps.limits.createTeam.refund(address, deps.now());
        throw error;
      }
      await deps.storage.nameToken(created.user.id, created.tokenId, deviceNameFrom(c.req.header('user-agent')));
      return c.json(
        {
          team: { id: created.team.id, name: created.team.name },
          user: created.user,
          token,
          personalTeam: { id: created.personalTeam.id, name: created.personalTeam.name },
          role: 'owner' as const,
        },
        201,
      );
    })
    .post('/:id/invites', auth, async (c) => {
      const teamId = teamIdParam(c.req.param('id'));
      const { userId } = c.get('auth');
      const { team, role } = await requireMember(deps, teamId, userId);
      if (!hasRole(role, 'admin')) throw new ApiError(403, 'Forbidden', 'Only owners and admins can invite');
      if (team.personal) throw new ApiError(403, 'Forbidden', 'A private space cannot be shared');
      const body = await readJson(c, createInviteRequestSchema);
      const now = deps.now();
      const code = newInviteCode();
      const expiresAt = now + (body.expiresInHours ?? LIMITS.defaultInviteTtlHours) * 3_600_000;
      await deps.storage.createInvite({
        teamId,
        role: body.role,
        codeHash: sha256(code),
        expiresAt,
        createdBy: userId,
        now,
      });
      return c.json({ code, expiresAt: new Date(expiresAt).toISOString(), role: body.role }, 201);
    })
    .get('/:id/members', auth, async (c) => {
      const teamId = teamIdParam(c.req.param('id'));
      await requireMember(deps, teamId, c.get('auth').userId);
      return c.json({ members: await deps.storage.listMembers(teamId) }, 200);
    });
}
