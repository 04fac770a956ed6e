// The calendar feed contract (issue 13): one private, revocable ICS URL per account, served by the team server.
import { z } from 'zod';

export const CALENDAR_API = {
  /** GET: is there a live feed (never its URL: only a hash is kept). POST: a new URL, revoking the old. DELETE: revoke. */
  feed: '/v1/calendar-feed',
  /** GET: the ICS itself, no authentication but the token in the path. */
  ics: (token: string) => `/calendar/${token}.ics`,
} as const;

/** `wc_` + 43 base64url characters (256 random bits); the server keeps only its SHA-256 hash. */
export const calendarTokenSchema = z.string().regex(/^wc_[A-Za-z0-9_-]{43}$/, 'Malformed calendar token');

/** An IANA time zone name the runtime knows (`Europe/Paris`), or `UTC`. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]+$/, 'Expected an IANA time zone such as Europe/Paris')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone');

export const calendarFeedRequestSchema = z.object({ timeZone: timeZoneSchema }).strict();

export const calendarFeedStatusSchema = z.object({
  active: z.boolean(),
  createdAt: z.string().nullable(),
  timeZone: z.string().nullable(),
});
export type CalendarFeedStatus = z.infer<typeof calendarFeedStatusSchema>;

/** The answer to a create: the only time the URL (with its token) is shown. */
export const calendarFeedCreatedSchema = z.object({
  url: z.string(),
  webcalUrl: z.string(),
  createdAt: z.string(),
  timeZone: z.string(),
});
export type CalendarFeedCreated = z.infer<typeof calendarFeedCreatedSchema>;
