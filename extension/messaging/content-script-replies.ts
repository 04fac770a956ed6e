// What the background answers a content script (the Gmail/Outlook button), as schemas both sides share:
// the background trims its replies to these shapes and the content script parses every reply against them,
// so neither trusts the other's wire blindly. Kept free of the database and the polyfill for the content script.
import { z } from 'zod';

const id = z.string().min(1).max(100);

/** A capture from the mail button: about the task just made, or only "there is one already". */
export const contentScriptEmailReplySchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('created'),
      taskId: id,
      title: z.string().max(1000),
      projectId: id.nullable(),
      projectName: z.string().max(200),
      fallback: z.boolean(),
      sender: z
        .object({ name: z.string().max(300), address: z.string().max(320) })
        .strict()
        .nullable(),
    })
    .strict(),
  // Another task already has this source; whose it is, its title and project stay out of the page.
  z.object({ kind: z.literal('duplicate') }).strict(),
]);
export type ContentScriptEmailReply = z.infer<typeof contentScriptEmailReplySchema>;

/** Undo and "add the sender as stakeholder" answer with the id of the row only. */
export const contentScriptRowReplySchema = z.object({ id }).strict();
