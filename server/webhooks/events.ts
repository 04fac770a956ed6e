// Webhook events, derived from the rows a push wrote (sync and REST alike): a pure function of each write and the
// row it replaced, so both storages compute the same events inside the push transaction that commits them.
import { z } from 'zod';
import { WEBHOOK_EVENT_NAMES } from '../../shared/schemas/api-access';
import type { RowWrite, StoredRow } from '../sync/push-plan';
import { rowId } from '../sync/push-plan';

export const WEBHOOK_EVENTS = WEBHOOK_EVENT_NAMES;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);

export interface DerivedEvent {
  type: WebhookEventType;
  /** The table and key of the row the event is about. */
  table: string;
  key: string;
  /** The row after the push, with its id; for changes, the values before under `previous`. */
  data: Record<string, unknown>;
}

const row = (write: RowWrite) => ({ id: write.key, ...write.row.fields });

/** The events of one push: `before` holds the stored rows the push loaded (by rowId). */
export function deriveEvents(writes: readonly RowWrite[], before: ReadonlyMap<string, StoredRow>): DerivedEvent[] {
  const events: DerivedEvent[] = [];
  for (const write of writes) {
    if (write.row.deleted) continue;
    const old = before.get(rowId(write.table, write.key))?.row;
    // A restored row is not new; a row that was a tombstone before is compared with nothing.
    const previous = old && !old.deleted ? old.fields : undefined;
    const now = write.row.fields;
    const emit = (type: WebhookEventType, extra: Record<string, unknown> = {}) =>
      events.push({
        type,
        table: write.table,
        key: write.key,
        data: { [singular(write.table)]: row(write), ...extra },
      });
    if (write.table === 'tasks') {
      if (!old) {
        emit('task.created');
        if (now.assigneeId) emit('task.assigned', { previousAssigneeId: null });
        if (now.status === 'done') emit('task.completed');
        continue;
      }
      if (!previous) continue;
      if (now.status === 'done' && previous.status !== 'done') emit('task.completed');
      // A recurring task completed moves on to its next due (status stays open, timesDone grows).
      else if (typeof now.timesDone === 'number' && now.timesDone > Number(previous.timesDone ?? 0)) {
        emit('task.completed', { recurring: true });
      }
      if (now.assigneeId && now.assigneeId !== previous.assigneeId) {
        emit('task.assigned', { previousAssigneeId: previous.assigneeId ?? null });
      }
      if ((now.dueAt ?? null) !== (previous.dueAt ?? null))
        emit('task.due_changed', { previousDueAt: previous.dueAt ?? null });
    } else if (write.table === 'projects') {
      if (previous && now.status !== previous.status) {
        emit('project.status_changed', { previousStatus: previous.status ?? null });
      }
    } else if (write.table === 'comments') {
      if (!old) emit('comment.added');
    } else if (write.table === 'risks') {
      if (!old) emit('risk.added');
    }
  }
  return events;
}

const singular = (table: string) =>
  table === 'tasks' ? 'task' : table === 'projects' ? 'project' : table === 'comments' ? 'comment' : 'risk';

/** The JSON body a receiver gets: one event, with the team and the account whose change caused it. */
export function eventBody(input: {
  id: string;
  event: DerivedEvent;
  teamId: string;
  actorId: string;
  at: number;
}): string {
  return JSON.stringify({
    id: input.id,
    type: input.event.type,
    createdAt: new Date(input.at).toISOString(),
    teamId: input.teamId,
    actor: { id: input.actorId },
    data: input.event.data,
  });
}
