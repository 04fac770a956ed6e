// Signals computed from a project's rows: progress rolled up from tasks to milestones, objectives and the
// project; schedule health; alignment (open tasks that serve an objective or milestone); risk flags and the
// 5×5 matrix; workload per member; my progress next to the team's; @mentions; the activity feed from HLCs.
//
// Pure functions over plain arrays of LIVE rows (callers drop tombstones). Every date is read in the runtime's
// local time, like shared/dates.ts: a date-only due (`2026-11-27`) is due at the end of that local day.
//
// Rules and thresholds (exported as constants so the UI can explain them):
// - Delivery pace (`deliveryPace`): tasks completed in the last 28 days, over the working days (Mon–Fri) from
//   the first of those completions through today (at least 5). With fewer than 3 completions there is no
//   history, and the pace is the fixed estimate of 1 working day per task.
// - Milestone (`milestoneProgress`): the `done` flag wins ('done'). Otherwise no due date → 'no-date'; due
//   date passed (the day after the due day) → 'late'; open tasks × days per task > working days left
//   (Mon–Fri from today through the due day, both included) → 'at-risk'; else 'on-track'.
// - Project health (`projectRollup`): the worst of
//     off-track: the project is past its due date and unfinished; a milestone is late; at least 3 overdue
//                tasks that are also at least 25% of the open tasks;
//     at-risk:   any overdue task; a milestone at risk; an open risk scoring ≥ 15 (probability × impact).
//   A project whose status is done or cancelled is on track (nothing left to slip).
import { addDays, diffDays, dueSortKey, NO_DUE_KEY, sectionOf, toLocalDateKey, weekdayOfKey } from './dates';
import { parseHlc } from './hlc';
import type { Milestone, Objective, Risk } from './schemas/planning';
import type { Project } from './schemas/project';
import type { Task } from './schemas/task';

export { formatMinutes } from './minutes';

// ---------------------------------------------------------------------------------------------------------
// Structural row types: extension rows (with hlc/deleted/index columns) and server rows both fit.

export type TaskLike = Pick<
  Task,
  'id' | 'title' | 'status' | 'dueAt' | 'assigneeId' | 'objectiveId' | 'milestoneId' | 'projectId' | 'completedAt'
> &
  Partial<Pick<Task, 'estimateMinutes'>>;
export type MilestoneLike = Pick<Milestone, 'id' | 'projectId' | 'kind' | 'title' | 'dueAt' | 'done' | 'order'>;
export type ObjectiveLike = Pick<Objective, 'id' | 'projectId' | 'title' | 'unit' | 'target' | 'current' | 'order'>;
export type RiskLike = Pick<
  Risk,
  'id' | 'projectId' | 'title' | 'probability' | 'impact' | 'mitigation' | 'ownerId' | 'status'
>;
export type ProjectLike = Pick<Project, 'id' | 'status' | 'dueAt'> & Partial<Pick<Project, 'startAt'>>;
export interface MemberLike {
  id: string;
  name: string;
}

// ---------------------------------------------------------------------------------------------------------
// Thresholds

/** Completions older than this are not part of the team's recent pace. */
export const PACE_WINDOW_DAYS = 28;
/** Fewer completions than this in the window: use the default estimate. */
export const PACE_MIN_COMPLETIONS = 3;
/** The pace span is at least this many working days (a burst of completions on one day is not a pace). */
export const PACE_MIN_SPAN_DAYS = 5;
/** Without history: one working day per open task. */
export const DEFAULT_DAYS_PER_TASK = 1;
/** An open risk with probability × impact at or above this makes the project at risk. */
export const HIGH_RISK_SCORE = 15;
/** Overdue tasks make the project off track from this many on… */
export const OVERDUE_OFF_TRACK_COUNT = 3;
/** …when they are also at least this share of the open tasks. */
export const OVERDUE_OFF_TRACK_SHARE = 0.25;

// ---------------------------------------------------------------------------------------------------------
// Small helpers

const isOpen = (task: Pick<TaskLike, 'status'>): boolean => task.status !== 'done';

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

