// Building blocks shared by every domain schema: ids, dates, HLC strings and the sync metadata of a row.
import { z } from 'zod';

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

/** Per-field HLCs and the tombstone every synced row carries (see ../docs/protocol.md). */
export const syncMetaSchema = z.object({
  hlc: z.record(z.string(), hlcSchema),
  deleted: z.boolean(),
});
export type SyncMeta = z.infer<typeof syncMetaSchema>;
