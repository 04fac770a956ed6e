// Building blocks shared by every domain schema: ids, dates, HLC strings and the sync metadata of a row.
import { z } from 'zod';
import { isFileUrl, isSafeUrl } from '../safe-url';

/** UUIDv7 (time-ordered) ids are generated on the client; see shared/id.ts. */
export const idSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'Expected a UUIDv7');

/** Any id coming from another system (team ids, user ids, imported ids): UUID of any version. */
export const anyIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Expected a UUID');

/** An instant, ISO 8601 in UTC (`2026-11-25T17:00:00.000Z`). */
export const instantSchema = z.iso.datetime({ offset: true });

/** A calendar date (`2026-11-27`), for things due on a day rather than at a time. */
export const dateOnlySchema = z.iso.date();

/** A due date is either a whole day or an instant. */
export const dueSchema = z.union([dateOnlySchema, instantSchema]);

/** `<ms since epoch, 13 digits>-<counter, 4 hex>-<clientId>` — see shared/hlc.ts. */
export const hlcSchema = z.string().regex(/^\d{13}-[0-9a-f]{4}-[A-Za-z0-9_-]{1,64}$/, 'Malformed HLC');

/** Any absolute URL (images and icons, never rendered as links). */
export const urlSchema = z
  .string()
  .max(4096)
  .refine((value) => {
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  }, 'Expected an absolute URL');

/** A URL that becomes a link (a page, a document): http or https only — see shared/safe-url.ts. */
export const linkUrlSchema = z
  .string()
  .max(4096)
  .refine((value) => isSafeUrl(value), 'Expected an http or https URL');

/**
 * Where a captured task came from: a link URL, or a local file the capture was made on (file: never runs script,
 * and it is shown as text, not as a link — see safeHref).
 */
export const sourceUrlSchema = z
  .string()
  .max(4096)
  .refine((value) => isSafeUrl(value) || isFileUrl(value), 'Expected an http, https or file URL');

/** Per-field HLCs and the tombstone every synced row carries (see ../docs/protocol.md). */
export const syncMetaSchema = z.object({
  hlc: z.record(z.string(), hlcSchema),
  deleted: z.boolean(),
});
export type SyncMeta = z.infer<typeof syncMetaSchema>;
