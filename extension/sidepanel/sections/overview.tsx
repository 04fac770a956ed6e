// The project header: health at a glance, lifecycle (planned → active → on hold → done) with the closing
// review, and the charter text (objective, scope, constraints).

import type { ProjectRollup } from '@@/shared/project-signals';
import type { ClosingReview, ProjectStatus } from '@@/shared/schemas/project';
import { countOf, formatDate, isClosedStatus, plural } from '@@/shared/wording';
import { useState } from 'preact/hooks';
import type { ProjectRow } from '../../db/rows';
import { send } from '../../messaging/client';
import { Meter } from '../../ui/meter';
import { selectDefault } from '../../ui/select-default';
import { showError, showToast } from '../../ui/toast';
import { HEALTH_LABELS } from './status-updates';

const STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: 'Planned',
  active: 'Active',
  'on-hold': 'On hold',
  done: 'Done',
  cancelled: 'Cancelled',
};
const REVIEW_LABELS: Record<ClosingReview['objectivesMet'], string> = {
  met: 'Objectives met',
  partly: 'Objectives partly met',
  'not-met': 'Objectives not met',
};

/** The next lifecycle steps offered from each status. */
const STEPS: Record<ProjectStatus, { to: ProjectStatus; label: string }[]> = {
  planned: [{ to: 'active', label: 'Start project' }],
  active: [
    { to: 'on-hold', label: 'Put on hold' },
    { to: 'done', label: 'Close project…' },
  ],
  'on-hold': [
    { to: 'active', label: 'Resume' },
    { to: 'cancelled', label: 'Cancel project' },
  ],
  done: [{ to: 'active', label: 'Reopen' }],
  cancelled: [{ to: 'planned', label: 'Reopen' }],
};

async function setStatus(project: ProjectRow, status: ProjectStatus, extra: Partial<ProjectRow> = {}) {
  const before = project.status;
  try {
    await send('project.update', { id: project.id, patch: { status, ...extra } });
    showToast({
      message: `${project.name}: ${STATUS_LABELS[status]}`,
      undo: () => send('project.update', { id: project.id, patch: { status: before } }),
    });
  } catch (error) {
    showError(error);
  }
}

function ClosingReviewForm({ project, onDone }: { project: ProjectRow; onDone: () => void }) {
  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const closingReview: ClosingReview = {
      objectivesMet: String(form.get('objectivesMet')) as ClosingReview['objectivesMet'],
      lessons: String(form.get('lessons') ?? ''),
      closedAt: new Date().toISOString(),
    };
    await setStatus(project, 'done', { closingReview });
    onDone();
  }
  return (
    <form class="row-form" aria-label="Closing review" onSubmit={submit}>
      <p class="small" style={{ marginTop: 0 }}>
        Before closing: were the objectives met, and what did the team learn? The review stays with the project.
      </p>
      <label class="field">
        <span>Objectives</span>
        <select class="input" name="objectivesMet" ref={selectDefault('met')}>
          {(Object.keys(REVIEW_LABELS) as ClosingReview['objectivesMet'][]).map((k) => (
            <option key={k} value={k}>
              {REVIEW_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Lessons learned</span>
        <textarea class="input" name="lessons" maxLength={10_000} required />
      </label>
      <div class="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" class="btn small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" class="btn small primary">
          Close project
        </button>
      </div>
    </form>
  );
}

export function ProjectOverview({
  project,
  rollup,
  onEdit,
}: {
  project: ProjectRow;
  rollup: ProjectRollup;
  onEdit: () => void;
}) {
  const [closing, setClosing] = useState(false);
  const health = HEALTH_LABELS[rollup.health.state];
  const next = rollup.nextMilestone;
  // A closed project is history: no health, no next step, no open risks or overdue counts to act on.
  const closed = isClosedStatus(project.status);
  return (
    <header class="overview">
      <div class="row">
        <h1 id="project-title" class="grow" dir="auto" style={{ fontSize: 18, margin: '8px 0' }}>
          <span class="dot" style={{ background: project.color }} aria-hidden="true" />
          {project.name}
        </h1>
        <button type="button" class="btn small" onClick={onEdit}>
          Edit
        </button>
      </div>
      <div class="row small" style={{ flexWrap: 'wrap' }}>
        <span class="badge">{STATUS_LABELS[project.status]}</span>
        {!closed && (
          <span class={`badge ${health.tone}`} title={rollup.health.reasons.join('\n') || 'Nothing needs attention'}>
            {health.text}
          </span>
        )}
        {project.status === 'planned' && project.startAt && (
          <span class="muted">starts {formatDate(project.startAt)}</span>
        )}
        {project.dueAt && <span class="muted">due {formatDate(project.dueAt)}</span>}
        {!closed && rollup.overdueTasks.length > 0 && <span class="late">{rollup.overdueTasks.length} overdue</span>}
        {!closed && next && (
          <span class="muted" dir="auto">
            Next: {next.title}
            {next.dueAt && ` (${formatDate(next.dueAt)})`}
          </span>
        )}
        {!closed && rollup.openRisks.length > 0 && (
          <span class="muted">{plural(rollup.openRisks.length, 'open risk')}</span>
        )}
      </div>
      <Meter
        ratio={rollup.progress.ratio}
        label={`${countOf(rollup.progress.done, rollup.progress.total, 'task')} done (${Math.round(rollup.progress.ratio * 100)}%)`}
      />
      {!closed && rollup.health.reasons.length > 0 && (
        <ul class="reasons small" aria-label="Why">
          {rollup.health.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <div class="row" style={{ flexWrap: 'wrap', margin: '4px 0' }}>
        {STEPS[project.status].map((step) => (
          <button
            key={step.to}
            type="button"
            class="btn small"
            onClick={() => (step.to === 'done' ? setClosing(true) : void setStatus(project, step.to))}
          >
            {step.label}
          </button>
        ))}
      </div>
      {closing && <ClosingReviewForm project={project} onDone={() => setClosing(false)} />}
      {project.closingReview && (
        <div class="card small" style={{ padding: 8 }}>
          <strong>Closing review</strong> · {REVIEW_LABELS[project.closingReview.objectivesMet]} ·{' '}
          {formatDate(project.closingReview.closedAt)}
          <p class="pre" style={{ margin: '4px 0 0' }}>
            {project.closingReview.lessons}
          </p>
        </div>
      )}
      {project.objective && (
        <p class="objective" dir="auto">
          {project.objective}
        </p>
      )}
      {(project.scopeIn || project.scopeOut || project.constraints) && (
        <details class="charter small">
          <summary>Scope and constraints</summary>
          {project.scopeIn && (
            <>
              <h3>In scope</h3>
              <p class="pre">{project.scopeIn}</p>
            </>
          )}
          {project.scopeOut && (
            <>
              <h3>Out of scope</h3>
              <p class="pre">{project.scopeOut}</p>
            </>
          )}
          {project.constraints && (
            <>
              <h3>Constraints</h3>
              <p class="pre">{project.constraints}</p>
            </>
          )}
        </details>
      )}
    </header>
  );
}
