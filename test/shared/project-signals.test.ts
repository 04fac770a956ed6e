// Unit tests of the project signals. Instants are built with local-time Date constructors so the expectations
// hold in any runtime time zone.
import { formatHlc } from '@@/shared/hlc';
import {
  type ActivityRowInput,
  activityFromRows,
  compareMilestones,
  DEFAULT_DAYS_PER_TASK,
  deliveryPace,
  formatMinutes,
  HIGH_RISK_SCORE,
  type MilestoneLike,
  milestoneProgress,
  myProgress,
  type ObjectiveLike,
  objectiveProgress,
  type ProjectLike,
  parseMentions,
  projectRollup,
  type RiskLike,
  riskMatrix,
  riskProblems,
  riskScore,
  type TaskLike,
  taskProgress,
  workingDaysBetween,
  workload,
} from '@@/shared/project-signals';
import { describe, expect, it } from 'vitest';

// Wednesday 25 November 2026, 14:30 local time.
const NOW = new Date(2026, 10, 25, 14, 30);
const local = (month: number, day: number, hour = 0, minute = 0, year = 2026) =>
  new Date(year, month - 1, day, hour, minute).toISOString();

const P = 'project-1';
let seq = 0;
const task = (over: Partial<TaskLike> = {}): TaskLike => ({
  id: `t${++seq}`,
  title: `Task ${seq}`,
  status: 'todo',
  dueAt: null,
  assigneeId: null,
  objectiveId: null,
  milestoneId: null,
  projectId: P,
  completedAt: null,
  ...over,
});
const done = (over: Partial<TaskLike> = {}): TaskLike =>
  task({ status: 'done', completedAt: local(11, 20, 10), ...over });
const milestone = (over: Partial<MilestoneLike> = {}): MilestoneLike => ({
  id: `m${++seq}`,
  projectId: P,
  kind: 'milestone',
  title: `Milestone ${seq}`,
  dueAt: null,
  done: false,
  order: 0,
  ...over,
});
const objective = (over: Partial<ObjectiveLike> = {}): ObjectiveLike => ({
  id: `o${++seq}`,
  projectId: P,
  title: `Objective ${seq}`,
  unit: '',
  target: null,
  current: null,
  order: 0,
  ...over,
});
const risk = (over: Partial<RiskLike> = {}): RiskLike => ({
  id: `r${++seq}`,
  projectId: P,
  title: `Risk ${seq}`,
  probability: 3,
  impact: 3,
  mitigation: 'Plan B',
  ownerId: 'member-1',
  status: 'open',
  ...over,
});
const project = (over: Partial<ProjectLike> = {}): ProjectLike => ({
  id: P,
  status: 'active',
  dueAt: null,
  startAt: '2026-11-01',
  ...over,
});
const rollup = (over: {
  project?: ProjectLike;
  tasks?: TaskLike[];
  milestones?: MilestoneLike[];
  objectives?: ObjectiveLike[];
  risks?: RiskLike[];
  now?: Date;
}) =>
  projectRollup({
    project: over.project ?? project(),
    tasks: over.tasks ?? [],
    milestones: over.milestones ?? [],
    objectives: over.objectives ?? [],
    risks: over.risks ?? [],
    now: over.now ?? NOW,
  });

describe('taskProgress', () => {
  it('counts done tasks, ratio 0 without tasks', () => {
    expect(taskProgress([])).toEqual({ total: 0, done: 0, ratio: 0 });
    expect(taskProgress([task(), done(), task({ status: 'doing' }), task({ status: 'blocked' })])).toEqual({
      total: 4,
      done: 1,
      ratio: 0.25,
    });
    expect(taskProgress([done(), done()]).ratio).toBe(1);
  });
});

describe('workingDaysBetween', () => {
  it('counts Monday to Friday, both ends included', () => {
    expect(workingDaysBetween('2026-11-25', '2026-11-25')).toBe(1); // Wednesday
    expect(workingDaysBetween('2026-11-25', '2026-11-27')).toBe(3); // Wed–Fri
    expect(workingDaysBetween('2026-11-25', '2026-11-29')).toBe(3); // …through Sunday
    expect(workingDaysBetween('2026-11-25', '2026-11-30')).toBe(4); // …through Monday
    expect(workingDaysBetween('2026-11-25', '2026-12-08')).toBe(10); // two weeks
    expect(workingDaysBetween('2026-11-28', '2026-11-29')).toBe(0); // a weekend
    expect(workingDaysBetween('2026-11-25', '2026-11-24')).toBe(0); // before the start
    expect(workingDaysBetween('2026-12-28', '2027-01-04')).toBe(6); // across a year
  });
});

