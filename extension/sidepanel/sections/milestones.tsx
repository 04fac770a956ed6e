// The milestone timeline: phases, milestones and deliverables in date order, with progress and schedule health.

import type { MilestoneProgress } from '@@/shared/project-signals';
import type { MilestoneRow } from '../../db/rows';
import { type MessageKey, t, tn } from '../../i18n';
import { dayText } from '../../i18n/dates';
import { send } from '../../messaging/client';
import { EditableSection } from '../../ui/editable-section';
import { Meter } from '../../ui/meter';
import { showError } from '../../ui/toast';

const KIND_ICONS = { phase: '▭', milestone: '◆', deliverable: '▣' } as const;
const STATUS: Record<MilestoneProgress['status'], { text: MessageKey; tone: 'ok' | 'warn' | 'bad' | '' }> = {
  done: { text: 'milestone_done', tone: 'ok' },
  'on-track': { text: 'milestone_onTrack', tone: 'ok' },
  'at-risk': { text: 'milestone_atRisk', tone: 'warn' },
  late: { text: 'milestone_late', tone: 'bad' },
  'no-date': { text: 'popup_sectionNoDate', tone: '' },
};

export function MilestonesSection({
  projectId,
  milestones,
  readOnly = false,
}: {
  projectId: string;
  /** A closed project's plan is read-only. */
  readOnly?: boolean;
  milestones: (MilestoneRow & { progress: MilestoneProgress })[];
}) {
  return (
    <EditableSection
      readOnly={readOnly}
      id="milestones"
      title={t('milestones_title')}
      noun="milestone"
      table="milestones"
      projectId={projectId}
      rows={milestones}
      defaults={{ kind: 'milestone', done: false, dueAt: null, order: milestones.length }}
      fields={[
        { name: 'title', label: t('form_title'), type: 'text', required: true, maxLength: 300 },
        {
          name: 'kind',
          label: t('milestones_kind'),
          type: 'select',
          options: [
            { value: 'milestone', label: t('milestones_milestone') },
            { value: 'deliverable', label: t('milestones_deliverable') },
            { value: 'phase', label: t('milestones_phase') },
          ],
        },
        { name: 'dueAt', label: t('form_due'), type: 'date' },
        { name: 'done', label: t('milestone_done'), type: 'checkbox' },
      ]}
      empty={t('milestones_empty')}
      renderRow={(milestone) => {
        const status = STATUS[milestone.progress.status];
        return (
          <div class={`timeline-item kind-${milestone.kind}`}>
            <div class="row">
              <input
                type="checkbox"
                checked={milestone.done}
                aria-label={t('milestones_doneLabel', milestone.title)}
                onChange={() =>
                  void send('row.update', {
                    table: 'milestones',
                    id: milestone.id,
                    patch: { done: !milestone.done },
                  }).catch(showError)
                }
              />
              <span aria-hidden="true">{KIND_ICONS[milestone.kind]}</span>
              <span class="grow">{milestone.title}</span>
              <span class={`badge ${status.tone}`} title={milestone.progress.reason}>
                {t(status.text)}
              </span>
            </div>
            <div class="muted small">
              {t(
                milestone.kind === 'phase'
                  ? 'milestones_phase'
                  : milestone.kind === 'deliverable'
                    ? 'milestones_deliverable'
                    : 'milestones_milestone',
              )}
              {milestone.dueAt && ` · ${dayText(milestone.dueAt)}`}
              {milestone.progress.reason && ` · ${milestone.progress.reason}`}
            </div>
            {milestone.progress.total > 0 && (
              <Meter
                ratio={milestone.progress.ratio}
                label={tn('common_doneOfTasks', milestone.progress.total, milestone.progress.done)}
                tone={status.tone === 'bad' ? 'bad' : status.tone === 'warn' ? 'warn' : 'ok'}
              />
            )}
          </div>
        );
      }}
    />
  );
}
