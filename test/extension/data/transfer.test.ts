import { afterEach, describe, expect, it } from 'vitest';
import { applyMutation, type SyncRow } from '@@/shared/sync/merge';
import type { WaypointDb } from '@/db/database';
import { type AnyRow, localColumnsOf, toSyncRow } from '@/db/rows';
import { validateMutationFields } from '@@/shared/sync/protocol';
import { exportData, ImportError, importData, parseExport } from '@/data/transfer';
import { createTestStore, TEST_TEAM } from '../helpers';

const dbs: WaypointDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

async function seeded() {
  const t = createTestStore({ clientId: 'source' });
  dbs.push(t.db);
  const project = await t.store.createProject({ name: 'Launch', objective: 'Ship v1', urlRules: [{ kind: 'prefix', value: 'https://acme.test/launch' }] });
  const task = await t.store.createTask({
    title: 'Review “copy” <b>draft</b>',
    projectId: project.id,
    dueAt: '2026-12-01',
    tags: ['copy'],
    source: { kind: 'selection', url: 'https://acme.test/launch/brief', pageTitle: 'Brief', excerpt: 'line 1\nline 2', capturedAt: new Date().toISOString() },
  });
  await t.store.updateTask(task.id, { priority: 2 });
  const gone = await t.store.createTask({ title: 'Deleted one' });
  await t.store.deleteTask(gone.id);
  await t.db.settings.put({ key: 'displayName', value: 'Sam' });
  return t;
}

describe('export and import', () => {
  it('round-trips every row, field, HLC and tombstone losslessly', async () => {
    const source = await seeded();
    const file = await exportData(source.db);
    const target = createTestStore({ clientId: 'target' });
    dbs.push(target.db);
    const summary = await importData(target.db, JSON.stringify(file), target.clock);
    expect(summary).toMatchObject({ projects: 1, tasks: 2, changed: 3 });
    // Same rows, fields, tombstones and device-only columns; the clocks are the importer's (importing is an
    // edit made now, which the team then receives as such).
    const plain = (rows: AnyRow[]) =>
      rows.map((row) => ({ ...toSyncRow(row), hlc: Object.keys(row.hlc).sort(), local: localColumnsOf(row) }));
    expect(plain(await target.db.tasks.toArray())).toEqual(plain(await source.db.tasks.toArray()));
    expect(plain(await target.db.projects.toArray())).toEqual(plain(await source.db.projects.toArray()));
    expect((await target.db.settings.get('displayName'))?.value).toBe('Sam');
    // The clock moved past everything imported, so a later local edit wins over imported values.
    const newest = file.tasks.flatMap((t) => Object.values(t.hlc)).sort().pop()!;
    expect(target.clock.now() > newest).toBe(true);
  });

  it('queues complete mutations that rebuild each row exactly when replayed', async () => {
    const source = await seeded();
    const target = createTestStore({ clientId: 'target' });
    dbs.push(target.db);
    // Into a space (a signed-in device's private space): rows on this device only queue nothing.
    await importData(target.db, JSON.stringify(await exportData(source.db)), target.clock, { defaultSpace: TEST_TEAM });
    expect(await target.db.outbox.count()).toBeGreaterThan(0);
    const replayed = new Map<string, SyncRow>();
    for (const m of await target.db.outbox.orderBy('seq').toArray()) {
      // Every queued mutation is one a server accepts: an upsert carries every required field.
      expect(validateMutationFields(m.table, m.op, m.fields), `${m.op} ${m.table}`).toMatchObject({ ok: true });
      replayed.set(m.key, applyMutation(replayed.get(m.key), m));
    }
    for (const row of [...(await target.db.tasks.toArray()), ...(await target.db.projects.toArray())]) {
      expect(replayed.get(row.id)).toEqual(toSyncRow(row));
    }
  });

  it('re-importing one\'s own export queues nothing', async () => {
    const source = await seeded();
    const before = await source.db.outbox.count();
    const summary = await importData(source.db, JSON.stringify(await exportData(source.db)), source.clock);
    expect(summary.changed).toBe(0);
    expect(await source.db.outbox.count()).toBe(before);
  });

  it('is idempotent and never lets an older copy overwrite newer edits', async () => {
    const source = await seeded();
    const file = JSON.stringify(await exportData(source.db));
    const task = (await source.db.tasks.filter((t) => !t.deleted).first())!;
    await source.store.updateTask(task.id, { title: 'Newer title' });
    await importData(source.db, file, source.clock);
    await importData(source.db, file, source.clock);
    expect((await source.db.tasks.get(task.id))?.title).toBe('Newer title');
    expect(await source.db.tasks.count()).toBe(2);
  });

  it('explains a bad file and changes nothing', async () => {
    const t = createTestStore();
    dbs.push(t.db);
    await expect(importData(t.db, 'not json', t.clock)).rejects.toThrow(/not JSON/);
    await expect(importData(t.db, '{"format":"other"}', t.clock)).rejects.toThrow(/not a Waypoint export/);
    const source = await seeded();
    const file = await exportData(source.db);
    (file.tasks[0] as { title: string }).title = '';
    const error = await importData(t.db, JSON.stringify(file), t.clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(/tasks\.0\.title/);
    expect(await t.db.tasks.count()).toBe(0);
    expect(await t.db.outbox.count()).toBe(0);
  });

  it('parses a file as zod does, and refuses text no storage can hold wherever it hides', async () => {
    const source = await seeded();
    const file = await exportData(source.db);
    // Unknown keys are dropped and titles trimmed, with or without the compiled checker.
    (file.tasks[0] as unknown as Record<string, unknown>).notAField = 1;
    (file.tasks[0] as { title: string }).title = '  Padded  ';
    const parsed = parseExport(JSON.stringify(file));
    expect(parsed.tasks[0]).not.toHaveProperty('notAField');
    expect((parsed.tasks[0] as { title: string }).title).toBe('Padded');
    // A NUL or a lone surrogate, raw or escaped, in a field or in a clock's key.
    const text = JSON.stringify(file);
    const titled = (title: string) => text.replace('"  Padded  "', `"${title}"`);
    expect(() => parseExport(titled('Pad\\u0000ded'))).toThrow(/NUL character at tasks\.0\.title/);
    expect(() => parseExport(titled('half \\ud83d of an emoji'))).toThrow(/unpaired UTF-16 surrogate at tasks\.0\.title/);
    expect(() => parseExport(titled('half \uD83D of an emoji'))).toThrow(/unpaired UTF-16 surrogate at tasks\.0\.title/);
    expect(() => parseExport(text.replace('"hlc":{"', '"hlc":{"\\u0000'))).toThrow(/key: text contains a NUL/);
    // An escaped pair is an emoji, and a bad string in a key zod drops is dropped with it: both storable.
    expect((parseExport(titled('\\ud83d\\ude00 Padded')).tasks[0] as { title: string }).title).toBe('😀 Padded');
    expect(() => parseExport(text.replace(/}$/, ',"dropped":"\uDE00"}'))).not.toThrow();
  });
});
