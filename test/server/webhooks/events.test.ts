// Which webhook events a push's writes make: pure, from each write and the row it replaced.
import { describe, expect, it } from 'vitest';
import type { RowWrite, StoredRow } from '../../../server/sync/push-plan';
import { rowId } from '../../../server/sync/push-plan';
import { retryDelay } from '../../../server/webhooks/dispatcher';
import { deriveEvents } from '../../../server/webhooks/events';
import { signatureHeader, verifySignature } from '../../../server/webhooks/signing';
import { isPrivateAddress } from '../../../server/webhooks/targets';

const key = '01930000-0000-7000-8000-000000000001';
const write = (table: string, fields: Record<string, unknown>, created: boolean, deleted = false): RowWrite => ({
  table,
  key,
  row: { key, fields, hlc: {}, deleted },
  author: null,
  created,
});
const stored = (table: string, fields: Record<string, unknown>, deleted = false) =>
  new Map<string, StoredRow>([[rowId(table, key), { row: { key, fields, hlc: {}, deleted }, author: null }]]);
const types = (writes: RowWrite[], before = new Map<string, StoredRow>()) =>
  deriveEvents(writes, before).map((e) => e.type);

describe('deriveEvents', () => {
  it('names a new task, and its assignee and completion when it is born with them', () => {
    expect(types([write('tasks', { status: 'todo', assigneeId: null }, true)])).toEqual(['task.created']);
    expect(types([write('tasks', { status: 'done', assigneeId: 'u1' }, true)])).toEqual([
      'task.created',
      'task.assigned',
      'task.completed',
    ]);
  });

  it('compares a changed task with the row before it', () => {
    const before = stored('tasks', { status: 'doing', assigneeId: 'u1', dueAt: '2026-12-01' });
    expect(types([write('tasks', { status: 'done', assigneeId: 'u1', dueAt: '2026-12-01' }, false)], before)).toEqual([
      'task.completed',
    ]);
    expect(types([write('tasks', { status: 'doing', assigneeId: 'u2', dueAt: null }, false)], before)).toEqual([
      'task.assigned',
      'task.due_changed',
    ]);
    // Unassigning, or an edit of the title only, is no event.
    expect(
      types([write('tasks', { status: 'doing', assigneeId: null, dueAt: '2026-12-01', title: 'x' }, false)], before),
    ).toEqual([]);
    // A completed occurrence of a repeating task: one more timesDone, a new due.
    const recurring = stored('tasks', { status: 'todo', timesDone: 2, dueAt: '2026-12-01' });
    const events = deriveEvents(
      [write('tasks', { status: 'todo', timesDone: 3, dueAt: '2026-12-08' }, false)],
      recurring,
    );
    expect(events.map((e) => e.type)).toEqual(['task.completed', 'task.due_changed']);
    expect(events[0]!.data).toMatchObject({ recurring: true, task: { id: key } });
  });

  it('skips deletions and restores, and covers projects, comments and risks', () => {
    expect(types([write('tasks', { status: 'done' }, false, true)], stored('tasks', { status: 'todo' }))).toEqual([]);
    expect(types([write('tasks', { status: 'done' }, false)], stored('tasks', { status: 'todo' }, true))).toEqual([]);
    expect(types([write('projects', { status: 'active' }, false)], stored('projects', { status: 'planned' }))).toEqual([
      'project.status_changed',
    ]);
    expect(types([write('projects', { status: 'active' }, true)])).toEqual([]);
    expect(types([write('comments', { body: 'hi' }, true)])).toEqual(['comment.added']);
    expect(types([write('risks', { title: 'r' }, true)])).toEqual(['risk.added']);
    expect(types([write('risks', { title: 'r2' }, false)], stored('risks', { title: 'r' }))).toEqual([]);
    expect(types([write('milestones', { title: 'm' }, true)])).toEqual([]);
  });
});

describe('webhook signatures and targets', () => {
  it('signs `timestamp.body` and refuses old timestamps, other secrets and changed bodies', () => {
    const header = signatureHeader('whsec_a', 1_800_000_000, '{"a":1}');
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    const ok = { secret: 'whsec_a', header, body: '{"a":1}', nowSeconds: 1_800_000_010 };
    expect(verifySignature(ok)).toBe(true);
    expect(verifySignature({ ...ok, nowSeconds: 1_800_000_400 })).toBe(false);
    expect(verifySignature({ ...ok, secret: 'whsec_b' })).toBe(false);
    expect(verifySignature({ ...ok, body: '{"a":2}' })).toBe(false);
    expect(verifySignature({ ...ok, header: undefined })).toBe(false);
  });

  it('tells private and local addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.8',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      'nonsense',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2606:4700::1111', '172.32.0.1']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('retryDelay', () => {
  it('doubles from the base per failed attempt, caps at the maximum, and jitters by ±20 %', () => {
    const options = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };
    expect([1, 2, 3, 4].map((n) => retryDelay(n, options, 0.5))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(20, options, 0.5)).toBe(3_600_000);
    expect(retryDelay(1, options, 0)).toBe(24_000);
    expect(retryDelay(1, options, 0.999_999)).toBe(36_000);
  });
});
