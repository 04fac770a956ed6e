// Dated status updates: on track / at risk / off track, with what happened — the latest one shown first.

import type { HealthState } from '@@/shared/project-signals';
import { HEALTH_STATES } from '@@/shared/schemas/planning';
import { useState } from 'preact/hooks';
import type { StatusUpdateRow } from '../../db/rows';
import { formatDate, formatNumber, type MessageKey, t, tn } from '../../i18n';
import { send } from '../../messaging/client';
import { showError } from '../../ui/toast';

export const HEALTH_LABELS: Record<HealthState, { text: MessageKey; tone: string }> = {
  'on-track': { text: 'milestone_onTrack', tone: 'ok' },
  'at-risk': { text: 'milestone_atRisk', tone: 'warn' },
  'off-track': { text: 'health_offTrack', tone: 'bad' },
};

export function StatusUpdatesSection({
  projectId,
  updates,
  suggested,
  names,
}: {
  projectId: string;
  updates: StatusUpdateRow[];
  suggested: HealthState;
  names: (createdBy: string | null) => string;
}) {
  const [writing, setWriting] = useState(false);
  const [showAll, setShowAll] = useState(false);
  async function post(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await send('row.create', {
        table: 'statusUpdates',
        draft: { projectId, health: String(form.get('health')), body: String(form.get('body') ?? '') },
      });
      setWriting(false);
    } catch (error) {
      showError(error);
    }
  }
  const shown = showAll ? updates : updates.slice(0, 1);
  return (
    <section class="section dash" aria-labelledby="updates-title" id="status-updates">
      <h2 id="updates-title">
        {t('updates_title')} <span class="count">{formatNumber(updates.length)}</span>
        {!writing && (
          <button type="button" class="btn small ghost add" onClick={() => setWriting(true)}>
            {t('updates_post')}
          </button>
        )}
      </h2>
      {writing && (
        <form class="row-form" aria-label={t('updates_new')} onSubmit={post}>
          <fieldset class="row" style={{ border: 0, padding: 0, margin: '0 0 8px' }}>
            <legend class="muted small">{t('updates_health', t(HEALTH_LABELS[suggested].text))}</legend>
            {HEALTH_STATES.map((h) => (
              <label key={h} class="row small">
                <input type="radio" name="health" value={h} defaultChecked={h === suggested} />{' '}
                {t(HEALTH_LABELS[h].text)}
              </label>
            ))}
          </fieldset>
          <label class="field">
            <span>{t('updates_body')}</span>
            <textarea class="input" name="body" required maxLength={10_000} />
          </label>
          <div class="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" class="btn small" onClick={() => setWriting(false)}>
              {t('common_cancel')}
            </button>
            <button type="submit" class="btn small primary">
              {t('updates_submit')}
            </button>
          </div>
        </form>
      )}
      {updates.length === 0 && !writing && <p class="muted small">{t('updates_empty')}</p>}
      <ul class="dash-list">
        {shown.map((u) => (
          <li key={u.id} class="dash-item">
            <div class="grow">
              <span class={`badge ${HEALTH_LABELS[u.health].tone}`}>{t(HEALTH_LABELS[u.health].text)}</span>{' '}
              <span class="muted small">
                {formatDate(u.createdAt, { dateStyle: 'medium' })} · {names(u.createdBy)}
              </span>
              <p class="pre small" style={{ margin: '4px 0' }}>
                {u.body}
              </p>
            </div>
          </li>
        ))}
      </ul>
      {updates.length > 1 && (
        <button type="button" class="btn ghost small" onClick={() => setShowAll(!showAll)}>
          {showAll ? t('updates_showLatest') : tn('updates_showAll', updates.length)}
        </button>
      )}
    </section>
  );
}
