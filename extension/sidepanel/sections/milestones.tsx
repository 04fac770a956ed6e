// The milestone timeline: phases, milestones and deliverables in date order, with progress and schedule health.

import type { MilestoneProgress } from '@@/shared/project-signals';
import { countOf } from '@@/shared/wording';
import type { MilestoneRow } from '../../db/rows';
import { send } from '../../messaging/client';
import { EditableSection } from '../../ui/editable-section';
import { Meter } from '../../ui/meter';
import { showError } from '../../ui/toast';

const KIND_ICONS = { phase: '▭', milestone: '◆', deliverable: '▣' } as const;
const STATUS: Record<MilestoneProgress['status'], { text: string; tone: 'ok' | 'warn' | 'bad' | '' }> = {
  done: { text: 'Done', tone: 'ok' },
  'on-track': { text: 'On track', tone: 'ok' },
  'at-risk': { text: 'At risk', tone: 'warn' },
  late: { text: 'Late', tone: 'bad' },
  'no-date': { text: 'No date', tone: '' },
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
      title="Milestones"
      noun="milestone"
      table="milestones"
      projectId={projectId}
      rows={milestones}
      defaults={{ kind: 'milestone', done: false, dueAt: null, order: milestones.length }}
      fields={[
        { name: 'title', label: 'Title', type: 'text', required: true, maxLength: 300 },
        {
          name: 'kind',
          label: 'Kind',
          type: 'select',
          options: [
            { value: 'milestone', label: 'Milestone' },
            { value: 'deliverable', label: 'Deliverable' },
            { value: 'phase', label: 'Phase' },
          ],
        },
        { name: 'dueAt', label: 'Due', type: 'date' },
        { name: 'done', label: 'Done', type: 'checkbox' },
      ]}
      empty="No milestones yet. Add the dates the team works towards."
      renderRow={(milestone) => {
        const status = STATUS[milestone.progress.status];
        return (
          <div class={`timeline-item kind-${milestone.kind}`}>
            <div class="row">
              <input
                type="checkbox"
                checked={milestone.done}
                aria-label={`${milestone.title} done`}
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
                {status.text}
              </span>
            </div>
            <div class="muted small">
              {milestone.kind === 'phase' ? 'Phase' : milestone.kind === 'deliverable' ? 'Deliverable' : 'Milestone'}
              {milestone.dueAt && ` · ${milestone.dueAt}`}
              {milestone.progress.reason && ` · ${milestone.progress.reason}`}
            </div>
            {milestone.progress.total > 0 && (
              <Meter
                ratio={milestone.progress.ratio}
                label={countOf(milestone.progress.done, milestone.progress.total, 'task')}
                tone={status.tone === 'bad' ? 'bad' : status.tone === 'warn' ? 'warn' : 'ok'}
              />
            )}
          </div>
        );
      }}
    />
  );
}
