// The project's activity: who changed what and when, read from the per-field clocks of the synced rows.

import type { ActivityEntry } from '@@/shared/project-signals';
import { useState } from 'preact/hooks';
import { formatDate, type MessageKey, t } from '../../i18n';

const FIELD_NAMES: Record<string, MessageKey> = {
  objectiveId: 'field_objective',
  milestoneId: 'field_milestone',
  projectId: 'field_project',
  assigneeId: 'field_assignee',
  ownerId: 'field_owner',
  memberId: 'field_member',
  dueAt: 'field_dueDate',
  startAt: 'field_startDate',
  completedAt: 'field_completion',
  urlRules: 'field_urlRules',
  scopeIn: 'field_scope',
  scopeOut: 'field_scope',
  closingReview: 'field_closingReview',
  shareExcerpts: 'field_quoteSharing',
  title: 'field_title',
  notes: 'field_notes',
  status: 'field_status',
  priority: 'field_priority',
  tags: 'field_tags',
  name: 'field_name',
};
/** The row's kind, as the activity line names it ("the task", "la tâche"). */
const TABLE_NOUNS: Record<string, MessageKey> = {
  projects: 'table_project',
  tasks: 'table_task',
  objectives: 'table_objective',
  milestones: 'table_milestone',
  risks: 'table_risk',
  stakeholders: 'table_stakeholder',
  documents: 'table_document',
  comments: 'table_comment',
  statusUpdates: 'table_statusUpdate',
};

function describe(entry: ActivityEntry): string {
  const key = TABLE_NOUNS[entry.table];
  const noun = key ? t(key) : entry.table;
  if (entry.kind === 'created') return t('activity_added', noun, entry.title);
  if (entry.kind === 'deleted') return t('activity_deleted', noun, entry.title);
  if (entry.kind === 'restored') return t('activity_restored', noun, entry.title);
  const fields = [
    ...new Set(
      entry.fields.map((f) => {
        const field = FIELD_NAMES[f];
        return field ? t(field) : f.replace(/([A-Z])/g, ' $1').toLowerCase();
      }),
    ),
  ];
  return t('activity_changed', fields.join(', '), noun, entry.title);
}

export function ActivitySection({ entries }: { entries: ActivityEntry[] }) {
  const [limit, setLimit] = useState(8);
  return (
    <section class="section dash" aria-labelledby="activity-title" id="activity">
      <h2 id="activity-title">{t('activity_title')}</h2>
      {entries.length === 0 && <p class="muted small">{t('activity_nothing')}</p>}
      <ol class="dash-list activity">
        {entries.slice(0, limit).map((entry) => (
          <li key={`${entry.hlc}:${entry.key}`} class="small">
            <strong>{entry.who}</strong> {describe(entry)}{' '}
            <time class="muted" dateTime={entry.at}>
              {formatDate(entry.at, { dateStyle: 'short', timeStyle: 'short' })}
            </time>
          </li>
        ))}
      </ol>
      {entries.length > limit && (
        <button type="button" class="btn ghost small" onClick={() => setLimit(limit + 20)}>
          {t('popup_showMore')}
        </button>
      )}
    </section>
  );
}
