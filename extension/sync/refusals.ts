// What becomes of a change the team server refused for good, once the person decides: a refused new row is kept
// on this device (it leaves the team's space, nothing is sent) or discarded; a refused change, already rolled
// back to the team's version, is dismissed. And how a refusal reads, in plain words.
import { SYNC_TABLES, type SyncTableName } from '@@/shared/sync/tables';
import type { RejectionRow, WaypointDb } from '../db/database';
import { type MessageKey, t } from '../i18n';

/** One decision about one refusal, in one transaction over what it may touch; the refusal is then forgotten. */
function decide(db: WaypointDb, id: string, act: (refusal: RejectionRow) => Promise<void>): Promise<void> {
  const tables = Object.keys(SYNC_TABLES).map((t) => db.table(t));
  return db.transaction('rw', [db.rejections, db.outbox, ...tables], async () => {
    const refusal = await db.rejections.get(id);
    if (!refusal) return;
    await act(refusal);
    await db.rejections.delete(id);
  });
}

export function keepOnDevice(db: WaypointDb, id: string): Promise<void> {
  return decide(db, id, async (refusal) => {
    // The team never had the row: moving it out sends nothing (a tombstone there would be refused in turn).
    if (refusal.kind !== 'change') await db.table(refusal.table).update(refusal.key, { teamId: null });
    await dropPending(db, refusal);
  });
}

export function discardRefused(db: WaypointDb, id: string): Promise<void> {
  return decide(db, id, async (refusal) => {
    // A refused new row exists only here; a refused change already shows the team's version.
    if (refusal.kind !== 'change') {
      await db.table(refusal.table).delete(refusal.key);
      await dropPending(db, refusal);
    }
  });
}

/** Later edits of a row the team refused to create would be refused too: they go with the decision. */
async function dropPending(db: WaypointDb, refusal: RejectionRow): Promise<void> {
  await db.outbox
    .where('[table+key]')
    .equals([refusal.table, refusal.key])
    .filter((e) => e.teamId === refusal.teamId)
    .delete();
}

/** The rows of each table, as a refusal names them ("guests can't add risks"). */
const WHAT: Record<SyncTableName, MessageKey> = {
  projects: 'refusal_what_projects',
  tasks: 'refusal_what_tasks',
  objectives: 'refusal_what_objectives',
  milestones: 'refusal_what_milestones',
  risks: 'refusal_what_risks',
  stakeholders: 'refusal_what_stakeholders',
  documents: 'refusal_what_documents',
  comments: 'refusal_what_comments',
  statusUpdates: 'refusal_what_statusUpdates',
  steps: 'refusal_what_steps',
};

/** "Not shared: guests can't add risks" — why, in words a person can act on (the server's words go in Details). */
export function refusalReason(refusal: Pick<RejectionRow, 'code' | 'op' | 'table' | 'kind' | 'role'>): string {
  const adding = refusal.op === 'upsert' && refusal.kind !== 'change';
  if (refusal.code === 'Forbidden') {
    const what = t(WHAT[refusal.table]);
    if (refusal.role === 'guest') return t(adding ? 'refusal_guestAdd' : 'refusal_guestChange', what);
    return t(adding ? 'refusal_roleAdd' : 'refusal_roleChange', what);
  }
  if (refusal.code === 'NotFound') return t('refusal_notFound');
  if (refusal.code === 'Invalid') return t('refusal_invalid');
  return t('refusal_serverRefused');
}