// Built on first use: a formatter at import maps ICU data into every process that loads this module (the server's idle RSS).
let numberFormat: Intl.NumberFormat | undefined;
const formatNumber = (value: number): string => {
  numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  return numberFormat.format(value);
};

/**
 * The words the signals write (health reasons, progress labels, workload names, the feed's writer), so the
 * extension can pass them in its UI language; the default is English (the server's status page, tests).
 */
export interface SignalWords {
  /** "3 open tasks, no due date". */
  noDate: (openTasks: number) => string;
  /** "2 days late, 3 open tasks". */
  lateOpen: (daysLate: number, openTasks: number) => string;
  /** "2 days late: all tasks are done, mark it done". */
  lateAllDone: (daysLate: number) => string;
  /** "2 days late, not marked done". */
  lateNotDone: (daysLate: number) => string;
  /** "3 open tasks need about 4 working days, 2 left". */
  atRisk: (openTasks: number, neededDays: number, workingDaysLeft: number) => string;
  /** "60% / 80%". */
  percentLabel: (current: number, target: number) => string;
  /** "420 / 1,000 signups" (unit may be empty: "3 / 5"). */
  metricLabel: (current: number, target: number, unit: string) => string;
  /** "3 / 5 tasks". */
  tasksLabel: (done: number, total: number) => string;
  noTarget: string;
  /** "The project is 2 days past its due date". */
  projectLate: (days: number) => string;
  /** "“Beta” is 2 days late, 3 open tasks"; `reason` undefined: "“Beta” is late". */
  milestoneLate: (title: string, reason: string | undefined) => string;
  /** "3 overdue tasks of 5 open". */
  overdueTasks: (overdue: number, open: number) => string;
  /** "“Beta” is at risk: …". */
  milestoneAtRisk: (title: string, reason: string) => string;
  /** "2 high open risks (score 15 or more): “A”, “B”". */
  highRisks: (count: number, score: number, titles: readonly string[]) => string;
  unassigned: string;
  formerMember: string;
  someone: string;
}

export const ENGLISH_SIGNAL_WORDS: SignalWords = {
  noDate: (open) => `${plural(open, 'open task')}, no due date`,
  lateOpen: (days, open) => `${plural(days, 'day')} late, ${plural(open, 'open task')}`,
  lateAllDone: (days) => `${plural(days, 'day')} late: all tasks are done, mark it done`,
  lateNotDone: (days) => `${plural(days, 'day')} late, not marked done`,
  atRisk: (open, needed, left) =>
    `${plural(open, 'open task')} need about ${plural(needed, 'working day')}, ${left} left`,
  percentLabel: (current, target) => `${formatNumber(current)}% / ${formatNumber(target)}%`,
  metricLabel: (current, target, unit) => `${formatNumber(current)} / ${formatNumber(target)}${unit ? ` ${unit}` : ''}`,
  tasksLabel: (done, total) => `${done} / ${plural(total, 'task')}`,
  noTarget: 'No target or tasks yet',
  projectLate: (days) => `The project is ${plural(days, 'day')} past its due date`,
  milestoneLate: (title, reason) => `“${title}” is ${reason ?? 'late'}`,
  overdueTasks: (overdue, open) => `${plural(overdue, 'overdue task')} of ${open} open`,
  milestoneAtRisk: (title, reason) => `“${title}” is at risk: ${reason}`,
  highRisks: (count, score, titles) =>
    `${plural(count, 'high open risk')} (score ${score} or more): ${titles.map((title) => `“${title}”`).join(', ')}`,
  unassigned: 'Unassigned',
  formerMember: 'Former member',
  someone: 'Someone',
};

const clamp01 = (value: number): number => (Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value)));

