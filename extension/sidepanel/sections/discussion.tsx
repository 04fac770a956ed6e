// Discussion: comments on the project, with @mentions of members rendered as chips (never as HTML), member
// autocomplete after "@", and authors editing or deleting their own comments.

import { parseMentions } from '@@/shared/project-signals';
import { useState } from 'preact/hooks';
import type { MemberRow } from '../../db/database';
import type { CommentRow } from '../../db/rows';
import { formatDate, formatNumber, t } from '../../i18n';
import { send } from '../../messaging/client';
import { mentionQuery } from '../../ui/mention-query';
import { showError, showToast } from '../../ui/toast';

function CommentInput({
  members,
  value,
  onChange,
  onSubmit,
  label,
  placeholder,
}: {
  members: MemberRow[];
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  label: string;
  placeholder?: string;
}) {
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const matches = query
    ? members.filter((m) => m.name.toLowerCase().startsWith(query.query.toLowerCase())).slice(0, 6)
    : [];
  const listId = `mentions-${label.replace(/\W+/g, '-').toLowerCase()}`;
  let textarea: HTMLTextAreaElement | null = null;

  const choose = (member: MemberRow) => {
    if (!query) return;
    const caret = query.start + 1 + query.query.length;
    const next = `${value.slice(0, query.start)}@${member.name} ${value.slice(caret)}`;
    onChange(next);
    setQuery(null);
    const at = query.start + member.name.length + 2;
    requestAnimationFrame(() => textarea?.setSelectionRange(at, at));
  };
  const open = matches.length > 0;

  return (
    <div class="mention-input">
      <textarea
        ref={(el) => {
          textarea = el;
        }}
        class="input"
        dir="auto"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        maxLength={10_000}
        // A multi-line field cannot be a combobox (ARIA allows that on single-line inputs); the suggestions are
        // tied to it with aria-controls and the highlighted one with aria-activedescendant.
        aria-autocomplete="list"
        aria-controls={listId}
        {...(open ? { 'aria-activedescendant': `${listId}-${active}` } : {})}
        onInput={(e) => {
          const el = e.target as HTMLTextAreaElement;
          onChange(el.value);
          setQuery(mentionQuery(el.value, el.selectionStart ?? el.value.length));
          setActive(0);
        }}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
        onKeyDown={(e) => {
          if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
            e.preventDefault();
            setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
            return;
          }
          if (open && (e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            const member = matches[active];
            if (member) choose(member);
            return;
          }
          if (open && e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setQuery(null);
            return;
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSubmit();
        }}
      />
      <div
        id={listId}
        role="listbox"
        tabIndex={-1}
        aria-label={t('discussion_mentionMember')}
        class="mention-list"
        hidden={!open}
      >
        {matches.map((member, i) => (
          <div
            key={`${member.teamId}:${member.id}`}
            tabIndex={-1}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'active' : ''}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(member);
            }}
          >
            {member.name}
          </div>
        ))}
      </div>
    </div>
  );
}

export function MentionText({ body, members }: { body: string; members: MemberRow[] }) {
  return (
    <p class="pre" dir="auto" style={{ margin: '2px 0 8px' }}>
      {parseMentions(body, members).segments.map((segment, i) =>
        'text' in segment ? (
          <span key={i}>{segment.text}</span>
        ) : (
          <span key={i} class="mention">
            @{segment.mention.name}
          </span>
        ),
      )}
    </p>
  );
}

export function DiscussionSection({
  projectId,
  comments,
  members,
  names,
  me,
  formatInstant = (value) => formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }),
}: {
  projectId: string;
  comments: CommentRow[];
  members: MemberRow[];
  names: (createdBy: string | null) => string;
  /** The signed-in account id (null: this device only, where every comment is one's own). */
  me: string | null;
  formatInstant?: (value: string) => string;
}) {
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const projectComments = comments.filter((c) => c.taskId === null);
  const mine = (comment: CommentRow) => comment.createdBy === null || comment.createdBy === me;

  async function post() {
    const body = text.trim();
    if (!body) return;
    try {
      const { mentions } = parseMentions(body, members);
      const comment = await send('row.create', {
        table: 'comments',
        draft: { projectId, taskId: null, body, mentions },
      });
      setText('');
      showToast({
        message: t('discussion_posted'),
        undo: () => send('row.delete', { table: 'comments', id: comment.id }),
      });
    } catch (error) {
      showError(error);
    }
  }

  async function saveEdit() {
    if (!editing) return;
    const body = editing.body.trim();
    if (!body) return;
    try {
      const { mentions } = parseMentions(body, members);
      await send('row.update', { table: 'comments', id: editing.id, patch: { body, mentions } });
      setEditing(null);
      showToast({ message: t('discussion_edited') });
    } catch (error) {
      showError(error);
    }
  }

  async function remove(comment: CommentRow) {
    try {
      await send('row.delete', { table: 'comments', id: comment.id });
      showToast({
        message: t('discussion_deleted'),
        undo: () => send('row.restore', { table: 'comments', id: comment.id }),
      });
    } catch (error) {
      showError(error);
    }
  }

  return (
    <section class="section dash" aria-labelledby="discussion-title" id="discussion">
      <h2 id="discussion-title">
        {t('discussion_title')} <span class="count">{formatNumber(projectComments.length)}</span>
      </h2>
      <ul class="dash-list comments">
        {projectComments.map((comment) => (
          <li key={comment.id} class="comment" data-comment={comment.id}>
            <div class="muted small">
              <strong dir="auto">{names(comment.createdBy)}</strong> · {formatInstant(comment.createdAt)}
            </div>
            {editing?.id === comment.id ? (
              <form
                aria-label={t('discussion_editComment')}
                onSubmit={(e) => {
                  e.preventDefault();
                  void saveEdit();
                }}
              >
                <CommentInput
                  members={members}
                  label={t('discussion_editComment')}
                  value={editing.body}
                  onChange={(body) => setEditing({ id: comment.id, body })}
                  onSubmit={() => void saveEdit()}
                />
                <div class="row" style={{ justifyContent: 'flex-end', marginTop: 4 }}>
                  <button type="button" class="btn small" onClick={() => setEditing(null)}>
                    {t('common_cancel')}
                  </button>
                  <button type="submit" class="btn small primary" disabled={!editing.body.trim()}>
                    {t('common_save')}
                  </button>
                </div>
              </form>
            ) : (
              <>
                <MentionText body={comment.body} members={members} />
                {mine(comment) && (
                  <div class="row" style={{ gap: 4 }}>
                    <button
                      type="button"
                      class="btn small ghost"
                      onClick={() => setEditing({ id: comment.id, body: comment.body })}
                    >
                      {t('common_edit')}
                      <span class="sr-only"> {t('discussion_commentWord')}</span>
                    </button>
                    <button type="button" class="btn small ghost" onClick={() => void remove(comment)}>
                      {t('common_delete')}
                      <span class="sr-only"> {t('discussion_commentWord')}</span>
                    </button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void post();
        }}
        aria-label={t('discussion_newComment')}
      >
        <CommentInput
          members={members}
          label={t('discussion_comment')}
          placeholder={members.length ? t('discussion_placeholderMention') : t('discussion_placeholder')}
          value={text}
          onChange={setText}
          onSubmit={() => void post()}
        />
        <div class="row" style={{ justifyContent: 'flex-end', marginTop: 4 }}>
          <button type="submit" class="btn small primary" disabled={!text.trim()}>
            {t('discussion_submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