describe('deliveryPace', () => {
  it('falls back to one working day per task without enough history', () => {
    expect(deliveryPace([], NOW)).toEqual({ daysPerTask: DEFAULT_DAYS_PER_TASK, source: 'default', completed: 0 });
    expect(deliveryPace([done(), done(), task()], NOW)).toMatchObject({ source: 'default', completed: 2 });
  });

  it('ignores completions older than 28 days, in the future, or unreadable', () => {
    const tasks = [
      done({ completedAt: local(10, 20) }),
      done({ completedAt: local(10, 28, 14, 29) }), // 28 days and a minute ago
      done({ completedAt: local(11, 26) }),
      done({ completedAt: 'garbage' }),
      done({ completedAt: null }),
      done({ completedAt: local(11, 24) }),
    ];
    expect(deliveryPace(tasks, NOW)).toMatchObject({ source: 'default', completed: 1 });
  });

  it('divides the working days since the first recent completion by the completions (at least 5 days)', () => {
    // Three done since Monday: a span of 3 working days, raised to 5 → 5/3 days per task.
    const burst = [local(11, 23, 9), local(11, 24), local(11, 25, 8)].map((completedAt) => done({ completedAt }));
    expect(deliveryPace(burst, NOW)).toEqual({ daysPerTask: 5 / 3, source: 'history', completed: 3 });
    // Ten done since Monday 2 November: 18 working days through today → 1.8 days per task.
    const steady = Array.from({ length: 10 }, (_, i) => done({ completedAt: local(11, 2 + 2 * i, 12) }));
    expect(deliveryPace(steady, NOW)).toEqual({ daysPerTask: 1.8, source: 'history', completed: 10 });
  });
});

describe('milestoneProgress', () => {
  it('lets the done flag win, and counts only the milestone’s tasks', () => {
    const m = milestone({ dueAt: '2026-11-01', done: true });
    const tasks = [task({ milestoneId: m.id }), done({ milestoneId: m.id }), task({ milestoneId: 'other' })];
    expect(milestoneProgress(m, tasks, NOW)).toEqual({
      total: 2,
      done: 1,
      ratio: 0.5,
      status: 'done',
      openTasks: 1,
      daysLeft: -24,
      workingDaysLeft: 0,
    });
    expect(milestoneProgress({ ...m, dueAt: null }, [], NOW)).toMatchObject({ status: 'done', ratio: 1, total: 0 });
    expect(milestoneProgress({ ...m, done: false, dueAt: null }, [], NOW)).toMatchObject({
      status: 'no-date',
      ratio: 0,
      daysLeft: null,
      workingDaysLeft: null,
    });
  });

  it('has no date without a due date', () => {
    const m = milestone();
    const result = milestoneProgress(m, [task({ milestoneId: m.id }), task({ milestoneId: m.id })], NOW);
    expect(result).toMatchObject({ status: 'no-date', openTasks: 2, daysLeft: null });
    expect(result.reason).toBe('2 open tasks, no due date');
  });

  it('is late from the day after its due day', () => {
    const m = milestone({ dueAt: '2026-11-20' });
    const open = [task({ milestoneId: m.id }), task({ milestoneId: m.id }), done({ milestoneId: m.id })];
    expect(milestoneProgress(m, open, NOW)).toMatchObject({
      status: 'late',
      daysLeft: -5,
      openTasks: 2,
      reason: '5 days late, 2 open tasks',
    });
    const allDone = milestoneProgress(m, [done({ milestoneId: m.id })], NOW);
    expect(allDone).toMatchObject({
      status: 'late',
      ratio: 1,
      reason: '5 days late: all tasks are done, mark it done',
    });
    expect(milestoneProgress({ ...m, dueAt: '2026-11-24' }, [], NOW)).toMatchObject({
      status: 'late',
      daysLeft: -1,
      reason: '1 day late, not marked done',
    });
    // Due today: not late yet, whatever the hour.
    expect(milestoneProgress({ ...m, dueAt: '2026-11-25' }, [], new Date(2026, 10, 25, 23, 59))).toMatchObject({
      status: 'on-track',
      daysLeft: 0,
      workingDaysLeft: 1,
    });
  });

  it('is at risk when open tasks × days per task exceed the working days left', () => {
    const m = milestone({ dueAt: '2026-11-25' }); // today: 1 working day left
    const one = [task({ milestoneId: m.id })];
    const two = [...one, task({ milestoneId: m.id })];
    expect(milestoneProgress(m, one, NOW).status).toBe('on-track');
    const atRisk = milestoneProgress(m, two, NOW);
    expect(atRisk).toMatchObject({ status: 'at-risk', openTasks: 2, daysLeft: 0, workingDaysLeft: 1 });
    expect(atRisk.reason).toBe('2 open tasks need about 2 working days, 1 left');

    // Due Sunday: Wed, Thu, Fri are the working days left.
    const sunday = milestone({ dueAt: '2026-11-29' });
    const tasks = (n: number) => Array.from({ length: n }, () => task({ milestoneId: sunday.id }));
    expect(milestoneProgress(sunday, tasks(3), NOW)).toMatchObject({
      status: 'on-track',
      daysLeft: 4,
      workingDaysLeft: 3,
    });
    expect(milestoneProgress(sunday, tasks(4), NOW).status).toBe('at-risk');
    // An explicit pace of 2 days per task: 2 open tasks need 4 > 3.
    expect(milestoneProgress(sunday, tasks(2), NOW, 2).status).toBe('at-risk');
    expect(milestoneProgress(sunday, tasks(1), NOW, 2).status).toBe('on-track');
    // No open work is never at risk, even on a weekend due with no working day left.
    expect(milestoneProgress(milestone({ dueAt: '2026-11-28' }), [], new Date(2026, 10, 28, 9)).status).toBe(
      'on-track',
    );
  });

  it('measures the pace on the tasks given when none is passed', () => {
    const m = milestone({ dueAt: '2026-12-04' }); // 8 working days left
    const history = Array.from({ length: 3 }, (_, i) => done({ completedAt: local(11, 2 + i * 7, 12) }));
    // Three completions over 18 working days: 6 days per task; 2 open tasks need 12 > 8.
    const open = [task({ milestoneId: m.id }), task({ milestoneId: m.id })];
    expect(milestoneProgress(m, [...history, ...open], NOW).status).toBe('at-risk');
    // Without history, 1 day per task: on track.
    expect(milestoneProgress(m, open, NOW).status).toBe('on-track');
  });
});

