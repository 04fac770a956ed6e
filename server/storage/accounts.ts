// The member lifecycle and device tokens part of the storage interface (issue 9): removing members, changing roles,
// transferring ownership, listing and revoking devices, token expiry and caps, invite purging and readiness.
import type { Role } from '../../shared/schemas/team';

export interface DeviceRecord {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AccountStorage {
  /**
   * Record a use of a live token (authenticated by `authenticate`) and tell whether it is still fresh: false when it
   * was unused for longer than `idleMs` (when set). Callers skip it for a token they touched a minute ago.
   */
  touchToken(tokenId: string, now: number, idleMs: number | null): Promise<boolean>;
  listTokens(userId: string): Promise<DeviceRecord[]>;
  /** False when the account has no such live token. */
  nameToken(userId: string, tokenId: string, name: string): Promise<boolean>;
  /** Revoke one of the account's tokens (and tell every instance); false when there was no such live token. */
  revokeUserToken(userId: string, tokenId: string, now: number): Promise<boolean>;
  /** Keep at most `max` live tokens: revoke the least recently used beyond it; returns their ids. */
  capTokens(userId: string, max: number, now: number): Promise<string[]>;
  /**
   * Take the account out of the team (never its private space). With `revokeWhenNoTeamLeft`, its tokens are revoked
   * too when no shared team is left. Every instance closes the account's sockets.
   */
  removeMember(input: {
    teamId: string;
    userId: string;
    now: number;
    revokeWhenNoTeamLeft: boolean;
  }): Promise<{ removed: boolean; revokedTokenIds: string[] }>;
  setMemberRole(input: { teamId: string; userId: string; role: Role }): Promise<boolean>;
  /** The current owner becomes an admin and `to` (already a member) the owner, atomically. */
  transferOwnership(input: { teamId: string; from: string; to: string }): Promise<boolean>;
  /** Delete invites that expired, or were used, before `before`; returns how many. */
  purgeInvites(before: number): Promise<number>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  /** True for failures that mean "the database is unreachable right now" (answered 503, not 500). */
  isUnavailableError(error: unknown): boolean;
}