/** Mon–Fri days from `fromKey` through `toKey`, both included; 0 when `toKey` is before `fromKey`. */
export function workingDaysBetween(fromKey: string, toKey: string): number {
  const span = diffDays(fromKey, toKey) + 1;
  if (span <= 0) return 0;
  const fullWeeks = Math.floor(span / 7);
  let count = fullWeeks * 5;
  const startWeekday = weekdayOfKey(fromKey);
  for (let i = 0; i < span % 7; i++) {
    const weekday = (startWeekday + i) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

/** The local date key of a due (date-only or instant), or null when there is none or it is unreadable. */
function dueDateKey(dueAt: string | null | undefined): string | null {
  const key = dueSortKey(dueAt);
  return key === NO_DUE_KEY ? null : key.slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------
// Progress

export interface Progress {
  total: number;
  done: number;
  /** done / total, 0..1; 0 when there are no tasks. */
  ratio: number;
}

export function taskProgress(tasks: readonly Pick<TaskLike, 'status'>[]): Progress {
  const total = tasks.length;
  const done = tasks.filter((task) => task.status === 'done').length;
  return { total, done, ratio: total === 0 ? 0 : done / total };
}

export interface DeliveryPace {
  /** Working days the team needs per task. */
  daysPerTask: number;
  source: 'history' | 'default';
  /** Tasks completed in the pace window. */
  completed: number;
}

/** The team's recent pace from `completedAt` of done tasks (see the header for the rule). */
export function deliveryPace(tasks: readonly Pick<TaskLike, 'status' | 'completedAt'>[], now: Date): DeliveryPace {
  const windowStart = addDays(now, -PACE_WINDOW_DAYS).getTime();
  const times: number[] = [];
  for (const task of tasks) {
    if (task.status !== 'done' || !task.completedAt) continue;
    const at = Date.parse(task.completedAt);
    if (!Number.isNaN(at) && at >= windowStart && at <= now.getTime()) times.push(at);
  }
  if (times.length < PACE_MIN_COMPLETIONS) {
    return { daysPerTask: DEFAULT_DAYS_PER_TASK, source: 'default', completed: times.length };
  }
  const first = toLocalDateKey(new Date(times.reduce((a, b) => Math.min(a, b))));
  const span = Math.max(PACE_MIN_SPAN_DAYS, workingDaysBetween(first, toLocalDateKey(now)));
  return { daysPerTask: span / times.length, source: 'history', completed: times.length };
}

export type MilestoneStatus = 'done' | 'on-track' | 'at-risk' | 'late' | 'no-date';

export interface MilestoneProgress extends Progress {
  status: MilestoneStatus;
  openTasks: number;
  /** Calendar days from today to the due day: 0 = due today, negative = that many days late; null = no date. */
  daysLeft: number | null;
  /** Mon–Fri days from today through the due day (both included); null without a due date. */
  workingDaysLeft: number | null;
  /** Why the milestone is late or at risk (or what is left), for a tooltip. */
  reason?: string;
}

/**
 * Progress and schedule status of one milestone (or phase, or deliverable). `tasks` may be all the project's
 * tasks: the milestone's own are those with `milestoneId === milestone.id`, and the pace is measured on all of
 * them unless `daysPerTask` is given. `ratio` is done / total; without tasks, 1 when marked done, else 0.
 */
export function milestoneProgress(
  milestone: Pick<MilestoneLike, 'id' | 'dueAt' | 'done'>,
  tasks: readonly TaskLike[],
  now: Date,
  daysPerTask: number = deliveryPace(tasks, now).daysPerTask,
  words: SignalWords = ENGLISH_SIGNAL_WORDS,
): MilestoneProgress {
  const own = tasks.filter((task) => task.milestoneId === milestone.id);
  const { total, done } = taskProgress(own);
  const openTasks = total - done;
  const ratio = total === 0 ? (milestone.done ? 1 : 0) : done / total;
  const today = toLocalDateKey(now);
  const due = milestone.dueAt ? dueDateKey(milestone.dueAt) : null;
  const daysLeft = due ? diffDays(today, due) : null;
  const workingDaysLeft = due ? workingDaysBetween(today, due) : null;
  const base = { total, done, ratio, openTasks, daysLeft, workingDaysLeft };
  if (milestone.done) return { ...base, status: 'done' };
  if (daysLeft === null || workingDaysLeft === null) {
    return {
      ...base,
      status: 'no-date',
      ...(openTasks > 0 ? { reason: words.noDate(openTasks) } : {}),
    };
  }
  if (daysLeft < 0) {
    const reason =
      openTasks > 0
        ? words.lateOpen(-daysLeft, openTasks)
        : total > 0
          ? words.lateAllDone(-daysLeft)
          : words.lateNotDone(-daysLeft);
    return { ...base, status: 'late', reason };
  }
  const needed = openTasks * daysPerTask;
  if (openTasks > 0 && workingDaysLeft < needed) {
    const reason = words.atRisk(openTasks, Math.ceil(needed), workingDaysLeft);
    return { ...base, status: 'at-risk', reason };
  }
  return { ...base, status: 'on-track' };
}

export interface ObjectiveProgress {
  /** 0..1, or null when nothing measures the objective yet. */
  ratio: number | null;
  source: 'metric' | 'tasks' | 'none';
  /** "420 / 1,000 signups", "60% / 80%", "3 / 5 tasks", "No target or tasks yet". */
  label: string;
}

/**
 * Progress towards an objective: current / target when both are set (clamped to 0..1; a target of 0 is met
 * at 0 or below), otherwise the share of done tasks among those serving it (`objectiveId`), otherwise none.
 */
export function objectiveProgress(
  objective: Pick<ObjectiveLike, 'id' | 'unit' | 'target' | 'current'>,
  tasks: readonly TaskLike[],
  words: SignalWords = ENGLISH_SIGNAL_WORDS,
): ObjectiveProgress {
  const { target, current } = objective;
  if (target !== null && current !== null) {
    const ratio = target === 0 ? (current <= 0 ? 1 : 0) : clamp01(current / target);
    const unit = objective.unit.trim();
    const label = unit === '%' ? words.percentLabel(current, target) : words.metricLabel(current, target, unit);
    return { ratio, source: 'metric', label };
  }
  const serving = tasks.filter((task) => task.objectiveId === objective.id);
  if (serving.length > 0) {
    const { done, total, ratio } = taskProgress(serving);
    return { ratio, source: 'tasks', label: words.tasksLabel(done, total) };
  }
  return { ratio: null, source: 'none', label: words.noTarget };
}

// ---------------------------------------------------------------------------------------------------------
// Risks

export const riskScore = (risk: Pick<RiskLike, 'probability' | 'impact'>): number => risk.probability * risk.impact;

export type RiskProblem = 'no-mitigation' | 'no-owner';

export function riskProblems(risk: Pick<RiskLike, 'mitigation' | 'ownerId'>): RiskProblem[] {
  const problems: RiskProblem[] = [];
  if (risk.mitigation.trim() === '') problems.push('no-mitigation');
  if (!risk.ownerId) problems.push('no-owner');
  return problems;
}

const byScore = <R extends RiskLike>(a: R, b: R): number =>
  riskScore(b) - riskScore(a) || b.impact - a.impact || a.title.localeCompare(b.title);

/** Counts of risks by probability and impact: `matrix[probability - 1][impact - 1]`, always 5×5. */
export function riskMatrix(risks: readonly Pick<RiskLike, 'probability' | 'impact'>[]): number[][] {
  const matrix = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  for (const risk of risks) {
    const row = matrix[Math.min(5, Math.max(1, Math.round(risk.probability))) - 1];
    const column = Math.min(5, Math.max(1, Math.round(risk.impact))) - 1;
    if (row) row[column] = (row[column] ?? 0) + 1;
  }
  return matrix;
}

// ---------------------------------------------------------------------------------------------------------
// Project rollup

export type HealthState = 'on-track' | 'at-risk' | 'off-track';

export interface ProjectHealth {
  state: HealthState;
  /** One line per finding, worst first; empty when on track. */
  reasons: string[];
}

export interface ProjectRollupInput<
  T extends TaskLike = TaskLike,
  M extends MilestoneLike = MilestoneLike,
  O extends ObjectiveLike = ObjectiveLike,
  R extends RiskLike = RiskLike,
> {
  project: ProjectLike;
  tasks: readonly T[];
  milestones: readonly M[];
  objectives: readonly O[];
  risks: readonly R[];
  now: Date;
  /** The words of the health reasons and progress labels; English by default. */
  words?: SignalWords;
}

export interface ProjectRollup<
  T extends TaskLike = TaskLike,
  M extends MilestoneLike = MilestoneLike,
  O extends ObjectiveLike = ObjectiveLike,
  R extends RiskLike = RiskLike,
> {
  progress: Progress;
  /** Open tasks whose due has passed, most overdue first. */
  overdueTasks: T[];
  /** The first unfinished milestone or deliverable (not phase) by due date (undated last), or null. */
  nextMilestone: (M & { progress: MilestoneProgress }) | null;
  /** Timeline order: phases first, then milestones and deliverables; each by due date (undated last), order. */
  milestones: (M & { progress: MilestoneProgress })[];
  /** By `order`. */
  objectives: (O & { progress: ObjectiveProgress })[];
  /**
   * Share of OPEN tasks that serve one of the project's objectives or belong to one of its milestones (an id
   * pointing at a row that is not in the input counts as none). `ratio` is 1 when there are no open tasks.
   */
  alignment: { ratio: number; aligned: number; open: number; orphans: T[] };
  /** Open risks that lack a mitigation or an owner, highest score first. */
  riskFlags: { risk: R; problems: RiskProblem[] }[];
  /** Risks with status 'open', highest score first. */
  openRisks: R[];
  /** Open risks by `[probability - 1][impact - 1]`. */
  riskMatrix: number[][];
  health: ProjectHealth;
  /** The pace used for the milestones' at-risk rule. */
  pace: DeliveryPace;
}

const HEALTH_RANK: Record<HealthState, number> = { 'on-track': 0, 'at-risk': 1, 'off-track': 2 };

/**
 * Timeline order of milestones: by due date (undated last) whatever their kind — a phase sits where it ends —
 * then a phase before the milestones due the same day, then `order`, then title.
 */
export function compareMilestones(a: MilestoneLike, b: MilestoneLike): number {
  const phase = (m: MilestoneLike) => (m.kind === 'phase' ? 0 : 1);
  const keyA = dueSortKey(a.dueAt);
  const keyB = dueSortKey(b.dueAt);
  return (
    (keyA < keyB ? -1 : keyA > keyB ? 1 : 0) ||
    phase(a) - phase(b) ||
    a.order - b.order ||
    a.title.localeCompare(b.title)
  );
}

/**
 * Everything the project dashboard shows, computed once. Rows of other projects in the input are ignored
 * (matched on `projectId`).
 */
export function projectRollup<T extends TaskLike, M extends MilestoneLike, O extends ObjectiveLike, R extends RiskLike>(
  input: ProjectRollupInput<T, M, O, R>,
): ProjectRollup<T, M, O, R> {
  const { project, now, words = ENGLISH_SIGNAL_WORDS } = input;
  const tasks = input.tasks.filter((task) => task.projectId === project.id);
  const milestoneRows = input.milestones.filter((m) => m.projectId === project.id);
  const objectiveRows = input.objectives.filter((o) => o.projectId === project.id);
  const riskRows = input.risks.filter((r) => r.projectId === project.id);

  const progress = taskProgress(tasks);
  const open = tasks.filter(isOpen);
  const overdueTasks = open
    .filter(
      (task) => sectionOf({ dueAt: task.dueAt, status: task.status, completedAt: task.completedAt }, now) === 'overdue',
    )
    .sort((a, b) => {
      const keyA = dueSortKey(a.dueAt);
      const keyB = dueSortKey(b.dueAt);
      return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
    });

  const pace = deliveryPace(tasks, now);
  const milestones = [...milestoneRows]
    .sort(compareMilestones)
    .map((m) => ({ ...m, progress: milestoneProgress(m, tasks, now, pace.daysPerTask, words) }));
  const nextMilestone = milestones.find((m) => m.kind !== 'phase' && !m.done) ?? null;

  const objectives = [...objectiveRows]
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title))
    .map((o) => ({ ...o, progress: objectiveProgress(o, tasks, words) }));

  const objectiveIds = new Set(objectiveRows.map((o) => o.id));
  const milestoneIds = new Set(milestoneRows.map((m) => m.id));
  const orphans = open.filter(
    (task) =>
      !(task.objectiveId && objectiveIds.has(task.objectiveId)) &&
      !(task.milestoneId && milestoneIds.has(task.milestoneId)),
  );
  const aligned = open.length - orphans.length;
  const alignment = { ratio: open.length === 0 ? 1 : aligned / open.length, aligned, open: open.length, orphans };

  const openRisks = riskRows.filter((risk) => risk.status === 'open').sort(byScore);
  const riskFlags = openRisks
    .map((risk) => ({ risk, problems: riskProblems(risk) }))
    .filter((flag) => flag.problems.length > 0);

  // Health: collect findings with their level, worst first.
  const findings: { level: HealthState; text: string }[] = [];
  const finished = project.status === 'done' || project.status === 'cancelled';
  if (!finished) {
    const projectDue = dueDateKey(project.dueAt);
    const today = toLocalDateKey(now);
    const unfinished = open.length > 0 || milestoneRows.some((m) => !m.done);
    if (projectDue && projectDue < today && unfinished) {
      findings.push({
        level: 'off-track',
        text: words.projectLate(diffDays(projectDue, today)),
      });
    }
    for (const m of milestones) {
      if (m.progress.status === 'late') {
        findings.push({ level: 'off-track', text: words.milestoneLate(m.title, m.progress.reason) });
      }
    }
    if (overdueTasks.length > 0) {
      const offTrack =
        overdueTasks.length >= OVERDUE_OFF_TRACK_COUNT && overdueTasks.length / open.length >= OVERDUE_OFF_TRACK_SHARE;
      findings.push({
        level: offTrack ? 'off-track' : 'at-risk',
        text: words.overdueTasks(overdueTasks.length, open.length),
      });
    }
    for (const m of milestones) {
      if (m.progress.status === 'at-risk') {
        findings.push({ level: 'at-risk', text: words.milestoneAtRisk(m.title, m.progress.reason ?? '') });
      }
    }
    const high = openRisks.filter((risk) => riskScore(risk) >= HIGH_RISK_SCORE);
    if (high.length > 0) {
      findings.push({
        level: 'at-risk',
        text: words.highRisks(
          high.length,
          HIGH_RISK_SCORE,
          high.map((risk) => risk.title),
        ),
      });
    }
  }
  findings.sort((a, b) => HEALTH_RANK[b.level] - HEALTH_RANK[a.level]);
  const state = findings[0]?.level ?? 'on-track';

  return {
    progress,
    overdueTasks,
    nextMilestone,
    milestones,
    objectives,
    alignment,
    riskFlags,
    openRisks,
    riskMatrix: riskMatrix(openRisks),
    health: { state, reasons: findings.map((finding) => finding.text) },
    pace,
  };
}

// ---------------------------------------------------------------------------------------------------------
// People

export interface WorkloadRow {
  /** null for the unassigned tasks. */
  memberId: string | null;
  name: string;
  /** Tasks not done. */
  open: number;
  /** Open tasks due from today through the coming Sunday (local), not counting overdue ones. */
  dueThisWeek: number;
  /** Open tasks whose due has passed. */
  overdue: number;
  /** Sum of the estimates of the open tasks (minutes), and of those due this week; tasks without one add 0. */
  estimateMinutes: number;
  estimateThisWeekMinutes: number;
  /** Open tasks without an estimate, so the UI can say the sum is partial. */
  unestimated: number;
}

const emptyLoad = () => ({
  open: 0,
  dueThisWeek: 0,
  overdue: 0,
  estimateMinutes: 0,
  estimateThisWeekMinutes: 0,
  unestimated: 0,
});

export const UNASSIGNED_NAME = ENGLISH_SIGNAL_WORDS.unassigned;
export const FORMER_MEMBER_NAME = ENGLISH_SIGNAL_WORDS.formerMember;

/**
 * Open work per member, in the order of `members`; then tasks assigned to ids that are no longer members
 * ('Former member'), then unassigned tasks under `memberId: null` ('Unassigned') when there are any.
 */
export function workload(
  tasks: readonly TaskLike[],
  members: readonly MemberLike[],
  now: Date,
  words: Pick<SignalWords, 'unassigned' | 'formerMember'> = ENGLISH_SIGNAL_WORDS,
): WorkloadRow[] {
  const today = toLocalDateKey(now);
  const sunday = addDays(today, (7 - weekdayOfKey(today)) % 7);
  const rows = new Map<string | null, WorkloadRow>();
  for (const member of members) {
    if (!rows.has(member.id)) rows.set(member.id, { memberId: member.id, name: member.name, ...emptyLoad() });
  }
  const former: WorkloadRow[] = [];
  let unassigned: WorkloadRow | null = null;
  for (const task of tasks) {
    if (!isOpen(task)) continue;
    const id = task.assigneeId ?? null;
    let row = rows.get(id);
    if (!row) {
      row = {
        memberId: id,
        name: id === null ? words.unassigned : words.formerMember,
        ...emptyLoad(),
      };
      rows.set(id, row);
      if (id === null) unassigned = row;
      else former.push(row);
    }
    row.open++;
    const estimate = task.estimateMinutes ?? 0;
    row.estimateMinutes += estimate;
    if (!estimate) row.unestimated++;
    const section = sectionOf({ dueAt: task.dueAt, status: task.status, completedAt: task.completedAt }, now);
    if (section === 'overdue') row.overdue++;
    else {
      const day = dueDateKey(task.dueAt);
      if (day && day >= today && day <= sunday) {
        row.dueThisWeek++;
        row.estimateThisWeekMinutes += estimate;
      }
    }
  }
  const memberRows = members.map((member) => rows.get(member.id)).filter((row): row is WorkloadRow => !!row);
  const unique = [...new Set(memberRows)];
  return [...unique, ...former, ...(unassigned ? [unassigned] : [])];
}

export interface PersonalProgress extends Progress {
  /** Tasks completed since Monday 00:00 local. */
  doneThisWeek: number;
}

function personalProgress(tasks: readonly TaskLike[], weekStart: number): PersonalProgress {
  const doneThisWeek = tasks.filter(
    (task) => task.status === 'done' && task.completedAt && Date.parse(task.completedAt) >= weekStart,
  ).length;
  return { ...taskProgress(tasks), doneThisWeek };
}

/** My tasks (assigned to `me`) next to the whole team's. */
export function myProgress(
  tasks: readonly TaskLike[],
  me: string,
  now: Date,
): { mine: PersonalProgress; team: PersonalProgress } {
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - ((now.getDay() + 6) % 7)).getTime();
  return {
    mine: personalProgress(
      tasks.filter((task) => task.assigneeId === me),
      monday,
    ),
    team: personalProgress(tasks, monday),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Mentions

export type MentionSegment = { text: string } | { mention: MemberLike };

const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** `@[Name](member-id)`: the explicit markup a composer may insert. */
const MARKUP = /^@\[([^\]\n]{1,200})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/;

/**
 * Finds mentions in a comment. `@Name` matches a member's name case-insensitively, preferring the longest
 * name ("@Ann Lee" is Ann Lee, not Ann), and only when the `@` does not follow a letter or digit (an e-mail
 * address is not a mention) and no letter or digit follows the name. The markup `@[Name](id)` is read too
 * (shown with the member's current name, or the written one for an id that is no longer a member).
 * `segments` is the body as text and mention pieces, for rendering chips without HTML; `mentions` lists the
 * member ids once each, in order of first appearance.
 */
export function parseMentions(
  body: string,
  members: readonly MemberLike[],
): { mentions: string[]; segments: MentionSegment[] } {
  const candidates = members
    .map((member) => ({ member, name: member.name.trim(), lower: member.name.trim().toLowerCase() }))
    .filter((c) => c.name.length > 0)
    .sort((a, b) => b.name.length - a.name.length);
  const byId = new Map(members.map((member) => [member.id, member]));
  const segments: MentionSegment[] = [];
  const mentions: string[] = [];
  let text = '';
  const flush = () => {
    if (text) segments.push({ text });
    text = '';
  };
  const mention = (member: MemberLike) => {
    flush();
    segments.push({ mention: { id: member.id, name: member.name } });
    if (!mentions.includes(member.id)) mentions.push(member.id);
  };
  let i = 0;
  while (i < body.length) {
    const char = body[i] as string;
    const before = i > 0 ? (body[i - 1] as string) : '';
    if (char !== '@' || (before && WORD_CHAR.test(before))) {
      text += char;
      i++;
      continue;
    }
    const markup = MARKUP.exec(body.slice(i, i + 260));
    if (markup) {
      const [whole, written = '', id = ''] = markup;
      mention(byId.get(id) ?? { id, name: written.trim() || written });
      i += whole.length;
      continue;
    }
    const rest = body.slice(i + 1);
    const hit = candidates.find((c) => {
      if (rest.slice(0, c.name.length).toLowerCase() !== c.lower) return false;
      const after = rest.slice(c.name.length, c.name.length + 1);
      return !after || !WORD_CHAR.test(after);
    });
    if (!hit) {
      text += char;
      i++;
      continue;
    }
    mention(hit.member);
    i += 1 + hit.name.length;
  }
  flush();
  return { mentions, segments };
}

// ---------------------------------------------------------------------------------------------------------
// Activity feed

export interface ActivityRowInput {
  table: string;
  key: string;
  /** What to call the row in the feed (task title, project name, "Comment"…). */
  title: string;
  /** Per-field HLCs, with the tombstone's under `deleted`. */
  hlc: Record<string, string>;
  deleted: boolean;
}

export type ActivityKind = 'created' | 'changed' | 'deleted' | 'restored';

export interface ActivityEntry {
  /** ISO instant of the write (the HLC's wall time). */
  at: string;
  /** The writer's name from `clients`, or 'Someone'. */
  who: string;
  /** The writing client's id (from the HLC). */
  clientId: string;
  table: string;
  key: string;
  title: string;
  /** The fields that write set and that no later write has overwritten (never `deleted`), sorted. */
  fields: string[];
  kind: ActivityKind;
  /** The HLC of the write, a stable key for lists. */
  hlc: string;
}

export const SOMEONE = ENGLISH_SIGNAL_WORDS.someone;
const DELETED_FIELD = 'deleted';
const CREATED_FIELD = 'createdAt';

/**
 * The activity feed from per-field HLCs: the fields of one row carrying the same HLC were written together,
 * so they make one entry. The write that set `createdAt` is 'created'; the one that set the `deleted`
 * pseudo-field is 'deleted' (row is a tombstone) or 'restored'; any other is 'changed'. Newest first.
 * Only the last write of each field survives in the HLCs, so earlier edits of a field overwritten later
 * do not appear. Malformed HLCs are skipped.
 */
export function activityFromRows(
  rows: readonly ActivityRowInput[],
  clients: Readonly<Record<string, string>>,
  someone: string = SOMEONE,
): ActivityEntry[] {
  const entries: ActivityEntry[] = [];
  for (const row of rows) {
    const groups = new Map<string, string[]>();
    for (const [field, hlc] of Object.entries(row.hlc)) {
      const fields = groups.get(hlc);
      if (fields) fields.push(field);
      else groups.set(hlc, [field]);
    }
    for (const [hlc, fields] of groups) {
      let parts: ReturnType<typeof parseHlc>;
      try {
        parts = parseHlc(hlc);
      } catch {
        continue;
      }
      const kind: ActivityKind = fields.includes(CREATED_FIELD)
        ? 'created'
        : fields.includes(DELETED_FIELD)
          ? row.deleted
            ? 'deleted'
            : 'restored'
          : 'changed';
      entries.push({
        at: new Date(parts.ms).toISOString(),
        who: Object.hasOwn(clients, parts.clientId) ? (clients[parts.clientId] ?? someone) : someone,
        clientId: parts.clientId,
        table: row.table,
        key: row.key,
        title: row.title,
        fields: fields.filter((field) => field !== DELETED_FIELD).sort(),
        kind,
        hlc,
      });
    }
  }
  return entries.sort(
    (a, b) =>
      (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : 0) || a.table.localeCompare(b.table) || a.key.localeCompare(b.key),
  );
}
