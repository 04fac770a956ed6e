// Where a captured task came from: the durable link back to a page, a selection, a link, an image, an email or a document.
import { z } from 'zod';
import { instantSchema, urlSchema } from './common';

export const SOURCE_KINDS = ['page', 'selection', 'link', 'image', 'email', 'document'] as const;
export const EXCERPT_MAX = 2000;
export const DESCRIPTION_MAX = 500;

export const sourceSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  url: urlSchema,
  pageTitle: z.string().max(1000).default(''),
  excerpt: z.string().max(EXCERPT_MAX).optional(),
  linkUrl: urlSchema.optional(),
  linkText: z.string().max(1000).optional(),
  imageUrl: urlSchema.optional(),
  favIconUrl: urlSchema.optional(),
  /**
   * What the page says it is about (meta/og description, else its first meaningful paragraph). Page content,
   * so as private as a quote: synced only when shared, otherwise kept on the capturing device.
   */
  description: z.string().max(DESCRIPTION_MAX).optional(),
  /** For a link or an image: the page it was found on (`url` is the link's target, or the page for an image). */
  contextUrl: urlSchema.optional(),
  contextTitle: z.string().max(1000).optional(),
  /** For an image: its alt text or caption, as the page gave it. */
  imageAlt: z.string().max(1000).optional(),
  /** For a selection: the page URL with a `#:~:text=` fragment that scrolls to the quote. */
  fragmentUrl: urlSchema.optional(),
  /** For a document or e-mail: what it is and the app it lives in (see shared/documents.ts). */
  documentKind: z.enum(['doc', 'sheet', 'slides', 'pdf', 'issue', 'pull-request', 'email', 'page', 'other']).optional(),
  app: z.string().max(100).optional(),
  /** The app's own id (document id, issue key, mail thread id). */
  externalId: z.string().max(500).optional(),
  /** For an e-mail: who sent it and when, read from the open message. */
  email: z
    .object({
      subject: z.string().max(1000),
      fromName: z.string().max(300),
      fromAddress: z.string().max(320),
      date: z.string().max(100).nullable(),
      messageId: z.string().max(500).nullable(),
    })
    .optional(),
  capturedAt: instantSchema,
});
export type Source = z.infer<typeof sourceSchema>;
export type SourceKind = Source['kind'];

/** The link that takes the user back to a source: to the quote itself when there is one. */
export function sourceHref(source: Source): string {
  return source.fragmentUrl ?? source.url;
}
