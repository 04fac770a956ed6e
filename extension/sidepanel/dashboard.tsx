// The project dashboard: overview and health, objectives, milestones, board, alignment, risks, people,
// stakeholders, documents, discussion, status updates and activity — all live, all editable in place.

import { activityFromRows, myProgress, projectRollup, workload } from '@@/shared/project-signals';
import { progressByTask } from '@@/shared/steps';
import { PROJECT_ROW_TABLES, SYNC_TABLES } from '@@/shared/sync/tables';
import { isClosedStatus } from '@@/shared/wording';
import { liveQuery } from 'dexie';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ActivePage } from '../background/active-page';
import type { MemberRow, WaypointDb } from '../db/database';
import { isTaskPart, type ProjectBundle, projectTableRows } from '../db/queries';
import { type AnyRow, type ProjectRow, rowClocks, type TaskRow } from '../db/rows';
import { formatNumber, t } from '../i18n';
import { tParts } from '../i18n/parts';
import { signalWords } from '../i18n/signals';
import { readAccount } from '../sync/account';
import { useLive } from '../ui/live';
import { memoByValue } from '../ui/memo';
import { QuickAdd } from '../ui/quick-add';
import { ActivitySection } from './sections/activity';
import { Board } from './sections/board';
import { DiscussionSection } from './sections/discussion';
import { DocumentsSection } from './sections/documents';
import { MilestonesSection } from './sections/milestones';
import { ObjectivesSection } from './sections/objectives';
import { ProjectOverview } from './sections/overview';
import { AlignmentSection, WorkloadSection } from './sections/people';
import { RisksSection } from './sections/risks';
import { StakeholdersSection } from './sections/stakeholders';
import { StatusPageSection } from './sections/status-page';
import { StatusUpdatesSection } from './sections/status-updates';

// Each section renders again only when its own props change in value (ui/memo.ts): a teammate's new task
// re-renders the board, the overview, the workload and the activity, not the discussion or the documents.
const Overview = memoByValue(ProjectOverview);
const Objectives = memoByValue(ObjectivesSection);
const Milestones = memoByValue(MilestonesSection);
const Alignment = memoByValue(AlignmentSection);
const Risks = memoByValue(RisksSection);
const Workload = memoByValue(WorkloadSection);
const Stakeholders = memoByValue(StakeholdersSection);
const Documents = memoByValue(DocumentsSection);
const StatusUpdates = memoByValue(StatusUpdatesSection);
const Discussion = memoByValue(DiscussionSection);
const StatusPage = memoByValue(StatusPageSection);
const Activity = memoByValue(ActivitySection);

interface DashboardProps {
  db: WaypointDb;
  project: ProjectRow;
  projects: ProjectRow[];
  page: ActivePage | null;
  now: Date;
  onEdit: (task: TaskRow) => void;
  onEditProject: () => void;
}

/** Who is behind each client id: team members' devices, and this device. */
async function identities(db: WaypointDb, teamId: string | null) {
  const [members, account, clientId, displayName] = await Promise.all([
    teamId ? db.members.where('teamId').equals(teamId).toArray() : Promise.resolve([] as MemberRow[]),
    readAccount(db),
    db.settings.get('clientId'),
    db.settings.get('displayName'),
  ]);
  const clients: Record<string, string> = {};
  for (const member of members) for (const client of member.clients ?? []) clients[client] = member.name;
  if (typeof clientId?.value === 'string')
    clients[clientId.value] =
      account?.user.name ?? (typeof displayName?.value === 'string' && displayName.value ? displayName.value : 'You');
  return {
    members: members.filter((m) => m.role !== 'guest'),
    everyone: members,
    me: account?.user.id ?? null,
    clients,
  };
}

type Table = keyof ProjectBundle;
const PROJECT_PARTS = PROJECT_ROW_TABLES.filter((table) => !isTaskPart(table));
const TASK_PARTS = PROJECT_ROW_TABLES.filter(isTaskPart);

/**
 * The project's rows, one live query per table: a teammate's task change re-reads the project's tasks only, not
 * every table of the project, and leaves the other tables' lists as they were. The rows of a task part (steps)
 * are read for the tasks listed, again when that list changes.
 */