describe('objectiveProgress', () => {
  it('uses current / target when both are set, clamped', () => {
    const o = objective({ unit: 'sign-ups', target: 1000, current: 420 });
    expect(objectiveProgress(o, [])).toEqual({ ratio: 0.42, source: 'metric', label: '420 / 1,000 sign-ups' });
    expect(objectiveProgress({ ...o, current: 1500 }, []).ratio).toBe(1);
    expect(objectiveProgress({ ...o, current: -5 }, []).ratio).toBe(0);
    expect(objectiveProgress({ ...o, unit: '%', target: 80, current: 60 }, [])).toEqual({
      ratio: 0.75,
      source: 'metric',
      label: '60% / 80%',
    });
    expect(objectiveProgress({ ...o, unit: '', target: 4.5, current: 3.25 }, []).label).toBe('3.25 / 4.5');
    // A target of zero is met at zero or below.
    expect(objectiveProgress({ ...o, target: 0, current: 0 }, []).ratio).toBe(1);
    expect(objectiveProgress({ ...o, target: 0, current: 2 }, []).ratio).toBe(0);
  });

  it('prefers the metric over tasks, then falls back to tasks serving it, then none', () => {
    const o = objective({ unit: 'users', target: 100, current: 50 });
    const tasks = [done({ objectiveId: o.id }), task({ objectiveId: o.id }), task({ objectiveId: o.id }), done()];
    expect(objectiveProgress(o, tasks).source).toBe('metric');
    expect(objectiveProgress({ ...o, current: null }, tasks)).toEqual({
      ratio: 1 / 3,
      source: 'tasks',
      label: '1 / 3 tasks',
    });
    expect(objectiveProgress({ ...o, target: null }, [task({ objectiveId: o.id })]).label).toBe('0 / 1 task');
    expect(objectiveProgress({ ...o, target: null }, [done()])).toEqual({
      ratio: null,
      source: 'none',
      label: 'No target or tasks yet',
    });
  });
});

