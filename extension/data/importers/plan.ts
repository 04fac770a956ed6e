// What every importer produces (an ImportPlan: projects, milestones and tasks read from another app's file, and
// the rows it skipped, each with its row, column and reason), and how a plan becomes rows for the one import path
// of extension/data/transfer.ts.
//
// Idempotent by construction: every imported row's id is derived from a stable key of its source item (a Trello
// card id, an Asana task id, a Todoist project and task text), and its field clocks are old (the source's own time,
// or 2000-01-01), so importing the same file twice — or after editing the imported tasks here — changes nothing.
import { formatHlc } from '@@/shared/hlc';
import { PROJECT_COLORS } from '@@/shared/schemas/project';
import type { Recurrence } from '@@/shared/recurrence';
import { STEP_TITLE_MAX, STEPS_PER_TASK_MAX } from '@@/shared/schemas/step';
import { NOTES_MAX, TITLE_MAX, type TaskStatus } from '@@/shared/schemas/task';
import { SYNC_TABLE_NAMES } from '@@/shared/sync/tables';
import { generateNKeysBetween } from 'fractional-indexing';
import { type AnyRow, rowClocks } from '../../db/rows';
import { t, tn } from '../../i18n';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../transfer';

export type ImportSource = 'csv' | 'todoist' | 'trello' | 'asana';

export interface ImportedTask {
  /** Stable key of the source item (unique within its source). */
  key: string;
  title: string;
  notes: string;
  status: TaskStatus;
  priority: number;
  dueAt: string | null;
  recurrence: Recurrence | null;
  tags: string[];
  sourceUrl: string | null;
  /** Key of a project of the plan, or null (the import's target decides). */
  projectKey: string | null;
  milestoneKey: string | null;
  /** The name the source gave the assignee; matched against the target team's members. */
  assigneeName: string | null;
  createdAt: string | null;
  completedAt: string | null;
  /** The task's checklist (Trello checklist items), in order: each becomes a step. */
  steps?: ImportedStep[];
}

export interface ImportedStep {
  /** Stable key of the source item (unique within its source). */
  key: string;
  title: string;
  done: boolean;
}

export interface ImportedProject {
  key: string;
  name: string;
}

export interface ImportedMilestone {
  key: string;
  projectKey: string;
  title: string;
  dueAt: string | null;
  done: boolean;
}

/** One problem, named the way the person sees the file: "Row 5, Due: …". */
export interface ImportProblem {
  /** 1-based data row (the header is row 0) or item number; null for the whole file. */
  row: number | null;
  column: string | null;
  message: string;
  /** True when the row was left out; false when it was imported and the value kept in its notes. */
  skipped: boolean;
}

export interface ImportPlan {
  source: ImportSource;
  /** What the file is, in words: "a Trello board, “Launch”". */
  label: string;
  projects: ImportedProject[];
  milestones: ImportedMilestone[];
  tasks: ImportedTask[];
  problems: ImportProblem[];
  /** When the source says when it was last changed (the clocks of imported rows). */
  modifiedAt?: string | null;
}

export function describeProblem(p: ImportProblem): string {
  const where = [p.row !== null ? t('importProblem_row', String(p.row)) : null, p.column].filter(Boolean).join(', ');
  return where ? t('importProblem_at', where, p.message) : p.message;
}

/** Where the tasks go: the plan's own projects (made here), or one existing project, or the Inbox. */
export type ImportTarget =
  | { kind: 'own' }
  | { kind: 'project'; project: { id: string; teamId: string | null; name: string } }
  | { kind: 'inbox' };

export interface ImportContext {
  target: ImportTarget;
  /** Members of the target's team (or the signed-in account), to resolve assignees by name. */
  members: { id: string; name: string }[];
  /** Display name written as createdBy. */
  me: string | null;
  /** Projects of this device: a plan's project with the same name is imported into it, not made anew. */
  existingProjects?: { id: string; teamId: string | null; name: string }[];
  now: Date;
}

const OLD_CLOCK_MS = Date.UTC(2000, 0, 1);

/** A UUIDv7-shaped id derived from a key (SHA-256): the same key always gives the same id. */
export async function stableId(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`waypoint-import:${key}`)));
  const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const normalName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** The task counts a preview shows: "42 tasks into Launch, 3 skipped: no title". */
export function planSummary(plan: ImportPlan, targetName: string): string {
  const skipped = plan.problems.filter((p) => p.skipped);
  const reasons = [...new Set(skipped.map((p) => p.message))];
  const tasks = tn('importPreview_summaryTasks', plan.tasks.length, targetName);
  if (skipped.length === 0) return tasks;
  const why = `${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? '…' : ''}`;
  return tn('importPreview_summarySkipped', skipped.length, tasks, why);
}

/**
 * The plan as the text of a Waypoint export file, for importData. A target project of this device is included
 * as it is (same clocks), so the import path files the tasks into that project's space.
 */
