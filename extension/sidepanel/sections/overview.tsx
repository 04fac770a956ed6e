// The project header: health at a glance, lifecycle (planned → active → on hold → done) with the closing
// review, and the charter text (objective, scope, constraints).

import type { ProjectRollup } from '@@/shared/project-signals';
import type { ClosingReview, ProjectStatus } from '@@/shared/schemas/project';
import { isClosedStatus } from '@@/shared/wording';
import { useState } from 'preact/hooks';
import type { ProjectRow } from '../../db/rows';
import { type MessageKey, t, tn } from '../../i18n';
import { dayText } from '../../i18n/dates';
import { PROJECT_STATUS_LABELS } from '../../i18n/labels';
import { send } from '../../messaging/client';
import { Meter } from '../../ui/meter';
import { selectDefault } from '../../ui/select-default';
import { showError, showToast } from '../../ui/toast';
import { HEALTH_LABELS } from './status-updates';

const REVIEW_LABELS: Record<ClosingReview['objectivesMet'], MessageKey> = {
  met: 'review_met',
  partly: 'review_partly',
  'not-met': 'review_notMet',
};

/** The next lifecycle steps offered from each status. */
const STEPS: Record<ProjectStatus, { to: ProjectStatus; label: MessageKey }[]> = {
  planned: [{ to: 'active', label: 'step_start' }],
  active: [
    { to: 'on-hold', label: 'step_hold' },
    { to: 'done', label: 'step_close' },
  ],
  'on-hold': [
    { to: 'active', label: 'step_resume' },
    { to: 'cancelled', label: 'step_cancel' },
  ],
  done: [{ to: 'active', label: 'step_reopen' }],
  cancelled: [{ to: 'planned', label: 'step_reopen' }],
};

async function setStatus(project: ProjectRow, status: ProjectStatus, extra: Partial<ProjectRow> = {}) {
  const before = project.status;
  try {
    await send('project.update', { id: project.id, patch: { status, ...extra } });
    showToast({
      message: t('overview_statusToast', project.name, t(PROJECT_STATUS_LABELS[status] ?? 'status_active')),
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
    <form class="row-form" aria-label={t('review_title')} onSubmit={submit}>
      <p class="small" style={{ marginTop: 0 }}>
        {t('review_intro')}
      </p>
      <label class="field">
        <span>{t('objectives_title')}</span>
        <select class="input" name="objectivesMet" ref={selectDefault('met')}>
          {(Object.keys(REVIEW_LABELS) as ClosingReview['objectivesMet'][]).map((k) => (
            <option key={k} value={k}>
              {t(REVIEW_LABELS[k])}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('review_lessons')}</span>
        <textarea class="input" name="lessons" maxLength={10_000} required />
      </label>
      <div class="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" class="btn small" onClick={onDone}>
          {t('common_cancel')}
        </button>
        <button type="submit" class="btn small primary">
          {t('review_submit')}
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
          {t('common_edit')}
        </button>
      </div>
      <div class="row small" style={{ flexWrap: 'wrap' }}>
        <span class="badge">{t(PROJECT_STATUS_LABELS[project.status] ?? 'status_active')}</span>
        {!closed && (
          <span
            class={`badge ${health.tone}`}
            title={rollup.health.reasons.join('\n') || t('overview_nothingNeedsAttention')}
          >
            {t(health.text)}
          </span>
        )}
        {project.status === 'planned' && project.startAt && (
          <span class="muted">{t('task_starts', dayText(project.startAt))}</span>
        )}
        {project.dueAt && <span class="muted">{t('overview_due', dayText(project.dueAt))}</span>}
        {!closed && rollup.overdueTasks.length > 0 && (
          <span class="late">{tn('overview_overdue', rollup.overdueTasks.length)}</span>
        )}
        {!closed && next && (
          <span class="muted" dir="auto">
            {t('overview_next', next.title)}
            {next.dueAt && ` (${dayText(next.dueAt)})`}
          </span>
        )}
        {!closed && rollup.openRisks.length > 0 && (
          <span class="muted">{tn('overview_openRisks', rollup.openRisks.length)}</span>
        )}
      </div>
      <Meter
        ratio={rollup.progress.ratio}
        label={tn(
          'overview_progress',
          rollup.progress.total,
          rollup.progress.done,
          Math.round(rollup.progress.ratio * 100),
        )}
      />
      {!closed && rollup.health.reasons.length > 0 && (
        <ul class="reasons small" aria-label={t('overview_why')}>
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
            {t(step.label)}
          </button>
        ))}
      </div>
      {closing && <ClosingReviewForm project={project} onDone={() => setClosing(false)} />}
      {project.closingReview && (
        <div class="card small" style={{ padding: 8 }}>
          <strong>{t('review_title')}</strong> · {t(REVIEW_LABELS[project.closingReview.objectivesMet])} ·{' '}
          {dayText(project.closingReview.closedAt)}
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
          <summary>{t('form_scopeTitle')}</summary>
          {project.scopeIn && (
            <>
              <h3>{t('form_scopeIn')}</h3>
              <p class="pre">{project.scopeIn}</p>
            </>
          )}
          {project.scopeOut && (
            <>
              <h3>{t('form_scopeOut')}</h3>
              <p class="pre">{project.scopeOut}</p>
            </>
          )}
          {project.constraints && (
            <>
              <h3>{t('overview_constraints')}</h3>
              <p class="pre">{project.constraints}</p>
            </>
          )}
        </details>
      )}
    </header>
  );
}