describe('risks', () => {
  it('scores, flags and places risks on the matrix', () => {
    expect(riskScore({ probability: 3, impact: 5 })).toBe(15);
    expect(riskProblems(risk())).toEqual([]);
    expect(riskProblems(risk({ mitigation: '  \n', ownerId: null }))).toEqual(['no-mitigation', 'no-owner']);
    const matrix = riskMatrix([
      risk({ probability: 1, impact: 5 }),
      risk({ probability: 1, impact: 5 }),
      risk({ probability: 5, impact: 1 }),
    ]);
    expect(matrix).toHaveLength(5);
    for (const row of matrix) expect(row).toHaveLength(5);
    expect(matrix[0]?.[4]).toBe(2);
    expect(matrix[4]?.[0]).toBe(1);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('projectRollup', () => {
  it('handles an empty project', () => {
    const result = rollup({});
    expect(result.progress).toEqual({ total: 0, done: 0, ratio: 0 });
    expect(result.overdueTasks).toEqual([]);
    expect(result.nextMilestone).toBeNull();
    expect(result.milestones).toEqual([]);
    expect(result.objectives).toEqual([]);
    expect(result.alignment).toEqual({ ratio: 1, aligned: 0, open: 0, orphans: [] });
    expect(result.riskFlags).toEqual([]);
    expect(result.openRisks).toEqual([]);
    expect(result.riskMatrix).toEqual(Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]));
    expect(result.health).toEqual({ state: 'on-track', reasons: [] });
    expect(result.pace.source).toBe('default');
  });

  it('is on track when everything is done, even past the due date', () => {
    const m = milestone({ dueAt: '2026-11-10', done: true });
    const result = rollup({
      project: project({ dueAt: '2026-11-15' }),
      tasks: [done({ milestoneId: m.id }), done({ dueAt: '2026-11-01' })],
      milestones: [m],
    });
    expect(result.progress).toEqual({ total: 2, done: 2, ratio: 1 });
    expect(result.overdueTasks).toEqual([]);
    expect(result.nextMilestone).toBeNull();
    expect(result.alignment).toMatchObject({ ratio: 1, open: 0 });
    expect(result.health).toEqual({ state: 'on-track', reasons: [] });
  });

  it('ignores rows of other projects', () => {
    const result = rollup({
      tasks: [task(), task({ projectId: 'other' }), task({ projectId: null })],
      milestones: [milestone({ projectId: 'other' })],
      objectives: [objective({ projectId: 'other' })],
      risks: [risk({ projectId: 'other', probability: 5, impact: 5 })],
    });
    expect(result.progress.total).toBe(1);
    expect(result.milestones).toEqual([]);
    expect(result.objectives).toEqual([]);
    expect(result.openRisks).toEqual([]);
  });

  it('orders the timeline by due date whatever the kind (undated last), then phase first, order and title', () => {
    const rows = [
      milestone({ title: 'Launch', dueAt: '2026-12-20' }),
      milestone({ title: 'Someday', dueAt: null, order: 0 }),
      milestone({ title: 'Build', kind: 'phase', dueAt: '2026-12-15' }),
      milestone({ title: 'Beta', kind: 'deliverable', dueAt: '2026-12-01', order: 2 }),
      milestone({ title: 'Alpha', dueAt: '2026-12-01', order: 1 }),
      milestone({ title: 'Plan', kind: 'phase', dueAt: '2026-11-30' }),
    ];
    const result = rollup({ milestones: rows });
    expect(result.milestones.map((m) => m.title)).toEqual(['Plan', 'Alpha', 'Beta', 'Build', 'Launch', 'Someday']);
    expect([...rows].sort(compareMilestones).map((m) => m.title)).toEqual(result.milestones.map((m) => m.title));
    expect(result.milestones.every((m) => m.progress !== undefined)).toBe(true);
    expect(result.nextMilestone?.title).toBe('Alpha');
    const alphaDone = rows.map((m) => (m.title === 'Alpha' ? { ...m, done: true } : m));
    expect(rollup({ milestones: alphaDone }).nextMilestone?.title).toBe('Beta');
    const onlyPhases = rows.filter((m) => m.kind === 'phase');
    expect(rollup({ milestones: onlyPhases }).nextMilestone).toBeNull();
  });

  it('lists overdue open tasks, most overdue first', () => {
    const tasks = [
      task({ title: 'today, date-only', dueAt: '2026-11-25' }),
      task({ title: 'this morning', dueAt: local(11, 25, 9) }),
      task({ title: 'last week', dueAt: '2026-11-18' }),
      task({ title: 'tonight', dueAt: local(11, 25, 20) }),
      done({ title: 'done late', dueAt: '2026-11-01' }),
      task({ title: 'no date' }),
    ];
    expect(rollup({ tasks }).overdueTasks.map((t) => t.title)).toEqual(['last week', 'this morning']);
  });

  it('rolls objectives up in order, with their progress', () => {
    const a = objective({ title: 'B', order: 2, target: 10, current: 5 });
    const b = objective({ title: 'A', order: 1 });
    const result = rollup({ objectives: [a, b], tasks: [done({ objectiveId: b.id }), task({ objectiveId: b.id })] });
    expect(result.objectives.map((o) => [o.title, o.progress.source, o.progress.ratio])).toEqual([
      ['A', 'tasks', 0.5],
      ['B', 'metric', 0.5],
    ]);
  });

  it('measures alignment on open tasks, listing the orphans', () => {
    const o = objective();
    const m = milestone({ dueAt: '2026-12-20' });
    const orphan = task({ title: 'orphan' });
    const stale = task({ title: 'points at a deleted objective', objectiveId: 'gone', milestoneId: 'gone-too' });
    const tasks = [
      task({ objectiveId: o.id }),
      task({ milestoneId: m.id }),
      task({ objectiveId: o.id, milestoneId: m.id }),
      orphan,
      stale,
      done(), // done tasks do not count
    ];
    const { alignment } = rollup({ tasks, objectives: [o], milestones: [m] });
    expect(alignment).toEqual({ ratio: 3 / 5, aligned: 3, open: 5, orphans: [orphan, stale] });
  });

  it('sorts open risks by score, flags the ones without mitigation or owner, and fills the matrix', () => {
    const high = risk({ title: 'High', probability: 5, impact: 4, ownerId: null });
    const mid = risk({ title: 'Mid', probability: 3, impact: 3 });
    const bare = risk({ title: 'Bare', probability: 1, impact: 2, mitigation: '', ownerId: null });
    const closed = risk({ title: 'Closed', status: 'closed', mitigation: '', ownerId: null });
    const mitigated = risk({ title: 'Mitigated', status: 'mitigated' });
    const occurred = risk({ title: 'Occurred', status: 'occurred' });
    const result = rollup({ risks: [bare, closed, mid, high, mitigated, occurred] });
    expect(result.openRisks.map((r) => r.title)).toEqual(['High', 'Mid', 'Bare']);
    expect(result.riskFlags).toEqual([
      { risk: high, problems: ['no-owner'] },
      { risk: bare, problems: ['no-mitigation', 'no-owner'] },
    ]);
    expect(result.riskMatrix[4]?.[3]).toBe(1);
    expect(result.riskMatrix[2]?.[2]).toBe(1);
    expect(result.riskMatrix[0]?.[1]).toBe(1);
    expect(result.riskMatrix.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });

  describe('health', () => {
    const openTasks = (n: number) => Array.from({ length: n }, () => task({ dueAt: '2026-12-31' }));
    const overdue = (n: number) => Array.from({ length: n }, () => task({ dueAt: '2026-11-20' }));

    it('is at risk with a few overdue tasks, off track from 3 that are 25% of the open work', () => {
      expect(rollup({ tasks: [...overdue(1), ...openTasks(9)] }).health).toEqual({
        state: 'at-risk',
        reasons: ['1 overdue task of 10 open'],
      });
      expect(rollup({ tasks: [...overdue(3), ...openTasks(7)] }).health).toEqual({
        state: 'off-track',
        reasons: ['3 overdue tasks of 10 open'],
      });
      // 3 of 20 is 15%: still only at risk. 2 of 2 is fewer than 3: at risk.
      expect(rollup({ tasks: [...overdue(3), ...openTasks(17)] }).health.state).toBe('at-risk');
      expect(rollup({ tasks: overdue(2) }).health.state).toBe('at-risk');
    });

    it('is off track when a milestone is late, at risk when one is at risk', () => {
      const late = milestone({ title: 'Beta', dueAt: '2026-11-23' });
      expect(rollup({ milestones: [late] }).health).toEqual({
        state: 'off-track',
        reasons: ['“Beta” is 2 days late, not marked done'],
      });
      const tight = milestone({ title: 'Launch', dueAt: '2026-11-26' });
      const tasks = Array.from({ length: 3 }, () => task({ milestoneId: tight.id }));
      expect(rollup({ milestones: [tight], tasks }).health).toEqual({
        state: 'at-risk',
        reasons: ['“Launch” is at risk: 3 open tasks need about 3 working days, 2 left'],
      });
    });

    it(`is at risk with an open risk scoring ${HIGH_RISK_SCORE} or more`, () => {
      expect(rollup({ risks: [risk({ probability: 4, impact: 3 })] }).health.state).toBe('on-track');
      expect(rollup({ risks: [risk({ probability: 5, impact: 5, status: 'closed' })] }).health.state).toBe('on-track');
      expect(rollup({ risks: [risk({ title: 'Vendor', probability: 3, impact: 5 })] }).health).toEqual({
        state: 'at-risk',
        reasons: ['1 high open risk (score 15 or more): “Vendor”'],
      });
    });

    it('is off track past the project’s due date with work left, worst reasons first', () => {
      const result = rollup({
        project: project({ dueAt: '2026-11-22' }),
        tasks: openTasks(1),
        risks: [risk({ title: 'Big', probability: 5, impact: 5 })],
      });
      expect(result.health.state).toBe('off-track');
      expect(result.health.reasons).toEqual([
        'The project is 3 days past its due date',
        '1 high open risk (score 15 or more): “Big”',
      ]);
      // An unfinished milestone is work left too; due today is not past due.
      expect(
        rollup({ project: project({ dueAt: '2026-11-22' }), milestones: [milestone({ dueAt: null })] }).health.state,
      ).toBe('off-track');
      expect(rollup({ project: project({ dueAt: '2026-11-25' }), tasks: openTasks(1) }).health.state).toBe('on-track');
    });

    it('is on track for a finished or cancelled project', () => {
      for (const status of ['done', 'cancelled'] as const) {
        const result = rollup({
          project: project({ status, dueAt: '2026-11-01' }),
          tasks: overdue(5),
          milestones: [milestone({ dueAt: '2026-11-02' })],
          risks: [risk({ probability: 5, impact: 5 })],
        });
        expect(result.health).toEqual({ state: 'on-track', reasons: [] });
        expect(result.overdueTasks).toHaveLength(5); // still listed
      }
    });
  });
});

describe('workload', () => {
  const members = [
    { id: 'ann', name: 'Ann' },
    { id: 'bob', name: 'Bob' },
  ];

  it('counts open, due this week (today through Sunday) and overdue per member', () => {
    const tasks = [
      task({ assigneeId: 'ann', dueAt: '2026-11-25' }), // today
      task({ assigneeId: 'ann', dueAt: local(11, 29, 22) }), // Sunday night
      task({ assigneeId: 'ann', dueAt: '2026-11-30' }), // next Monday
      task({ assigneeId: 'ann', dueAt: '2026-11-24' }), // overdue
      task({ assigneeId: 'ann', dueAt: local(11, 25, 9) }), // overdue since this morning
      task({ assigneeId: 'ann', status: 'blocked' }),
      done({ assigneeId: 'ann', dueAt: '2026-11-25' }),
      task({ assigneeId: null, dueAt: '2026-11-27' }),
      task({ assigneeId: 'left-the-team' }),
    ];
    expect(workload(tasks, members, NOW)).toMatchObject([
      { memberId: 'ann', name: 'Ann', open: 6, dueThisWeek: 2, overdue: 2 },
      { memberId: 'bob', name: 'Bob', open: 0, dueThisWeek: 0, overdue: 0 },
      { memberId: 'left-the-team', name: 'Former member', open: 1, dueThisWeek: 0, overdue: 0 },
      { memberId: null, name: 'Unassigned', open: 1, dueThisWeek: 1, overdue: 0 },
    ]);
  });

  it('on a Sunday, this week is just today; without tasks every member has zeros', () => {
    const sunday = new Date(2026, 10, 29, 10);
    const tasks = [task({ assigneeId: 'bob', dueAt: '2026-11-29' }), task({ assigneeId: 'bob', dueAt: '2026-11-30' })];
    expect(workload(tasks, members, sunday)[1]).toMatchObject({
      memberId: 'bob',
      name: 'Bob',
      open: 2,
      dueThisWeek: 1,
      overdue: 0,
    });
    expect(workload([], members, NOW)).toMatchObject([
      { memberId: 'ann', name: 'Ann', open: 0, dueThisWeek: 0, overdue: 0 },
      { memberId: 'bob', name: 'Bob', open: 0, dueThisWeek: 0, overdue: 0 },
    ]);
    expect(workload([], [], NOW)).toEqual([]);
  });

  it('adds up the estimates of open tasks, this week apart, and counts the tasks without one', () => {
    const tasks = [
      task({ assigneeId: 'ann', dueAt: '2026-11-25', estimateMinutes: 90 }), // today
      task({ assigneeId: 'ann', dueAt: '2026-11-30', estimateMinutes: 30 }), // next week
      task({ assigneeId: 'ann', dueAt: '2026-11-27' }), // this week, no estimate
      done({ assigneeId: 'ann', dueAt: '2026-11-25', estimateMinutes: 600 }), // done: not workload
    ];
    expect(workload(tasks, members, NOW)[0]).toEqual({
      memberId: 'ann',
      name: 'Ann',
      open: 3,
      dueThisWeek: 2,
      overdue: 0,
      estimateMinutes: 120,
      estimateThisWeekMinutes: 90,
      unestimated: 1,
    });
    expect(formatMinutes(120)).toBe('2h');
    expect(formatMinutes(210)).toBe('3h 30m');
    expect(formatMinutes(45)).toBe('45m');
    expect(formatMinutes(0)).toBe('');
  });
});

describe('myProgress', () => {
  it('puts my tasks next to the team’s, with what was done since Monday', () => {
    const tasks = [
      done({ assigneeId: 'me', completedAt: local(11, 23, 9) }), // Monday: this week
      done({ assigneeId: 'me', completedAt: local(11, 22, 23) }), // Sunday: last week
      task({ assigneeId: 'me' }),
      done({ assigneeId: 'you', completedAt: local(11, 25, 8) }),
      task({ assigneeId: 'you' }),
      task(),
    ];
    expect(myProgress(tasks, 'me', NOW)).toEqual({
      mine: { total: 3, done: 2, ratio: 2 / 3, doneThisWeek: 1 },
      team: { total: 6, done: 3, ratio: 0.5, doneThisWeek: 2 },
    });
    expect(myProgress(tasks, 'stranger', NOW).mine).toEqual({ total: 0, done: 0, ratio: 0, doneThisWeek: 0 });
    expect(myProgress([], 'me', NOW)).toEqual({
      mine: { total: 0, done: 0, ratio: 0, doneThisWeek: 0 },
      team: { total: 0, done: 0, ratio: 0, doneThisWeek: 0 },
    });
  });
});

describe('parseMentions', () => {
  const ann = { id: '00000000-0000-4000-8000-00000000000a', name: 'Ann' };
  const annLee = { id: '00000000-0000-4000-8000-00000000000b', name: 'Ann Lee' };
  const bob = { id: '00000000-0000-4000-8000-00000000000c', name: 'Bob' };
  const zoe = { id: '00000000-0000-4000-8000-00000000000d', name: 'Zoë' };
  const members = [ann, annLee, bob, zoe];

  it('matches names case-insensitively, the longest first', () => {
    expect(parseMentions('Hi @ann lee and @Ann, cc @BOB.', members)).toEqual({
      mentions: [annLee.id, ann.id, bob.id],
      segments: [
        { text: 'Hi ' },
        { mention: annLee },
        { text: ' and ' },
        { mention: ann },
        { text: ', cc ' },
        { mention: bob },
        { text: '.' },
      ],
    });
  });

  it('needs a word boundary after the name, and falls back to a shorter name', () => {
    expect(parseMentions('@Ann Leet', members).segments).toEqual([{ mention: ann }, { text: ' Leet' }]);
    expect(parseMentions('@Annabel and @Bobby', members)).toEqual({
      mentions: [],
      segments: [{ text: '@Annabel and @Bobby' }],
    });
    expect(parseMentions('@zoë!', members).segments).toEqual([{ mention: zoe }, { text: '!' }]);
    expect(parseMentions('@Ann_x @Ann2', members).mentions).toEqual([]);
  });

  it('ignores e-mail addresses, a lone @ and unknown names', () => {
    expect(parseMentions('write to ann@example.com or bob@x', members).mentions).toEqual([]);
    expect(parseMentions('@ Ann, @, @Carol', members)).toEqual({
      mentions: [],
      segments: [{ text: '@ Ann, @, @Carol' }],
    });
    expect(parseMentions('(@Ann)', members).segments).toEqual([{ text: '(' }, { mention: ann }, { text: ')' }]);
  });

  it('lists each member once, keeps every chip, and handles empty input', () => {
    expect(parseMentions('@Bob @bob', members)).toEqual({
      mentions: [bob.id],
      segments: [{ mention: bob }, { text: ' ' }, { mention: bob }],
    });
    expect(parseMentions('', members)).toEqual({ mentions: [], segments: [] });
    expect(parseMentions('Hello @Ann', [])).toEqual({ mentions: [], segments: [{ text: 'Hello @Ann' }] });
    expect(parseMentions('@Ann', [{ id: 'x', name: '   ' }, ann]).mentions).toEqual([ann.id]);
  });

  it('reads the @[Name](id) markup, with the current name of a member', () => {
    const body = `Ping @[Ann L.](${annLee.id}) and @[Old Friend](00000000-0000-4000-8000-0000000000ff)!`;
    expect(parseMentions(body, members)).toEqual({
      mentions: [annLee.id, '00000000-0000-4000-8000-0000000000ff'],
      segments: [
        { text: 'Ping ' },
        { mention: annLee },
        { text: ' and ' },
        { mention: { id: '00000000-0000-4000-8000-0000000000ff', name: 'Old Friend' } },
        { text: '!' },
      ],
    });
  });

  it('renders back to the original text (segments lose nothing)', () => {
    const body = 'a @Ann b @ann lee c @Carol d@Bob';
    const { segments } = parseMentions(body, members);
    const rebuilt = segments
      .map((s) => ('text' in s ? s.text : `@${s.mention.name}`))
      .join('')
      .toLowerCase();
    expect(rebuilt).toBe(body.toLowerCase());
  });
});

describe('activityFromRows', () => {
  const t1 = new Date(2026, 10, 20, 9, 0).getTime();
  const t2 = new Date(2026, 10, 21, 10, 30).getTime();
  const t3 = new Date(2026, 10, 22, 11, 45).getTime();
  const t4 = new Date(2026, 10, 23, 12, 0).getTime();
  const hlc = (ms: number, clientId: string, counter = 0) => formatHlc({ ms, counter, clientId });
  const clients = { clientA: 'Ann', clientB: 'Bob' };

  it('groups the fields written by one HLC into one entry, newest first', () => {
    const row: ActivityRowInput = {
      table: 'tasks',
      key: 'task-1',
      title: 'Write brief',
      deleted: false,
      hlc: {
        title: hlc(t3, 'clientA'),
        notes: hlc(t2, 'clientB'),
        status: hlc(t2, 'clientB'),
        createdAt: hlc(t1, 'clientA'),
        priority: hlc(t1, 'clientA'),
        dueAt: hlc(t1, 'clientA'),
      },
    };
    const feed = activityFromRows([row], clients);
    expect(feed.map(({ who, kind, fields, at }) => ({ who, kind, fields, at }))).toEqual([
      { who: 'Ann', kind: 'changed', fields: ['title'], at: new Date(t3).toISOString() },
      { who: 'Bob', kind: 'changed', fields: ['notes', 'status'], at: new Date(t2).toISOString() },
      { who: 'Ann', kind: 'created', fields: ['createdAt', 'dueAt', 'priority'], at: new Date(t1).toISOString() },
    ]);
    expect(feed[0]).toMatchObject({ table: 'tasks', key: 'task-1', title: 'Write brief', clientId: 'clientA' });
    expect(feed[0]?.hlc).toBe(hlc(t3, 'clientA'));
  });

  it('tells deletes from restores, and separates two writes in the same millisecond', () => {
    const base = { table: 'risks', key: 'risk-1', title: 'Vendor late' };
    const created = { createdAt: hlc(t1, 'clientA'), title: hlc(t1, 'clientA', 1) };
    const deleted = activityFromRows(
      [{ ...base, deleted: true, hlc: { ...created, deleted: hlc(t4, 'clientB') } }],
      clients,
    );
    expect(deleted.map((e) => [e.kind, e.fields, e.who])).toEqual([
      ['deleted', [], 'Bob'],
      ['changed', ['title'], 'Ann'],
      ['created', ['createdAt'], 'Ann'],
    ]);
    const restored = activityFromRows(
      [{ ...base, deleted: false, hlc: { ...created, deleted: hlc(t4, 'clientB') } }],
      clients,
    );
    expect(restored[0]?.kind).toBe('restored');
  });

  it('merges rows, calls unknown clients Someone, and skips malformed HLCs', () => {
    const rows: ActivityRowInput[] = [
      { table: 'tasks', key: 'a', title: 'A', deleted: false, hlc: { createdAt: hlc(t1, 'clientA'), bad: 'nope' } },
      { table: 'comments', key: 'c', title: 'Comment', deleted: false, hlc: { createdAt: hlc(t2, 'stranger') } },
      { table: 'projects', key: 'p', title: 'P', deleted: false, hlc: { name: hlc(t3, 'toString') } },
      { table: 'objectives', key: 'o', title: 'O', deleted: false, hlc: {} },
    ];
    expect(activityFromRows(rows, clients).map((e) => [e.table, e.who, e.kind])).toEqual([
      ['projects', 'Someone', 'changed'],
      ['comments', 'Someone', 'created'],
      ['tasks', 'Ann', 'created'],
    ]);
    expect(activityFromRows([], clients)).toEqual([]);
  });
});
