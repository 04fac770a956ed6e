import { uuidv7 } from '@@/shared/id';
import { projectPatchSchema, projectSchema } from '@@/shared/schemas/project';
import { sourceHref, sourceSchema } from '@@/shared/schemas/source';
import { taskPatchSchema, taskSchema } from '@@/shared/schemas/task';
import { describe, expect, it } from 'vitest';

const task = {
  id: uuidv7(),
  teamId: null,
  projectId: null,
  title: 'Write brief',
  notes: '',
  status: 'todo',
  priority: 4,
  assigneeId: null,
  dueAt: '2026-12-01',
  tags: [],
  source: null,
  createdBy: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  completedAt: null,
  order: 0,
};

describe('schemas', () => {
  it('accepts a valid task with a date-only or date-time due', () => {
    expect(taskSchema.parse(task)).toEqual(task);
    expect(taskSchema.parse({ ...task, dueAt: '2026-12-01T17:00:00.000Z' }).dueAt).toBe('2026-12-01T17:00:00.000Z');
  });

  it('rejects bad tasks', () => {
    for (const bad of [
      { ...task, id: 'abc' },
      { ...task, id: '0190a000-0000-4000-8000-000000000000' }, // v4, not v7
      { ...task, title: '' },
      { ...task, title: 'x'.repeat(501) },
      { ...task, status: 'archived' },
      { ...task, priority: 0 },
      { ...task, priority: 1.5 },
      { ...task, dueAt: 'friday' },
      { ...task, dueAt: '2026-13-01' },
      { ...task, order: Number.NaN },
    ]) {
      expect(taskSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('generates time-ordered UUIDv7 ids', () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });

  it('never fills defaults into a patch, and refuses unknown fields', () => {
    expect(taskPatchSchema.parse({ title: 'x' })).toEqual({ title: 'x' });
    expect(projectPatchSchema.parse({ name: 'y' })).toEqual({ name: 'y' });
    expect(taskPatchSchema.safeParse({ id: uuidv7() }).success).toBe(false);
    expect(taskPatchSchema.safeParse({ hlc: {} }).success).toBe(false);
  });

  it('validates sources: kinds, URLs and the excerpt limit', () => {
    const source = {
      kind: 'selection',
      url: 'https://a.test/p',
      pageTitle: 'P',
      excerpt: 'quote',
      capturedAt: task.createdAt,
    };
    expect(sourceSchema.parse(source)).toMatchObject(source);
    expect(sourceSchema.safeParse({ ...source, kind: 'tweet' }).success).toBe(false);
    expect(sourceSchema.safeParse({ ...source, url: 'not a url' }).success).toBe(false);
    expect(sourceSchema.safeParse({ ...source, excerpt: 'x'.repeat(2001) }).success).toBe(false);
    expect(sourceHref(sourceSchema.parse({ ...source, fragmentUrl: 'https://a.test/p#:~:text=quote' }))).toMatch(
      /#:~:text=quote$/,
    );
  });

  it('validates projects', () => {
    const project = {
      id: uuidv7(),
      teamId: null,
      name: 'Launch',
      objective: '',
      status: 'active',
      startAt: null,
      dueAt: '2027-01-31',
      color: '#2563eb',
      urlRules: [{ kind: 'domain', value: 'acme.test' }],
      archived: false,
      createdBy: null,
      createdAt: task.createdAt,
    };
    expect(projectSchema.parse(project)).toEqual(project);
    expect(projectSchema.safeParse({ ...project, color: 'red' }).success).toBe(false);
    expect(projectSchema.safeParse({ ...project, status: 'paused' }).success).toBe(false);
    expect(projectSchema.safeParse({ ...project, urlRules: [{ kind: 'regex', value: '.*' }] }).success).toBe(false);
  });
});
