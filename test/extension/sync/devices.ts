// Test devices: each is an extension database, store, sync engine and account service, talking to one
// in-process server app through a fetch that can be cut (offline) or lose its responses.
import { createHlc, type Hlc } from '@@/shared/hlc';
import { afterEach } from 'vitest';
import { createDatabase, type WaypointDb } from '@/db/database';
import { createStore, type Store } from '@/db/store';
import { type Account, readAccount } from '@/sync/account';
import { createApi } from '@/sync/api';
import { createSyncEngine, type SyncEngine } from '@/sync/engine';
import { type AccountService, createAccountService } from '@/sync/service';
import { createApp } from '../../../server/app';
import { createPokeHub } from '../../../server/pokes';
import { createSqliteStorage } from '../../../server/storage/sqlite';

export const SERVER = 'http://waypoint.test';

export function createServer() {
  const storage = createSqliteStorage({ path: ':memory:' });
  const hub = createPokeHub();
  const app = createApp({
    storage,
    hub,
    now: Date.now,
    rateLimits: { createTeam: { limit: 1000, windowMs: 60_000 }, join: { limit: 1000, windowMs: 60_000 } },
  });
  return { app, storage, hub };
}

export interface Device {
  name: string;
  db: WaypointDb;
  clock: Hlc;
  store: Store;
  engine: SyncEngine;
  accounts: AccountService;
  account(): Promise<Account | null>;
  /** Requests fail as if the network were down. */
  offline: boolean;
  /** The next N requests reach the server but their responses are lost. */
  loseResponses: number;
  requests: string[];
}

export interface DeviceOptions {
  /**
   * Carries a request to the server (default: `app.request`); the model harness records exchanges and kills
   * the server here.
   */
  transport?: (url: string, init: RequestInit, device: Device) => Promise<Response>;
  /**
   * Whether the account service's "sync soon" kick starts a sync by itself (as in the extension). The model
   * harness turns it off: it decides when each device syncs, so a history replays identically.
   */
  autoSync?: boolean;
}

let counter = 0;

export function createDevice(
  name: string,
  app: ReturnType<typeof createServer>['app'] | null,
  options: DeviceOptions = {},
): Device {
  const db = createDatabase(`sync-${name}-${Date.now()}-${counter++}`);
  const clock = createHlc({ clientId: `${name}${counter}` });
  let cached: Account | null = null;
  const device = { name, db, offline: false, loseResponses: 0, requests: [] as string[] } as Device;
  const transport = options.transport ?? ((url: string, init: RequestInit) => app!.request(url, init));
  const fetchThroughApp: typeof fetch = async (input, init) => {
    const url = String(input);
    device.requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}${new URL(url).search}`);
    if (device.offline) throw new TypeError('Failed to fetch');
    const response = await transport(url, (init ?? {}) as RequestInit, device);
    if (device.loseResponses > 0) {
      device.loseResponses -= 1;
      throw new TypeError('network connection lost');
    }
    return response;
  };
  // Wired as the background wires them (background/app.ts): the store tells the engine what it queued.
  const store = createStore({
    db,
    clock,
    me: () => cached?.user.id ?? null,
    defaultSpace: () => cached?.personalTeamId ?? null,
    onQueued: (entry) => engine.noteQueued(entry),
  });
  const api = (options: { serverUrl: string; token?: string }) => createApi({ ...options, fetch: fetchThroughApp });
  const engine = createSyncEngine({
    db,
    clock,
    getAccount: () => readAccount(db),
    createApi: api,
    random: () => 0,
  });
  const accounts = createAccountService({
    db,
    store,
    engine: options.autoSync === false ? { ...engine, kick: () => undefined } : engine,
    createApi: api,
    onAccountChange: (account) => {
      cached = account;
    },
  });
  return Object.assign(device, { clock, store, engine, accounts, account: () => readAccount(db) });
}

/** The devices a test file creates: each test's are stopped and their databases deleted after it. */
export function useDevices(): Device[] {
  const devices: Device[] = [];
  afterEach(async () => {
    await Promise.all(
      devices.splice(0).map(async (d) => {
        await d.engine.stop();
        await d.db.delete();
      }),
    );
  });
  return devices;
}

/** A fresh in-process server where Ana creates a team and Ben joins it (as a member unless told otherwise). */
export async function createTeamOfTwo(
  devices: Device[],
  { teamName = 'Crew', role = 'member' }: { teamName?: string; role?: 'member' | 'guest' } = {},
) {
  const server = createServer();
  const ana = createDevice('ana', server.app);
  const ben = createDevice('ben', server.app);
  devices.push(ana, ben);
  const created = await ana.accounts.createTeam({ serverUrl: `${SERVER}/`, teamName, userName: 'Ana' });
  const invite = await ana.accounts.invite(created.teamId, role);
  await ben.accounts.join({ serverUrl: SERVER, code: invite.code, userName: 'Ben' });
  return { server, ana, ben, teamId: created.teamId };
}