export async function planToExport(plan: ImportPlan, context: ImportContext): Promise<string> {
  const { target, now } = context;
  const clockMs = Math.min(
    plan.modifiedAt && Number.isFinite(Date.parse(plan.modifiedAt)) ? Date.parse(plan.modifiedAt) : OLD_CLOCK_MS,
    now.getTime(),
  );
  const hlc = formatHlc({ ms: clockMs, counter: 0, clientId: `import-${plan.source}` });
  const clocks = (fields: Record<string, unknown>) =>
    Object.fromEntries(Object.keys(fields).map((field) => [field, hlc] as const));
  const createdAt = now.toISOString();
  const teamOf = new Map<string, string | null>();
  const includeExisting = (project: { id: string; teamId: string | null }) => {
    if (teamOf.has(project.id)) return;
    teamOf.set(project.id, project.teamId);
    // A stored row keeps a compact clock (Dexie v6); an export file carries the per-field map.
    const { hlc: _hlc, hlcs: _hlcs, deleted, ...rest } = project as unknown as Record<string, unknown>;
    tables.projects!.push({ ...rest, hlc: rowClocks(project as unknown as AnyRow), deleted: deleted ?? false });
  };
  const tables: Record<string, Record<string, unknown>[]> = Object.fromEntries(SYNC_TABLE_NAMES.map((t) => [t, []]));

  const projectIds = new Map<string, string>();
  if (target.kind === 'own') {
    const byName = new Map((context.existingProjects ?? []).map((p) => [normalName(p.name), p] as const));
    for (const [i, project] of plan.projects.entries()) {
      const existing = byName.get(normalName(project.name));
      if (existing) {
        projectIds.set(project.key, existing.id);
        includeExisting(existing);
        continue;
      }
      const id = await stableId(`${plan.source}:project:${project.key}`);
      projectIds.set(project.key, id);
      const fields = {
        name: clip(project.name.trim() || t('importProblem_imported'), 200),
        objective: '',
        status: 'active',
        startAt: null,
        dueAt: null,
        color: PROJECT_COLORS[i % PROJECT_COLORS.length],
        urlRules: [],
        archived: false,
        createdBy: context.me,
        createdAt,
      };
      tables.projects!.push({ ...fields, id, teamId: null, hlc: clocks(fields), deleted: false });
    }
  } else if (target.kind === 'project') {
    includeExisting(target.project);
  }
  const teamIdOf = (projectId: string | null) => (projectId ? (teamOf.get(projectId) ?? null) : null);
  const projectOf = (key: string | null): string | null => {
    if (target.kind === 'project') return target.project.id;
    if (target.kind === 'inbox') return null;
    return key ? (projectIds.get(key) ?? null) : null;
  };

  const milestoneIds = new Map<string, string>();
  for (const [i, milestone] of plan.milestones.entries()) {
    const projectId = projectOf(milestone.projectKey);
    if (!projectId) continue;
    const id = await stableId(`${plan.source}:milestone:${milestone.key}`);
    milestoneIds.set(milestone.key, id);
    const fields = {
      projectId,
      createdBy: context.me,
      createdAt,
      kind: 'milestone',
      title: clip(milestone.title.trim() || t('importProblem_milestone'), 300),
      dueAt: milestone.dueAt,
      done: milestone.done,
      order: i + 1,
    };
    tables.milestones!.push({ ...fields, id, teamId: teamIdOf(projectId), hlc: clocks(fields), deleted: false });
  }

  const members = new Map(context.members.map((m) => [normalName(m.name), m.id] as const));
  for (const [i, task] of plan.tasks.entries()) {
    const id = await stableId(`${plan.source}:task:${task.key}`);
    const assigneeId = task.assigneeName ? (members.get(normalName(task.assigneeName)) ?? null) : null;
    const unmatched = task.assigneeName && !assigneeId ? `\n\nAssigned to ${task.assigneeName} in ${plan.source}.` : '';
    const fields: Record<string, unknown> = {
      projectId: projectOf(task.projectKey),
      title: clip(task.title.trim(), TITLE_MAX),
      notes: clip(`${task.notes}${unmatched}`.trim(), NOTES_MAX),
      status: task.status,
      priority: task.priority,
      assigneeId,
      dueAt: task.dueAt,
      tags: [...new Set(task.tags.map((t) => clip(t.trim(), 64)).filter(Boolean))].slice(0, 50),
      source: task.sourceUrl ? { kind: 'page', url: task.sourceUrl, pageTitle: '', capturedAt: createdAt } : null,
      createdBy: context.me,
      createdAt: task.createdAt ?? createdAt,
      completedAt: task.status === 'done' ? (task.completedAt ?? createdAt) : null,
      order: i + 1,
      milestoneId: task.milestoneKey ? (milestoneIds.get(task.milestoneKey) ?? null) : null,
      recurrence: task.recurrence,
    };
    const teamId = teamIdOf(fields.projectId as string | null);
    tables.tasks!.push({ ...fields, id, teamId, hlc: clocks(fields), deleted: false });
    const steps = (task.steps ?? []).filter((step) => step.title.trim()).slice(0, STEPS_PER_TASK_MAX);
    const positions = generateNKeysBetween(null, null, steps.length);
    for (const [n, step] of steps.entries()) {
      const stepFields = {
        taskId: id,
        title: clip(step.title.trim(), STEP_TITLE_MAX),
        done: step.done,
        position: positions[n],
        createdBy: context.me,
        createdAt,
      };
      const stepId = await stableId(`${plan.source}:step:${step.key}`);
      tables.steps!.push({ ...stepFields, id: stepId, teamId, hlc: clocks(stepFields), deleted: false });
    }
  }
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: createdAt, ...tables });
}
