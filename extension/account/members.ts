// Member lifecycle and devices from the extension: remove a member, change a role, hand the team over, leave it;
// list this account's devices and sign any of them out. Each action calls the server, then refreshes the cached
// teams and members so every page shows the new state.
import type { Device } from '@@/shared/schemas/account';
import type { WaypointDb } from '../db/database';
import { readAccount } from '../sync/account';
import { type Api, createApi } from '../sync/api';

export interface MemberActionsOptions {
  db: WaypointDb;
  /** Re-read teams and members from the server (AccountService.refresh). */
  refresh: () => Promise<void>;
  api?: (account: { serverUrl: string; token: string }) => Api;
}

export class SignedOutError extends Error {
  constructor() {
    super('Sign in to a team server first.');
    this.name = 'SignedOutError';
  }
}

export function createMemberActions({ db, refresh, api = (a) => createApi(a) }: MemberActionsOptions) {
  const client = async () => {
    const account = await readAccount(db);
    if (!account) throw new SignedOutError();
    return api(account);
  };
  const thenRefresh = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work;
    await refresh().catch(() => undefined);
    return result;
  };
  return {
    async removeMember(teamId: string, userId: string) {
      await thenRefresh((await client()).removeMember(teamId, userId));
    },
    async setRole(teamId: string, userId: string, role: 'admin' | 'member' | 'guest') {
      await thenRefresh((await client()).setMemberRole(teamId, userId, role));
    },
    async transferOwnership(teamId: string, userId: string) {
      await thenRefresh((await client()).transferOwnership(teamId, userId));
    },
    async leaveTeam(teamId: string) {
      await thenRefresh((await client()).leaveTeam(teamId));
    },
    async devices(): Promise<Device[]> {
      return (await (await client()).devices()).devices;
    },
    async revokeDevice(id: string) {
      await (await client()).revokeDevice(id);
    },
  };
}

export type MemberActions = ReturnType<typeof createMemberActions>;
