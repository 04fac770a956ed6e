// SQLite implementation of the member lifecycle and device token methods (see accounts.ts).
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/schemas/team';
import type { AccountStorage, DeviceRecord } from './accounts';
import type { Migration } from './sqlite';

/** Versions 10–19 belong to the member lifecycle. */
export const SQLITE_ACCOUNT_MIGRATIONS: Migration[] = [
  {
    version: 10,
    name: 'device tokens: name and last use; indexes for token lists and invite purging',
    sql: `
      ALTER TABLE tokens ADD COLUMN name TEXT;
      ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;
      CREATE INDEX tokens_by_user ON tokens(user_id);
      CREATE INDEX invites_by_expiry ON invites(expires_at);
    `,
  },
];

/** A use is recorded at most this often per token. */
const TOUCH_EVERY_MS = 60_000;

export function createSqliteAccounts(db: Database.Database): AccountStorage {
  const q = {
    use: db.prepare('SELECT created_at AS createdAt, last_used_at AS lastUsedAt FROM tokens WHERE id = ?'),
    touch: db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?'),
    list: db.prepare(
      `SELECT id, COALESCE(name, '') AS name, created_at AS createdAt, last_used_at AS lastUsedAt FROM tokens
       WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at, id`,
    ),
    name: db.prepare('UPDATE tokens SET name = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL'),
    revokeOne: db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL'),
    liveByUse: db.prepare(
      `SELECT id FROM tokens WHERE user_id = ? AND revoked_at IS NULL
       ORDER BY COALESCE(last_used_at, created_at) DESC, created_at DESC, id DESC`,
    ),
    revokeAll: db.prepare('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id'),
    // Personal API tokens (migration 20) end with the account's devices.
    revokeApi: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
    getRole: db.prepare('SELECT role FROM members WHERE team_id = ? AND user_id = ?'),
    isPersonal: db.prepare('SELECT personal FROM teams WHERE id = ?'),
    deleteMember: db.prepare('DELETE FROM members WHERE team_id = ? AND user_id = ?'),
    sharedTeamsLeft: db.prepare(
      'SELECT COUNT(*) AS n FROM members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ? AND t.personal = 0',
    ),
    setRole: db.prepare('UPDATE members SET role = ? WHERE team_id = ? AND user_id = ?'),
    purgeInvites: db.prepare('DELETE FROM invites WHERE expires_at < ? OR used_at < ?'),
  };

  const removeTx = db.transaction((teamId: string, userId: string, now: number, revokeWhenNoTeamLeft: boolean) => {
    const personal = q.isPersonal.get(teamId) as { personal: number } | undefined;
    if (!personal || personal.personal === 1) return { removed: false, revokedTokenIds: [] };
    if (q.deleteMember.run(teamId, userId).changes === 0) return { removed: false, revokedTokenIds: [] };
    let revokedTokenIds: string[] = [];
    if (revokeWhenNoTeamLeft && (q.sharedTeamsLeft.get(userId) as { n: number }).n === 0) {
      revokedTokenIds = (q.revokeAll.all(now, userId) as { id: string }[]).map((r) => r.id);
      q.revokeApi.run(now, userId);
    }
    return { removed: true, revokedTokenIds };
  });

  const transferTx = db.transaction((teamId: string, from: string, to: string) => {
    const fromRole = (q.getRole.get(teamId, from) as { role: Role } | undefined)?.role;
    const toRole = (q.getRole.get(teamId, to) as { role: Role } | undefined)?.role;
    if (fromRole !== 'owner' || !toRole || from === to) return false;
    q.setRole.run('admin', teamId, from);
    q.setRole.run('owner', teamId, to);
    return true;
  });

  const capTx = db.transaction((userId: string, max: number, now: number) => {
    const ids = (q.liveByUse.all(userId) as { id: string }[]).map((r) => r.id).slice(max);
    for (const id of ids) q.revokeOne.run(now, id, userId);
    return ids;
  });

  return {
    async touchToken(tokenId, now, idleMs) {
      const row = q.use.get(tokenId) as { createdAt: number; lastUsedAt: number | null } | undefined;
      if (!row) return false;
      if (idleMs !== null && now - (row.lastUsedAt ?? row.createdAt) > idleMs) return false;
      if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS) q.touch.run(now, tokenId);
      return true;
    },
    async listTokens(userId) {
      return q.list.all(userId) as DeviceRecord[];
    },
    async nameToken(userId, tokenId, name) {
      return q.name.run(name, tokenId, userId).changes > 0;
    },
    async revokeUserToken(userId, tokenId, now) {
      return q.revokeOne.run(now, tokenId, userId).changes > 0;
    },
    async capTokens(userId, max, now) {
      return capTx.immediate(userId, max, now);
    },
    async removeMember({ teamId, userId, now, revokeWhenNoTeamLeft }) {
      return removeTx.immediate(teamId, userId, now, revokeWhenNoTeamLeft);
    },
    async setMemberRole({ teamId, userId, role }) {
      return q.setRole.run(role, teamId, userId).changes > 0;
    },
    async transferOwnership({ teamId, from, to }) {
      return transferTx.immediate(teamId, from, to);
    },
    async purgeInvites(before) {
      return q.purgeInvites.run(before, before).changes;
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    isUnavailableError(error) {
      const code = (error as { code?: unknown } | null)?.code;
      return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_IOERR';
    },
  };
}
