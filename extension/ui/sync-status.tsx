// The sync state line: synced, N pending, offline, or an error with its reason and details on demand.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { RejectionRow, WaypointDb } from '../db/database';
import { formatDate, t, tn } from '../i18n';
import { send } from '../messaging/client';
import { readAccount } from '../sync/account';
import { readSyncStatus, type SyncStatus, syncStatusMessage } from '../sync/status';
import { Icon } from './icons';
import { RefusalActions, refusalText } from './refusals';

/** A refused row's title, when this device still has the row (a refused new row always is here). */
function refusedTitle(refusal: RejectionRow): string {
  return refusal.title ?? '';
}

interface State {
  status: SyncStatus;
  pending: number;
  signedIn: boolean;
  refusals: RejectionRow[];
  quarantined: number;
}

async function readState(db: WaypointDb): Promise<State> {
  const [status, pending, account, refusals, quarantine] = await Promise.all([
    readSyncStatus(db),
    db.outbox.where('teamId').above('').count(),
    readAccount(db),
    db.rejections.toArray(),
    db.settings.get('syncQuarantine'),
  ]);
  return {
    status,
    pending,
    signedIn: !!account,
    refusals: refusals.sort((a, b) => b.at.localeCompare(a.at)),
    quarantined: Array.isArray(quarantine?.value) ? quarantine.value.length : 0,
  };
}

export function SyncStatusLine({ db }: { db: WaypointDb }) {
  const [state, setState] = useState<State | null>(null);
  useEffect(() => {
    const subscription = liveQuery(() => readState(db)).subscribe({ next: setState, error: () => undefined });
    return () => subscription.unsubscribe();
  }, [db]);
  if (!state?.signedIn) return null;
  const { status, pending, refusals } = state;
  // A long pull says how far it is with each page (sync/engine.ts): nothing here counts a table per page.
  const received = status.state === 'syncing' ? (status.received ?? 0) : 0;
  const pendingText = pending ? tn('sync_pending', pending) : '';
  const refused = refusals[0];
  let tone = 'muted';
  let text: string;
  if (status.state === 'offline' || status.state === 'error') {
    tone = status.state === 'error' ? 'danger' : 'warn';
    text = status.text ? syncStatusMessage(status.text) : (status.message ?? t('sync_problem'));
  } else if (refused) {
    // Never "synced" while the team refused something the person has not decided about.
    tone = 'warn';
    const more = refusals.length > 1 ? ` ${tn('sync_moreRefused', refusals.length - 1)}` : '';
    const title = refusedTitle(refused);
    text = `${refusalText(refused)}${title ? ` ${t('common_quoted', title)}` : ''}${more}`;
  } else if (pending || status.state === 'syncing') {
    text = received
      ? tn('sync_receiving', received)
      : pendingText
        ? t('sync_syncingPending', pendingText)
        : t('sync_syncing');
  } else {
    text = status.at
      ? t('sync_syncedAt', formatDate(status.at, { hour: '2-digit', minute: '2-digit' }))
      : t('sync_synced');
  }
  return (
    <div class={`sync-status ${tone}`} role="status" data-state={status.state} data-pending={pending}>
      <Icon
        name={status.state === 'offline' || status.state === 'error' || refused ? 'alert' : pending ? 'sync' : 'check'}
      />{' '}
      <span class="grow">{text}</span>
      {refused && status.state !== 'error' && status.state !== 'offline' && <RefusalActions refusal={refused} />}
      {(status.state === 'error' || status.state === 'offline') && (
        <button type="button" class="btn small" onClick={() => void send('sync.now', {}).catch(() => undefined)}>
          {t('common_retry')}
        </button>
      )}
      {(status.detail || refused || state.quarantined > 0) && (
        <details>
          <summary>{t('common_details')}</summary>
          {status.detail && <code>{status.detail}</code>}
          {refusals.map((r) => (
            <code key={r.id}>
              {r.table} {r.key}: {r.code} — {r.message}
            </code>
          ))}
          {state.quarantined > 0 && <span>{tn('sync_quarantined', state.quarantined)}</span>}
        </details>
      )}
    </div>
  );
}
