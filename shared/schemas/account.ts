// Member lifecycle and devices: the request and response bodies of the routes that change who is in a team
// (remove, change role, transfer ownership, leave) and the account's device tokens (list, rename, revoke).
import { z } from 'zod';
import { anyIdSchema } from './common';
import { hasRole, type Role, roleSchema } from './team';

export const DEVICE_NAME_MAX = 100;

export const setRoleRequestSchema = z.strictObject({ role: z.enum(['admin', 'member', 'guest']) });
export type SetRoleRequest = z.input<typeof setRoleRequestSchema>;

export const transferOwnershipRequestSchema = z.strictObject({ userId: anyIdSchema });
export type TransferOwnershipRequest = z.input<typeof transferOwnershipRequestSchema>;

export const memberChangeResponseSchema = z.object({ userId: anyIdSchema, role: roleSchema.nullable() });
export type MemberChangeResponse = z.infer<typeof memberChangeResponseSchema>;

export const deviceSchema = z.object({
  id: anyIdSchema,
  name: z.string(),
  createdAt: z.string(),
  /** Null until the token is first used after it was issued. */
  lastUsedAt: z.string().nullable(),
  /** When an unused token stops working (null: never). */
  expiresAt: z.string().nullable(),
  /** The token this request was made with. */
  current: z.boolean(),
});
export type Device = z.infer<typeof deviceSchema>;
export const devicesResponseSchema = z.object({ devices: z.array(deviceSchema) });
export type DevicesResponse = z.infer<typeof devicesResponseSchema>;

export const renameDeviceRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'A device needs a name').max(DEVICE_NAME_MAX),
});

const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1, guest: 0 };

/**
 * May `actor` remove `target` from a team? Owners remove anyone but themselves; admins remove members and guests.
 * Nobody removes themselves (that is leaving).
 */
export function canRemoveMember(actor: Role, target: Role): boolean {
  return hasRole(actor, 'admin') && RANK[actor] > RANK[target];
}

/** May `actor` change `target`'s role to `next`? Only to a role below the actor's, and only for someone below it. */
export function canChangeRole(actor: Role, target: Role, next: Role): boolean {
  return hasRole(actor, 'admin') && next !== 'owner' && RANK[actor] > RANK[target] && RANK[actor] > RANK[next];
}

/** The routes of the member lifecycle and devices (docs/protocol.md). */
export const ACCOUNT_API = {
  member: (teamId: string, userId: string) => `/v1/teams/${teamId}/members/${userId}`,
  transfer: (teamId: string) => `/v1/teams/${teamId}/transfer`,
  leave: (teamId: string) => `/v1/teams/${teamId}/leave`,
  tokens: '/v1/tokens',
  token: (id: string) => `/v1/tokens/${id}`,
} as const;
