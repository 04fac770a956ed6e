// "Mentions": the comments where teammates mentioned the signed-in person, newest first, each opening its project.

import { readMentions } from '../data/mentions';
import type { WaypointDb } from '../db/database';
import type { ProjectRow } from '../db/rows';
import { formatDate, formatNumber, t } from '../i18n';
import { tParts } from '../i18n/parts';
import { useLive } from '../ui/live';
import { MentionText } from './sections/discussion';

export function MentionsSection({
  db,
  projects,
  onOpen,
}: {
  db: WaypointDb;
  projects: ProjectRow[];
  onOpen: (projectId: string) => void;
}) {
  const mentions = useLive(() => readMentions(db), []);
  const members = useLive(() => db.members.toArray(), []);
  const list = mentions.value.value ?? [];
  if (list.length === 0) return null;
  const everyone = members.value.value ?? [];
  const nameOf = (id: string | null) => everyone.find((m) => m.id === id)?.name ?? t('mentions_aTeammate');
  return (
    <section class="section card" aria-labelledby="mentions-title" id="mentions">
      <h2 id="mentions-title">
        {t('mentions_title')} <span class="count">{formatNumber(list.length)}</span>
      </h2>
      <ul class="dash-list comments" aria-label={t('mentions_label')}>
        {list.slice(0, 20).map((comment) => {
          const project = projects.find((p) => p.id === comment.projectId);
          return (
            <li key={comment.id} class="comment">
              <div class="muted small">
                <strong dir="auto">{nameOf(comment.createdBy)}</strong>
                {project && (
                  <>
                    {' '}
                    {tParts(
                      'mentions_inProject',
                      <button type="button" class="link" dir="auto" onClick={() => onOpen(project.id)}>
                        {project.name}
                      </button>,
                    )}
                  </>
                )}{' '}
                · {formatDate(comment.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
              </div>
              <MentionText body={comment.body} members={everyone} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
