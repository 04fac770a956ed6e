// Objectives: what the project must achieve, each with its measurable target and progress.
import type { ObjectiveProgress } from '@@/shared/project-signals';
import type { ObjectiveRow } from '../../db/rows';
import { t } from '../../i18n';
import { dayText } from '../../i18n/dates';
import { EditableSection } from '../../ui/editable-section';
import { Meter } from '../../ui/meter';

export function ObjectivesSection({
  projectId,
  objectives,
  readOnly = false,
}: {
  projectId: string;
  /** A closed project's plan is read-only. */
  readOnly?: boolean;
  objectives: (ObjectiveRow & { progress: ObjectiveProgress })[];
}) {
  return (
    <EditableSection
      readOnly={readOnly}
      id="objectives"
      title={t('objectives_title')}
      noun="objective"
      table="objectives"
      projectId={projectId}
      rows={objectives}
      defaults={{ unit: '', target: null, current: null, dueAt: null, order: objectives.length }}
      fields={[
        {
          name: 'title',
          label: t('objectives_objective'),
          type: 'text',
          required: true,
          maxLength: 300,
          placeholder: t('objectives_placeholder'),
        },
        { name: 'current', label: t('objectives_current'), type: 'number', optional: true },
        { name: 'target', label: t('objectives_target'), type: 'number', optional: true },
        {
          name: 'unit',
          label: t('objectives_unit'),
          type: 'text',
          maxLength: 40,
          placeholder: t('objectives_unitPlaceholder'),
        },
        { name: 'dueAt', label: t('objectives_by'), type: 'date' },
      ]}
      empty={t('objectives_empty')}
      renderRow={(objective) => (
        <>
          <div>{objective.title}</div>
          <Meter ratio={objective.progress.ratio} label={objective.progress.label} />
          {objective.dueAt && <span class="muted small">{t('objectives_byDate', dayText(objective.dueAt))}</span>}
        </>
      )}
    />
  );
}
