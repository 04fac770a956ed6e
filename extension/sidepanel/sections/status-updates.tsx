// Dated status updates: on track / at risk / off track, with what happened — the latest one shown first.

import type { HealthState } from '@@/shared/project-signals';
import { HEALTH_STATES } from '@@/shared/schemas/planning';
import { useState } from 'preact/hooks';
import type { StatusUpdateRow } from '../../db/rows';
import { send } from '../../messaging/client';
import { showError } from '../../ui/toast';

export const HEALTH_LABELS: Record<HealthState, { text: string; tone: string }> = {
  'on-track': { text: 'On track', tone: 'ok' },
  'at-risk': { text: 'At risk', tone: 'warn' },
  'off-track': { text: 'Off track', tone: 'bad' },
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
        Status updates <span class="count">{updates.length}</span>
        {!writing && (
          <button type="button" class="btn small ghost add" onClick={() => setWriting(true)}>
            + Post an update
          </button>
        )}
      </h2>
      {writing && (
        <form class="row-form" aria-label="New status update" onSubmit={post}>
          <fieldset class="row" style={{ border: 0, padding: 0, margin: '0 0 8px' }}>
            <legend class="muted small">Health (suggested from the data: {HEALTH_LABELS[suggested].text})</legend>
            {HEALTH_STATES.map((h) => (
              <label key={h} class="row small">
                <input type="radio" name="health" value={h} defaultChecked={h === suggested} /> {HEALTH_LABELS[h].text}
              </label>
            ))}
          </fieldset>
          <label class="field">
            <span>What happened, what is next, what is needed</span>
            <textarea class="input" name="body" required maxLength={10_000} />
          </label>
          <div class="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" class="btn small" onClick={() => setWriting(false)}>
              Cancel
            </button>
            <button type="submit" class="btn small primary">
              Post update
            </button>
          </div>
        </form>
      )}
      {updates.length === 0 && !writing && (
        <p class="muted small">No status update yet. Post one each week so stakeholders know where things stand.</p>
      )}
      <ul class="dash-list">
        {shown.map((u) => (
          <li key={u.id} class="dash-item">
            <div class="grow">
              <span class={`badge ${HEALTH_LABELS[u.health].tone}`}>{HEALTH_LABELS[u.health].text}</span>{' '}
              <span class="muted small">
                {new Date(u.createdAt).toLocaleDateString([], { dateStyle: 'medium' })} · {names(u.createdBy)}
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
          {showAll ? 'Show only the latest' : `Show all ${updates.length} updates`}
        </button>
      )}
    </section>
  );
}
