// The capture dialog's back end: a pending capture is prepared for the dialog, then committed with the
// user's choices (or cancelled, and nothing is stored).

import type { WaypointDb } from '../db/database';
import type { Capture, CaptureOutcome } from './capture';
import { draftFromContext } from './draft';
import { CaptureGoneError } from './errors';
import { type FrameEvent, relayFrameEvent } from './inline-dialog';
import { forgetPending, readPending } from './pending';
import { type CapturePreparation, prepareCapture } from './prepare';

export interface CommitInput {
  id: string;
  title: string;
  projectId: string | null;
  objectiveId?: string | null;
  milestoneId?: string | null;
  assigneeId?: string | null;
  dueAt?: string | null;
  priority?: number;
  shareExcerpt: boolean;
}

export function createCaptureDialog({
  db,
  capturer,
  onCreated,
  now = () => new Date(),
}: {
  db: WaypointDb;
  capturer: Capture;
  /** Feedback after saving (badge, notification with Undo). */
  onCreated?: (outcome: CaptureOutcome, tabId: number | undefined) => Promise<void> | void;
  now?: () => Date;
}) {
  async function pendingOrThrow(id: string) {
    const pending = await readPending(id);
    if (!pending) throw new CaptureGoneError();
    return pending;
  }

  return {
    async prepare(id: string): Promise<CapturePreparation> {
      const pending = await pendingOrThrow(id);
      const draft = pending.draft ?? draftFromContext(pending.context, pending.tab, now());
      return prepareCapture(db, draft, now(), pending.note);
    },
    async commit({
      id,
      title,
      projectId,
      shareExcerpt,
      ...fields
    }: CommitInput): Promise<{ taskId: string; projectName: string }> {
      const pending = await pendingOrThrow(id);
      const overrides = Object.fromEntries(
        Object.entries({ title, ...fields }).filter(([, value]) => value !== undefined),
      );
      // The dialog already showed any existing task for this source, so saving means "add it anyway".
      const outcome = await capturer.capture(
        pending.context,
        pending.tab,
        projectId ? { kind: 'project', projectId } : { kind: 'inbox' },
        {
          force: true,
          shareExcerpt,
          overrides,
          ...(pending.draft ? { draft: pending.draft } : {}),
        },
      );
      await forgetPending(id);
      if (outcome.kind !== 'created') throw new Error('The task could not be created.');
      await onCreated?.(outcome, pending.tab.id);
      return { taskId: outcome.task.id, projectName: outcome.projectName };
    },
    cancel: (id: string) => forgetPending(id),
    /** The in-page dialog is ready to be shown, or done: relayed to its host in the bound tab. */
    frame: (id: string, event: FrameEvent) => relayFrameEvent(id, event),
  };
}

export type CaptureDialog = ReturnType<typeof createCaptureDialog>;
