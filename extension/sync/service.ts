// Account actions: create a team, join with an invite, refresh teams and members, move device data in, sign out.
import type { InviteRole } from '@@/shared/schemas/team';
import { SYNC_TABLE_NAMES } from '@@/shared/sync/tables';
import type { WaypointDb } from '../db/database';
import type { AnyRow } from '../db/rows';
import type { Store } from '../db/store';
import { t } from '../i18n';
import { type Account, clearAccount, readAccount, saveAccount } from './account';
import { type Api, normaliseServerUrl } from './api';
import type { SyncEngine } from './engine';

export interface AccountSummary {
  user: { id: string; name: string };
  teamId: string;
  teamName: string;
  moved: number;
}

export interface AccountServiceOptions {
  db: WaypointDb;
  store: Store;
  engine: SyncEngine;
  createApi: (options: { serverUrl: string; token?: string }) => Api;
  /** Called after the account changed (to reconnect pokes, refresh caches). */
  onAccountChange: (account: Account | null) => void;
}

export function createAccountService({ db, store, engine, createApi, onAccountChange }: AccountServiceOptions) {
  /** Move every row that lives on this device only — of every synced table — into a space, so it syncs. */
  async function adoptDeviceData(teamId: string): Promise<number> {
    let moved = 0;
    for (const table of SYNC_TABLE_NAMES) {
      const rows = (await db
        .table(table)
        .filter((r: AnyRow) => r.teamId === null && !r.deleted)
        .toArray()) as AnyRow[];
      for (const row of rows) await store.moveToSpace(table, row.id, teamId);
      moved += rows.length;
    }
    // Older versions queued mutations of device-only rows too; the full upserts above cover them.
    await db.outbox.filter((m) => m.teamId === null).delete();
    return moved;
  }

  async function sharedProject(projectId: string): Promise<{ account: Account; teamId: string }> {
    const account = await readAccount(db);
    if (!account) throw new Error(t('syncMsg_statusPageNoTeam'));
    const project = await db.projects.get(projectId);
    if (!project || project.deleted) throw new Error(t('syncMsg_projectGone'));
    if (!project.teamId) throw new Error(t('syncMsg_projectLocal'));
    if (await engine.pendingCount()) await engine.sync();
    return { account, teamId: project.teamId };
  }

  /** Read the account's teams and members; true when it found a team this device had no space for. */
  async function readTeams(): Promise<boolean> {
    const account = await readAccount(db);
    if (!account) return false;
    const api = createApi(account);
    const me = await api.me();
    const members = await Promise.all(
      me.teams.map(async (team) => ({ team, list: (await api.members(team.id)).members })),
    );
    return db.transaction('rw', [db.spaces, db.members], async () => {
      let added = false;
      const known = new Set(me.teams.map((t) => t.id));
      for (const space of await db.spaces.toArray()) if (!known.has(space.teamId)) await db.spaces.delete(space.teamId);
      for (const team of me.teams) {
        const existing = await db.spaces.get(team.id);
        if (!existing) added = true;
        await db.spaces.put({
          teamId: team.id,
          name: team.personal ? 'Personal' : team.name,
          role: team.role,
          personal: team.personal,
          cursor: existing?.cursor ?? '',
          cursorTables: existing?.cursorTables ?? '',
          version: existing?.version ?? 0,
          lastWireSeq: existing?.lastWireSeq ?? 0,
          // A pull may have run meanwhile (a join pulls while this reads the teams): keep what it recorded.
          ...(existing?.caughtUp !== undefined ? { caughtUp: existing.caughtUp } : {}),
        });
      }
      await db.members.clear();
      await db.members.bulkPut(members.flatMap(({ team, list }) => list.map((m) => ({ teamId: team.id, ...m }))));
      return added;
    });
  }

  async function begin(
    serverUrl: string,
    auth: Parameters<typeof saveAccount>[2],
    moveDeviceData = true,
  ): Promise<AccountSummary> {
    const account = await saveAccount(db, serverUrl, auth);
    // The person chose in the join form whether this device's projects and tasks move to the server.
    const moved = moveDeviceData ? await adoptDeviceData(account.personalTeamId) : 0;
    onAccountChange(account);
    // saveAccount stored the spaces: the first pull (a large team's first sync) starts now, while the team list
    // and members are read.
    engine.kick('account');
    // A team the sync did not know yet (the account had more on this server) is pulled right after.
    if (await readTeams().catch(() => false)) engine.kick('account');
    return { user: auth.user, teamId: auth.team.id, teamName: auth.team.name, moved };
  }

  return {
    async createTeam(input: {
      serverUrl: string;
      teamName: string;
      userName: string;
      adminCode?: string;
      moveDeviceData?: boolean;
    }) {
      const serverUrl = normaliseServerUrl(input.serverUrl);
      const auth = await createApi({ serverUrl }).createTeam({
        teamName: input.teamName,
        userName: input.userName,
        ...(input.adminCode ? { adminCode: input.adminCode } : {}),
      });
      return begin(serverUrl, auth, input.moveDeviceData);
    },
    async join(input: { serverUrl: string; code: string; userName: string; moveDeviceData?: boolean }) {
      const serverUrl = normaliseServerUrl(input.serverUrl);
      const current = await readAccount(db);
      // Already signed in to this server: the invite adds the team to the same account.
      const token = current?.serverUrl === serverUrl ? current.token : undefined;
      const auth = await createApi({ serverUrl, token }).join({ code: input.code.trim(), userName: input.userName });
      return begin(serverUrl, auth, input.moveDeviceData);
    },
    async invite(teamId: string, role: InviteRole) {
      const account = await readAccount(db);
      if (!account) throw new Error(t('syncMsg_joinFirst'));
      const invite = await createApi(account).createInvite(teamId, role);
      return { ...invite, serverUrl: account.serverUrl };
    },
    async moveProjectToTeam(projectId: string, teamId: string) {
      await store.updateProject(projectId, { teamId });
    },
    /** Status page links need the project on the server: it must be shared with a team (or the private space). */
    async shares(projectId: string) {
      const { account, teamId } = await sharedProject(projectId);
      return (await createApi(account).listShares(teamId, projectId)).shares;
    },
    async createShare(projectId: string) {
      const { account, teamId } = await sharedProject(projectId);
      return createApi(account).createShare(teamId, projectId);
    },
    async revokeShare(projectId: string, shareId: string) {
      const { account, teamId } = await sharedProject(projectId);
      await createApi(account).revokeShare(teamId, shareId);
    },
    async refresh(): Promise<void> {
      await readTeams();
    },
    async signOut() {
      const account = await readAccount(db);
      if (account)
        await createApi(account)
          .revokeToken()
          .catch(() => undefined);
      await clearAccount(db);
      onAccountChange(null);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
