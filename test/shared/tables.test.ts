// The synced-table registry is the one list of tables: every path that must handle "every table" is checked here
// against it, so a table added to shared/sync/tables.ts and missed by a path fails this file.

import {
  CHARTER_TABLES,
  type CharterTable,
  PROJECT_ROW_TABLES,
  SYNC_TABLE_NAMES,
  SYNC_TABLES,
} from '@@/shared/sync/tables';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportData, importData } from '@/data/transfer';
import { syncedStores, type WaypointDb } from '@/db/database';
import { projectBundle } from '@/db/queries';
import type { Store } from '@/db/store';
import { requests } from '@/messaging/protocol';
import { PROTOCOL_DOC, renderProtocolDoc } from '../../scripts/protocol-tables';
import { createTestStore } from '../extension/helpers';
import { createDevice, createServer, type Device, SERVER } from '../extension/sync/devices';

/** A valid new row of each charter table: the compiler asks for one when a table is added. */
const CHARTER_DRAFTS: Record<CharterTable, Record<string, unknown>> = {
  objectives: { title: 'Signups', unit: 'signups', target: 100, current: 0, dueAt: null, order: 0 },
  milestones: { kind: 'milestone', title: 'Beta', dueAt: '2027-01-15', done: false, order: 0 },
  risks: { title: 'Vendor late', probability: 3, impact: 4, mitigation: '', ownerId: null, status: 'open' },
  stakeholders: {
    name: 'Dana',
    organisation: 'Acme',
    role: 'Sponsor',
    internal: false,
    interest: 4,
    influence: 5,
    contact: '',
    memberId: null,
  },
  documents: { title: 'Brief', url: 'https://docs.example.org/brief', kind: 'doc' },
  comments: { taskId: null, body: 'Kick-off', mentions: [] },
  statusUpdates: { health: 'on-track', body: 'All good' },
};

/** One live row in every synced table, through the store's own writes. */
async function rowInEveryTable(store: Store) {
  const project = await store.createProject({ name: 'Launch' });
  const task = await store.createTask({ title: 'Plan', projectId: project.id });
  await store.createStep({ taskId: task.id, title: 'Book the room' });
  for (const table of CHARTER_TABLES)
    await store.createPlanningRow(table, { ...CHARTER_DRAFTS[table], projectId: project.id });
  return project;
}

const dbs: WaypointDb[] = [];
const devices: Device[] = [];
afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.engine.stop()));
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

describe('the synced-table registry', () => {
  it('declares every table of the database with the indexes its queries use', async () => {
    const t = createTestStore();
    dbs.push(t.db);
    await t.db.open();
    const stores = syncedStores();
    for (const table of SYNC_TABLE_NAMES) {
      const schema = t.db.table(table).schema;
      expect(schema.primKey.name, table).toBe('id');
      expect(schema.indexes.map((i) => i.src).sort(), table).toEqual([...SYNC_TABLES[table].indexes].sort());
      expect(stores[table], table).toBeDefined();
    }
  });

  it('exports and imports every table', async () => {
    const source = createTestStore({ clientId: 'source' });
    const target = createTestStore({ clientId: 'target' });
    dbs.push(source.db, target.db);
    await rowInEveryTable(source.store);
    const file = await exportData(source.db);
    for (const table of SYNC_TABLE_NAMES) expect(file[table], table).toHaveLength(1);
    const summary = await importData(target.db, JSON.stringify(file), target.clock);
    for (const table of SYNC_TABLE_NAMES) {
      expect(summary.rows[table], table).toBe(1);
      expect(await target.db.table(table).count(), table).toBe(1);
    }
  });

  it('puts every table of a project in its dashboard bundle', async () => {
    const t = createTestStore();
    dbs.push(t.db);
    const project = await rowInEveryTable(t.store);
    const bundle = await projectBundle(t.db, project.id);
    for (const table of PROJECT_ROW_TABLES) expect(bundle[table], table).toHaveLength(1);
  });

  it('moves every table into the team when a person who worked without a server creates one', async () => {
    const server = createServer();
    const solo = createDevice('solo', server.app);
    devices.push(solo);
    dbs.push(solo.db);
    await rowInEveryTable(solo.store);
    await solo.accounts.createTeam({ serverUrl: SERVER, teamName: 'T', userName: 'Solo' });
    await solo.engine.sync();
    for (const table of SYNC_TABLE_NAMES) {
      const rows = await solo.db.table(table).toArray();
      expect(
        rows.filter((r) => r.teamId === null),
        table,
      ).toEqual([]);
    }
    expect(await solo.engine.pendingCount()).toBe(0);
    const reader = createDevice('reader', server.app);
    devices.push(reader);
    dbs.push(reader.db);
    // The same account in a second browser sees every row of the private space.
    const account = (await solo.account())!;
    await reader.db.settings.put({ key: 'account', value: { ...account, clientId: 'reader-client' } });
    await reader.accounts.refresh();
    await reader.engine.sync();
    for (const table of SYNC_TABLE_NAMES) expect(await reader.db.table(table).count(), table).toBe(1);
  });

  it('lets the side panel create rows of every charter table', () => {
    for (const table of CHARTER_TABLES) {
      expect(requests['row.create'].safeParse({ table, draft: {} }).success, table).toBe(true);
    }
  });

  it('has docs/protocol.md list every table and field (npm run docs:protocol)', () => {
    const doc = readFileSync(PROTOCOL_DOC, 'utf8');
    expect(renderProtocolDoc(doc) === doc, 'docs/protocol.md is out of date: run npm run docs:protocol').toBe(true);
    for (const table of SYNC_TABLE_NAMES) expect(doc).toContain(`### \`${table}\``);
  });
});
