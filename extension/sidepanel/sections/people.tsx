// Alignment and workload: which open tasks serve no objective or milestone, and who carries what this week.
import { formatMinutes, type PersonalProgress, type WorkloadRow } from '@@/shared/project-signals';
import type { TaskRow } from '../../db/rows';
import { t, tn } from '../../i18n';
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
      <h2 id="alignment-title">{t('people_alignment')}</h2>
      <Meter
        ratio={alignment.ratio}
        label={tn('people_alignmentMeter', alignment.open, alignment.aligned, percent)}
        tone={alignment.ratio >= 0.8 ? 'ok' : alignment.ratio >= 0.5 ? 'warn' : 'bad'}
      />
      {alignment.orphans.length > 0 && (
        <>
          <p class="muted small">{t('people_orphansIntro')}</p>
          <ul class="dash-list" aria-label={t('people_orphans')}>
            {alignment.orphans.slice(0, 10).map((task) => (
              <li key={task.id} class="dash-item">
                <button type="button" class="link grow" onClick={() => onEdit(task)}>
                  {task.title}
                </button>
              </li>
            ))}
          </ul>
          {alignment.orphans.length > 10 && (
            <p class="muted small">{tn('people_andMore', alignment.orphans.length - 10)}</p>
          )}
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
      <h2 id="workload-title">{t('people_workload')}</h2>
      {mine && (
        <div class="two-col">
          <Meter
            ratio={mine.mine.ratio}
            label={t('people_me', mine.mine.done, mine.mine.total, mine.mine.doneThisWeek)}
          />
          <Meter
            ratio={mine.team.ratio}
            label={t('people_team', mine.team.done, mine.team.total, mine.team.doneThisWeek)}
          />
        </div>
      )}
      {rows.length === 0 ? (
        <p class="muted small">{t('people_noOpen')}</p>
      ) : (
        <table class="workload">
          <thead>
            <tr>
              <th scope="col">{t('people_who')}</th>
              <th scope="col">{t('people_open')}</th>
              <th scope="col">{t('people_dueThisWeek')}</th>
              <th scope="col">{t('popup_sectionOverdue')}</th>
              <th scope="col" title={t('people_estimatedHint')}>
                {t('people_estimated')}
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
                <td title={row.unestimated ? tn('people_unestimated', row.unestimated) : t('people_allEstimated')}>
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
