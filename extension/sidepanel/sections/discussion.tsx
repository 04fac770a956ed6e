// Discussion: comments on the project, with @mentions of members rendered as chips (never as HTML).

import { parseMentions } from '@@/shared/project-signals';
import { useState } from 'preact/hooks';
import type { MemberRow } from '../../db/database';
import type { CommentRow } from '../../db/rows';
import { send } from '../../messaging/client';
import { showError, showToast } from '../../ui/toast';

export function DiscussionSection({
  projectId,
  comments,
  members,
  names,
}: {
  projectId: string;
  comments: CommentRow[];
  members: MemberRow[];
  names: (createdBy: string | null) => string;
}) {
  const [text, setText] = useState('');
  const projectComments = comments.filter((c) => c.taskId === null);

  async function post(event: Event) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    try {
      const { mentions } = parseMentions(body, members);
      const comment = await send('row.create', {
        table: 'comments',
        draft: { projectId, taskId: null, body, mentions },
      });
      setText('');
      showToast({ message: 'Comment posted', undo: () => send('row.delete', { table: 'comments', id: comment.id }) });
    } catch (error) {
      showError(error);
    }
  }

  return (
    <section class="section dash" aria-labelledby="discussion-title" id="discussion">
      <h2 id="discussion-title">
        Discussion <span class="count">{projectComments.length}</span>
      </h2>
      <ul class="dash-list comments">
        {projectComments.map((comment) => (
          <li key={comment.id} class="comment">
            <div class="muted small">
              <strong>{names(comment.createdBy)}</strong> ·{' '}
              {new Date(comment.createdAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}
            </div>
            <p class="pre" style={{ margin: '2px 0 8px' }}>
              {parseMentions(comment.body, members).segments.map((segment, i) =>
                'text' in segment ? (
                  <span key={i}>{segment.text}</span>
                ) : (
                  <span key={i} class="mention">
                    @{segment.mention.name}
                  </span>
                ),
              )}
            </p>
          </li>
        ))}
      </ul>
      <form onSubmit={post} aria-label="New comment">
        <textarea
          class="input"
          aria-label="Comment"
          placeholder={
            members.length ? `Write a comment… mention someone with @${members[0]?.name ?? 'Name'}` : 'Write a comment…'
          }
          value={text}
          maxLength={10_000}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void post(e);
          }}
        />
        <div class="row" style={{ justifyContent: 'flex-end', marginTop: 4 }}>
          <button type="submit" class="btn small primary" disabled={!text.trim()}>
            Comment
          </button>
        </div>
      </form>
    </section>
  );
}
