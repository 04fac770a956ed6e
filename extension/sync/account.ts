// The team account of this browser: server, token, and the spaces (teams) it syncs with.

import { randomClientId } from '@@/shared/id';
import { roleSchema } from '@@/shared/schemas/team';
import type { AuthResponse } from '@@/shared/sync/protocol';
import { type ObservabilitySet, RangeSet, rangesOverlap } from 'dexie';
import { z } from 'zod';
import type { WaypointDb } from '../db/database';

export const accountSchema = z.object({
  serverUrl: z.string(),
  token: z.string(),
  /** The client id this device pushes under for this account (the server binds it to the account). */
  clientId: z.string(),
  user: z.object({ id: z.string(), name: z.string() }),
  personalTeamId: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

/** The settings row that holds the account. */
export const ACCOUNT_SETTING = 'account';
const KEY = ACCOUNT_SETTING;

export async function readAccount(db: WaypointDb): Promise<Account | null> {
  const parsed = accountSchema.safeParse((await db.settings.get(KEY))?.value);
  return parsed.success ? parsed.data : null;
}

/** Store the account that a create-team or join answer describes, with the spaces it opens. */
export async function saveAccount(db: WaypointDb, serverUrl: string, auth: AuthResponse): Promise<Account> {
  const previous = await readAccount(db);
  const sameAccount = previous && previous.serverUrl === serverUrl && previous.user.id === auth.user.id;
  const account: Account = {
    serverUrl,
    token: auth.token,
    clientId: sameAccount ? previous.clientId : randomClientId(),
    user: auth.user,
    personalTeamId: auth.personalTeam.id,
  };
  await db.transaction('rw', [db.settings, db.spaces], async () => {
    await db.settings.put({ key: KEY, value: account });
    if (!sameAccount) await db.spaces.clear();
    for (const [team, role, personal] of [
      [auth.personalTeam, 'owner', true],
      [auth.team, auth.role, auth.team.id === auth.personalTeam.id],
    ] as const) {
      const existing = await db.spaces.get(team.id);
      await db.spaces.put({
        teamId: team.id,
        name: personal ? 'Personal' : team.name,
        role: roleSchema.catch('member').parse(role),
        personal,
        cursor: existing?.cursor ?? '',
        cursorTables: existing?.cursorTables ?? '',
        version: existing?.version ?? 0,
        lastWireSeq: existing?.lastWireSeq ?? 0,
      });
    }
  });
  return account;
}

export async function clearAccount(db: WaypointDb): Promise<void> {
  await db.transaction('rw', [db.settings, db.spaces, db.members], async () => {
    await db.settings.delete(KEY);
    await db.spaces.clear();
    await db.members.clear();
  });
}

const ACCOUNT_KEY = new RangeSet().addKey(ACCOUNT_SETTING);

/**
 * The account as the engine reads it before every cycle: kept in memory after a read, and forgotten whenever
 * its settings row is written (here or, through Dexie's broadcast, in another context). The row stays the only
 * source of truth; the memory copy only spares a read in front of each push. A read that a write overtook is not
 * kept.
 */
export function createAccountCache(read: () => Promise<Account | null>, dbName: string) {
  const part = `idb://${dbName}/settings/`;
  let known: Account | null | undefined;
  let generation = 0;
  return {
    async get(): Promise<Account | null> {
      if (known !== undefined) return known;
      const at = generation;
      const account = await read();
      if (at === generation) known = account;
      return account;
    },
    /** Dexie's report of a committed write (its `storagemutated` parts). */
    mutated(parts: ObservabilitySet) {
      const settings = parts[part];
      if (parts.all || (settings && rangesOverlap(settings, ACCOUNT_KEY))) {
        known = undefined;
        generation += 1;
      }
    },
  };
}
