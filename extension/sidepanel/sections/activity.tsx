// The project's activity: who changed what and when, read from the per-field clocks of the synced rows.

import type { ActivityEntry } from '@@/shared/project-signals';
import { isSyncTable, SYNC_TABLES } from '@@/shared/sync/tables';
import { useState } from 'preact/hooks';

const FIELD_NAMES: Record<string, string> = {
  objectiveId: 'objective',
  milestoneId: 'milestone',
  projectId: 'project',
  assigneeId: 'assignee',
  ownerId: 'owner',
  memberId: 'team member',
  dueAt: 'due date',
  startAt: 'start date',
  completedAt: 'completion',
  urlRules: 'URL rules',
  scopeIn: 'scope',
  scopeOut: 'scope',
  closingReview: 'closing review',
  shareExcerpts: 'quote sharing',
};

function describe(entry: ActivityEntry): string {
  const noun = isSyncTable(entry.table) ? SYNC_TABLES[entry.table].noun : entry.table;
  if (entry.kind === 'created') return `added the ${noun} “${entry.title}”`;
  if (entry.kind === 'deleted') return `deleted the ${noun} “${entry.title}”`;
  if (entry.kind === 'restored') return `restored the ${noun} “${entry.title}”`;
  const fields = [...new Set(entry.fields.map((f) => FIELD_NAMES[f] ?? f.replace(/([A-Z])/g, ' $1').toLowerCase()))];
  return `changed ${fields.join(', ')} of the ${noun} “${entry.title}”`;
}

export function ActivitySection({ entries }: { entries: ActivityEntry[] }) {
  const [limit, setLimit] = useState(8);
  return (
    <section class="section dash" aria-labelledby="activity-title" id="activity">
      <h2 id="activity-title">Activity</h2>
      {entries.length === 0 && <p class="muted small">Nothing yet.</p>}
      <ol class="dash-list activity">
        {entries.slice(0, limit).map((entry) => (
          <li key={`${entry.hlc}:${entry.key}`} class="small">
            <strong>{entry.who}</strong> {describe(entry)}{' '}
            <time class="muted" dateTime={entry.at}>
              {new Date(entry.at).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
            </time>
          </li>
        ))}
      </ol>
      {entries.length > limit && (
        <button type="button" class="btn ghost small" onClick={() => setLimit(limit + 20)}>
          Show more
        </button>
      )}
    </section>
  );
}
