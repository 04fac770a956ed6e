// Teams, members and roles: who may read and write which space on the sync server.
import { z } from 'zod';
import { anyIdSchema } from './common';

/** owner > admin > member > guest. A guest reads everything and writes comments only. */
export const ROLES = ['owner', 'admin', 'member', 'guest'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** The roles an invite may grant (there is one owner per team, its creator). */
export const INVITE_ROLES = ['admin', 'member', 'guest'] as const;
export const inviteRoleSchema = z.enum(INVITE_ROLES);
export type InviteRole = z.infer<typeof inviteRoleSchema>;

export const TEAM_NAME_MAX = 100;
export const USER_NAME_MAX = 100;

export const teamNameSchema = z.string().trim().min(1, 'A team needs a name').max(TEAM_NAME_MAX);
export const userNameSchema = z.string().trim().min(1, 'A name is required').max(USER_NAME_MAX);

export const teamSchema = z.object({ id: anyIdSchema, name: z.string() });
export type Team = z.infer<typeof teamSchema>;

/** A team as listed for one account: its role there, and whether it is the account's private space. */
export const myTeamSchema = teamSchema.extend({ role: roleSchema, personal: z.boolean(), version: z.number().int() });
export type MyTeam = z.infer<typeof myTeamSchema>;

export const userSchema = z.object({ id: anyIdSchema, name: z.string() });
export type User = z.infer<typeof userSchema>;

export const memberSchema = z.object({
  id: anyIdSchema,
  name: z.string(),
  role: roleSchema,
  /** The HLC client ids this member's devices have written with: who is behind each change (activity feed). */
  clients: z.array(z.string()).optional(),
});
export type Member = z.infer<typeof memberSchema>;

const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1, guest: 0 };

/** True when `role` is at least `min`. */
export function hasRole(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}
