// Alignment and workload: which open tasks serve no objective or milestone, and who carries what this week.
import { formatMinutes, type PersonalProgress, type WorkloadRow } from '@@/shared/project-signals';
import type { TaskRow } from '../../db/rows';
import { Meter } from '../../ui/meter';

export function AlignmentSection({
  alignment,
  onEdit,
}: {
  alignment: { ratio: number; aligned: number; open: number; orphans: TaskRow[] };
  onEdit: (task: TaskRow) => void;
}) {
  const percent = Math.round(alignment.ratio * 100);
  return (
    <section class="section dash" aria-labelledby="alignment-title" id="alignment">
      <h2 id="alignment-title">Alignment</h2>
      <Meter
        ratio={alignment.ratio}
        label={`${alignment.aligned} of ${alignment.open} open tasks serve an objective or milestone (${percent}%)`}
        tone={alignment.ratio >= 0.8 ? 'ok' : alignment.ratio >= 0.5 ? 'warn' : 'bad'}
      />
      {alignment.orphans.length > 0 && (
        <>
          <p class="muted small">Tasks that serve no objective or milestone — link them, or ask why they exist:</p>
          <ul class="dash-list" aria-label="Orphan tasks">
            {alignment.orphans.slice(0, 10).map((task) => (
              <li key={task.id} class="dash-item">
                <button type="button" class="link grow" onClick={() => onEdit(task)}>
                  {task.title}
                </button>
              </li>
            ))}
          </ul>
          {alignment.orphans.length > 10 && <p class="muted small">and {alignment.orphans.length - 10} more</p>}
        </>
      )}
    </section>
  );
}

export function WorkloadSection({
  rows,
  mine,
}: {
  rows: WorkloadRow[];
  mine: { mine: PersonalProgress; team: PersonalProgress } | null;
}) {
  return (
    <section class="section dash" aria-labelledby="workload-title" id="workload">
      <h2 id="workload-title">Workload</h2>
      {mine && (
        <div class="two-col">
          <Meter
            ratio={mine.mine.ratio}
            label={`Me: ${mine.mine.done}/${mine.mine.total} done, ${mine.mine.doneThisWeek} this week`}
          />
          <Meter
            ratio={mine.team.ratio}
            label={`Team: ${mine.team.done}/${mine.team.total} done, ${mine.team.doneThisWeek} this week`}
          />
        </div>
      )}
      {rows.length === 0 ? (
        <p class="muted small">No open tasks.</p>
      ) : (
        <table class="workload">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Open</th>
              <th scope="col">Due this week</th>
              <th scope="col">Overdue</th>
              <th scope="col" title="Sum of the estimates of open tasks (this week's in brackets)">
                Estimated
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.memberId ?? 'unassigned'}>
                <th scope="row">{row.name}</th>
                <td>{row.open}</td>
                <td>{row.dueThisWeek}</td>
                <td class={row.overdue ? 'late' : ''}>{row.overdue}</td>
                <td
                  title={
                    row.unestimated
                      ? `${row.unestimated} open task${row.unestimated === 1 ? '' : 's'} without an estimate`
                      : 'Every open task has an estimate'
                  }
                >
                  {row.estimateMinutes ? formatMinutes(row.estimateMinutes) : '—'}
                  {row.estimateThisWeekMinutes > 0 && ` (${formatMinutes(row.estimateThisWeekMinutes)})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
