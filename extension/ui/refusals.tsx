// Changes the team server refused, where the person sees them: on the row itself and in the sync status line,
// in plain words, with what to do ("Not shared: guests can't add risks — Keep on this device / Discard").

import { signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { RejectionRow } from '../db/database';
import { t } from '../i18n';
import { send } from '../messaging/client';
import { refusalReason } from '../sync/refusals';
import { pageDb } from './page-db';
import { showError } from './toast';

const refusals = signal<Map<string, RejectionRow> | undefined>(undefined);
let watching = false;

/** Every refusal of this device, kept current (one query for the whole page). */
export function useRefusals(): Map<string, RejectionRow> {
  if (!watching) {
    watching = true;
    liveQuery(() => pageDb().rejections.toArray()).subscribe({
      next: (rows) => {
        refusals.value = new Map(rows.map((r) => [r.id, r]));
      },
      error: (error) => console.error('Waypoint: could not read refused changes', error),
    });
  }
  return refusals.value ?? new Map();
}

export function RefusalActions({ refusal }: { refusal: RejectionRow }) {
  const act = (type: 'refusal.keep' | 'refusal.discard') => () => void send(type, { id: refusal.id }).catch(showError);
  return refusal.kind === 'change' ? (
    <button type="button" class="btn small" onClick={act('refusal.discard')}>
      {t('common_dismiss')}
      <span class="sr-only"> {t('refusal_dismissSr')}</span>
    </button>
  ) : (
    <>
      <button type="button" class="btn small" onClick={act('refusal.keep')}>
        {t('refusal_keep')}
      </button>
      <button type="button" class="btn small" onClick={act('refusal.discard')}>
        {t('refusal_discard')}
      </button>
    </>
  );
}

/** What a refusal says, on its row or in the status line. */
export function refusalText(refusal: RejectionRow): string {
  const reason = refusalReason(refusal);
  if (refusal.kind === 'change') return t('refusal_change', reason);
  return t('refusal_notShared', reason);
}

/** On a row the team refused: why, and what the person can do. Nothing for a row that is shared. */
export function RefusedNote({ table, rowKey }: { table: string; rowKey: string }) {
  const refusal = useRefusals().get(`${table}:${rowKey}`);
  if (!refusal) return null;
  return (
    <div class="refused" role="status" data-refused={refusal.kind}>
      <span class="grow">{refusalText(refusal)}</span>
      <RefusalActions refusal={refusal} />
      <details>
        <summary>{t('common_details')}</summary>
        <code>
          {refusal.code}: {refusal.message}
        </code>
      </details>
    </div>
  );
}
