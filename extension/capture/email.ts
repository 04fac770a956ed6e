// E-mail capture (the in-page button and the context menu on Gmail/Outlook): an extracted message becomes a
// task titled by its subject with the thread link, sender and date; without one, the page is captured instead.
import { EXCERPT_MAX } from '@@/shared/schemas/source';
import { TITLE_MAX } from '@@/shared/schemas/task';
import { cleanBlock, cleanLine, clipUnits, clipWords } from '@@/shared/text';
import { z } from 'zod';
import type { WaypointDb } from '../db/database';
import type { Capture, CaptureTarget } from './capture';
import type { CaptureDraft } from './draft';
import type { EmailCapture } from './extractors/common';

const text = (max: number) => z.string().max(max);

/** What the content script (or the menu's in-page extraction) read from the open message. */
export const emailCaptureSchema = z
  .object({
    app: z.enum(['Gmail', 'Outlook']),
    subject: text(1000),
    fromName: text(300),
    fromAddress: text(320),
    date: text(100).nullable(),
    messageId: text(500).nullable(),
    threadId: text(500).nullable(),
    url: z.url({ protocol: /^https$/ }).max(4096),
    excerpt: text(EXCERPT_MAX),
  })
  .strict();

export interface EmailPage {
  url: string;
  title: string;
  favIconUrl?: string;
}

export type EmailCaptureReply =
  | {
      kind: 'created';
      taskId: string;
      title: string;
      projectId: string | null;
      projectName: string;
      /** The message could not be read: the page was captured instead. */
      fallback: boolean;
      /** Who sent it, offered as a stakeholder of the project (null when unknown or already one). */
      sender: { name: string; address: string } | null;
    }
  | { kind: 'duplicate'; taskId: string; title: string; projectName: string; owner: string | null };

export function emailDraft(email: EmailCapture, page: EmailPage, now: Date): CaptureDraft {
  // What the page wrote is cleaned again here: the content script runs in a page the sender shaped.
  const subject = clipUnits(cleanLine(email.subject), 1000) || '(no subject)';
  return {
    title: clipWords(subject, TITLE_MAX),
    source: {
      kind: 'email',
      url: email.url,
      pageTitle: clipUnits(cleanLine(page.title), 1000),
      capturedAt: now.toISOString(),
      documentKind: 'email',
      app: email.app,
      ...(email.threadId ? { externalId: email.threadId } : {}),
      ...(email.excerpt ? { excerpt: clipUnits(cleanBlock(email.excerpt), EXCERPT_MAX) } : {}),
      email: {
        subject,
        fromName: clipUnits(cleanLine(email.fromName), 300),
        fromAddress: email.fromAddress,
        date: email.date,
        messageId: email.messageId,
      },
    },
  };
}

/** Is this address already a stakeholder of the project (by contact, case-insensitive)? */
async function isStakeholder(db: WaypointDb, projectId: string, address: string): Promise<boolean> {
  const wanted = address.toLowerCase();
  const rows = await db.stakeholders.where('projectId').equals(projectId).toArray();
  return rows.some((row) => !row.deleted && row.contact.toLowerCase().includes(wanted));
}

export function createEmailCapture({
  db,
  capturer,
  now = () => new Date(),
}: {
  db: WaypointDb;
  capturer: Capture;
  now?: () => Date;
}) {
  return async function captureEmail(
    email: EmailCapture | null,
    page: EmailPage,
    target: CaptureTarget,
    options: { force?: boolean } = {},
  ): Promise<EmailCaptureReply> {
    const outcome = await capturer.capture(
      { pageUrl: page.url },
      page,
      target,
      email ? { draft: emailDraft(email, page, now()), force: options.force } : { force: options.force },
    );
    if (outcome.kind === 'duplicate') {
      return {
        kind: 'duplicate',
        taskId: outcome.existing.id,
        title: outcome.existing.title,
        projectName: outcome.projectName,
        owner: outcome.owner,
      };
    }
    const { task } = outcome;
    const address = email?.fromAddress ?? '';
    const offerSender = !!task.projectId && !!address && !(await isStakeholder(db, task.projectId, address));
    return {
      kind: 'created',
      taskId: task.id,
      title: task.title,
      projectId: task.projectId ?? null,
      projectName: outcome.projectName,
      fallback: !email,
      sender: offerSender && email ? { name: email.fromName || address, address } : null,
    };
  };
}

export type CaptureEmail = ReturnType<typeof createEmailCapture>;