function useProjectBundle(db: WaypointDb, projectId: string): ProjectBundle | undefined {
  const [lists, setLists] = useState<{ projectId: string; rows: Partial<ProjectBundle> }>({ projectId, rows: {} });
  const follow = (tables: readonly Table[], read: (table: Table) => Promise<ProjectBundle[Table]>) => {
    const subscriptions = tables.map((table) =>
      liveQuery(() => read(table)).subscribe({
        next: (rows) =>
          setLists((current) =>
            current.projectId === projectId
              ? { projectId, rows: { ...current.rows, [table]: rows } }
              : { projectId, rows: { [table]: rows } },
          ),
        error: (error: unknown) => console.error('Waypoint: project query failed', error),
      }),
    );
    return () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  };
  useEffect(() => follow(PROJECT_PARTS, (table) => projectTableRows(db, table, projectId)), [db, projectId]);
  const tasks = lists.projectId === projectId ? lists.rows.tasks : undefined;
  const taskIds = tasks?.map((task) => task.id).join(',');
  useEffect(() => {
    if (taskIds === undefined) return;
    const ids = taskIds ? taskIds.split(',') : [];
    return follow(TASK_PARTS, (table) => projectTableRows(db, table, projectId, ids));
  }, [db, projectId, taskIds]);
  return useMemo(() => {
    if (lists.projectId !== projectId) return undefined;
    const { rows } = lists;
    return PROJECT_ROW_TABLES.every((table) => rows[table]) ? (rows as ProjectBundle) : undefined;
  }, [lists, projectId]);
}

export function Dashboard({ db, project, projects, page, now, onEdit, onEditProject }: DashboardProps) {
  const data = useProjectBundle(db, project.id);
  const people = useLive(() => identities(db, project.teamId), [project.teamId]);
  const who = people.value.value;
  const rollup = useMemo(
    () =>
      data &&
      projectRollup({
        project,
        tasks: data.tasks,
        milestones: data.milestones,
        objectives: data.objectives,
        risks: data.risks,
        now,
        words: signalWords(),
      }),
    [data, project, now],
  );
  const steps = useMemo(() => progressByTask(data?.steps ?? []), [data]);
  const activity = useMemo(() => {
    if (!data || !who) return [];
    // Every table of the project, as the registry names them (shared/sync/tables.ts).
    const rows = [
      { table: 'projects', key: project.id, title: project.name, hlc: rowClocks(project), deleted: project.deleted },
      ...PROJECT_ROW_TABLES.flatMap((table) =>
        (data[table] as AnyRow[]).map((r) => ({
          table,
          key: r.id,
          title: String((r as unknown as Record<string, unknown>)[SYNC_TABLES[table].titleField] ?? '').slice(0, 60),
          hlc: rowClocks(r),
          deleted: r.deleted,
        })),
      ),
    ];
    return activityFromRows(rows, who.clients, t('signals_someone'));
  }, [data, who, project]);

  // createdBy is the author's account id (set by the team server); rows made on this device before a name was
  // set carry none (they are this user's), and older rows carry a display name. One function per `who`, so the
  // sections that take it stay memoized.
  const names = useCallback(
    (createdBy: string | null) =>
      createdBy === null || createdBy === who?.me
        ? t('common_you')
        : (who?.everyone.find((m) => m.id === createdBy)?.name ?? createdBy),
    [who],
  );

  if (!data || !rollup || !who) {
    return (
      <div role="status" aria-busy="true">
        <span class="sr-only">{t('dash_loading')}</span>
        <div class="skeleton" />
        <div class="skeleton" />
      </div>
    );
  }
  // Done or cancelled: read as closed — no quick add, no risks to manage, a read-only plan.
  const closed = isClosedStatus(project.status);
  const empty = data.tasks.length + data.objectives.length + data.milestones.length + data.risks.length === 0;
  return (
    <article class="project" aria-labelledby="project-title">
      <Overview project={project} rollup={rollup} onEdit={onEditProject} />
      {empty && !project.template && (
        <p class="empty small">
          {tParts(
            'dash_empty',
            <button type="button" class="link" onClick={onEditProject}>
              {t('dash_editIt')}
            </button>,
          )}
        </p>
      )}
      {!closed && <QuickAdd projects={projects} defaultProjectId={project.id} autoFocus={false} />}
      <section class="section dash" aria-labelledby="board-title" id="board">
        <h2 id="board-title">
          {t('dash_tasks')} <span class="count">{formatNumber(data.tasks.length)}</span>
        </h2>
        <Board tasks={data.tasks} steps={steps} now={now} onEdit={onEdit} />
      </section>
      <Objectives projectId={project.id} objectives={rollup.objectives} readOnly={closed} />
      <Milestones projectId={project.id} milestones={rollup.milestones} readOnly={closed} />
      <Alignment alignment={rollup.alignment} onEdit={onEdit} />
      {!closed && <Risks projectId={project.id} risks={data.risks} matrix={rollup.riskMatrix} members={who.members} />}
      <Workload
        rows={workload(data.tasks, who.members, now, signalWords())}
        mine={who.me ? myProgress(data.tasks, who.me, now) : null}
      />
      <Stakeholders projectId={project.id} stakeholders={data.stakeholders} members={who.members} />
      <Documents projectId={project.id} documents={data.documents} page={page} />
      <StatusUpdates
        projectId={project.id}
        updates={data.statusUpdates}
        suggested={rollup.health.state}
        names={names}
      />
      <Discussion projectId={project.id} comments={data.comments} members={who.everyone} names={names} me={who.me} />
      <StatusPage project={project} />
      <Activity entries={activity} />
    </article>
  );
}
