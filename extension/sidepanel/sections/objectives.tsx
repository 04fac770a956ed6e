// Objectives: what the project must achieve, each with its measurable target and progress.
import type { ObjectiveProgress } from '@@/shared/project-signals';
import type { ObjectiveRow } from '../../db/rows';
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
      title="Objectives"
      noun="objective"
      table="objectives"
      projectId={projectId}
      rows={objectives}
      defaults={{ unit: '', target: null, current: null, dueAt: null, order: objectives.length }}
      fields={[
        {
          name: 'title',
          label: 'Objective',
          type: 'text',
          required: true,
          maxLength: 300,
          placeholder: 'e.g. 1,000 sign-ups in the first month',
        },
        { name: 'current', label: 'Current value', type: 'number', optional: true },
        { name: 'target', label: 'Target', type: 'number', optional: true },
        { name: 'unit', label: 'Unit', type: 'text', maxLength: 40, placeholder: 'sign-ups, %, €' },
        { name: 'dueAt', label: 'By', type: 'date' },
      ]}
      empty="No objectives yet. Say what success looks like, with a number you can measure."
      renderRow={(objective) => (
        <>
          <div>{objective.title}</div>
          <Meter ratio={objective.progress.ratio} label={objective.progress.label} />
          {objective.dueAt && <span class="muted small">by {objective.dueAt}</span>}
        </>
      )}
    />
  );
}
