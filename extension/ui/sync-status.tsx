// The sync state line: synced, N pending, offline, or an error with its reason and details on demand.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { send } from '../messaging/client';
import { readAccount } from '../sync/account';
import { readSyncStatus, type SyncStatus } from '../sync/status';
import { Icon } from './icons';

interface State {
  status: SyncStatus;
  pending: number;
  signedIn: boolean;
  rejection?: { count: number; message: string; team: string };
}

async function readState(db: WaypointDb): Promise<State> {
  const [status, pending, account, rejection] = await Promise.all([
    readSyncStatus(db),
    db.outbox.where('teamId').above('').count(),
    readAccount(db),
    db.settings.get('syncRejections'),
  ]);
  return { status, pending, signedIn: !!account, rejection: rejection?.value as State['rejection'] };
}

export function SyncStatusLine({ db }: { db: WaypointDb }) {
  const [state, setState] = useState<State | null>(null);
  useEffect(() => {
    const subscription = liveQuery(() => readState(db)).subscribe({ next: setState, error: () => undefined });
    return () => subscription.unsubscribe();
  }, [db]);
  if (!state?.signedIn) return null;
  const { status, pending } = state;
  const pendingText = pending ? `${pending} change${pending === 1 ? '' : 's'} to sync` : '';
  let tone = 'muted';
  let text: string;
  if (status.state === 'offline' || status.state === 'error') {
    tone = status.state === 'error' ? 'danger' : 'warn';
    text = status.message ?? 'Sync problem';
  } else if (pending || status.state === 'syncing') {
    text = pendingText ? `Syncing… ${pendingText}` : 'Syncing…';
  } else {
    text = status.at
      ? `Synced ${new Date(status.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
      : 'Synced';
  }
  return (
    <div class={`sync-status ${tone}`} role="status" data-state={status.state} data-pending={pending}>
      <Icon name={status.state === 'offline' || status.state === 'error' ? 'alert' : pending ? 'sync' : 'check'} />{' '}
      <span class="grow">{text}</span>
      {(status.state === 'error' || status.state === 'offline') && (
        <button type="button" class="btn small" onClick={() => void send('sync.now', {}).catch(() => undefined)}>
          Retry
        </button>
      )}
      {status.detail && (
        <details>
          <summary>Details</summary>
          <code>{status.detail}</code>
        </details>
      )}
      {state.rejection && state.rejection.count > 0 && (
        <p class="danger" style={{ margin: '4px 0 0' }}>
          {state.rejection.count} change{state.rejection.count === 1 ? ' was' : 's were'} refused by{' '}
          {state.rejection.team}: {state.rejection.message}. Refused new items stay on this device.
        </p>
      )}
    </div>
  );
}
