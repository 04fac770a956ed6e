// The calendar feed: members turn on, regenerate (a new URL revokes the old) or turn off their private ICS link
// under /v1/calendar-feed, and calendar apps fetch GET /calendar/<token>.ics, built from the stored rows.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import {
  CALENDAR_API,
  type CalendarFeedCreated,
  type CalendarFeedStatus,
  calendarFeedRequestSchema,
  calendarTokenSchema,
} from '../../shared/calendar-feed';
import { uuidv7 } from '../../shared/id';
import { type AppEnv, clientAddress, type Deps, requireAuth, tooMany } from '../context';
import { sha256 } from '../crypto';
import { ApiError, readJson } from '../errors';
import { createRateLimiter, type RateLimitRule } from '../rate-limit';
import { publicOrigin } from './shares';

/** Rows of each kind a feed reads at most. */
export const CALENDAR_ROW_LIMIT = 5_000;

/** `wc_` + 43 base64url characters (256 random bits); only its SHA-256 hash is stored. */
export function newCalendarToken(): string {
  return `wc_${randomBytes(32).toString('base64url')}`;
}

/** Mounted at /v1/calendar-feed. `publicUrl` (WAYPOINT_PUBLIC_URL) overrides the request's origin in the link. */
export function createCalendarFeedRoutes(deps: Deps, publicUrl?: string) {
  const auth = requireAuth(deps);
  return new Hono<AppEnv>()
    .get('/', auth, async (c) => {
      const feed = await deps.storage.liveCalendarFeed(c.get('auth').userId);
      const status: CalendarFeedStatus = {
        active: feed !== undefined,
        createdAt: feed ? new Date(feed.createdAt).toISOString() : null,
        timeZone: feed?.timeZone ?? null,
      };
      return c.json(status, 200);
    })
    .post('/', auth, async (c) => {
      const { timeZone } = await readJson(c, calendarFeedRequestSchema, 'calendar feed request');
      const now = deps.now();
      const token = newCalendarToken();
      const feed = await deps.storage.createCalendarFeed({
        id: uuidv7(now),
        userId: c.get('auth').userId,
        tokenHash: sha256(token),
        timeZone,
        now,
      });
      const origin = publicUrl ? publicUrl.replace(/\/+$/, '') : publicOrigin(c, deps.trustedHops > 0);
      const url = `${origin}${CALENDAR_API.ics(token)}`;
      const created: CalendarFeedCreated = {
        url,
        webcalUrl: url.replace(/^https?:\/\//, 'webcal://'),
        createdAt: new Date(feed.createdAt).toISOString(),
        timeZone: feed.timeZone,
      };
      return c.json(created, 201);
    })
    .delete('/', auth, async (c) => {
      if (!(await deps.storage.revokeCalendarFeeds(c.get('auth').userId, deps.now()))) {
        throw new ApiError(404, 'NotFound', 'There is no calendar link to turn off');
      }
      return c.body(null, 204);
    });
}

/** Mounted at /calendar: the ICS itself, for calendar apps (no bearer token; the link is the secret). */
export function createCalendarIcsRoutes(deps: Deps, rule: RateLimitRule = { limit: 120, windowMs: 60_000 }) {
  const limiter = createRateLimiter(rule);
  return new Hono<AppEnv>().get('/:file', async (c) => {
    const wait = limiter.hit(clientAddress(c, deps.trustedHops), deps.now());
    if (wait > 0) throw tooMany(wait);
    const token = c.req.param('file').replace(/\.ics$/, '');
    const unknown = new ApiError(404, 'NotFound', 'This calendar link does not exist. Copy it again from Waypoint.');
    if (!calendarTokenSchema.safeParse(token).success) throw unknown;
    const feed = await deps.storage.findCalendarFeed(sha256(token));
    if (!feed) throw unknown;
    if (feed.revokedAt !== null) {
      throw new ApiError(
        410,
        'Gone',
        'This calendar link was replaced or turned off. Copy the new link from Waypoint’s options.',
      );
    }
    const user = await deps.storage.getUser(feed.userId);
    if (!user) throw unknown;
    const rows = await deps.storage.calendarRows(feed.userId, CALENDAR_ROW_LIMIT);
    // Loaded on the first feed request: luxon, ical-generator, the time zone table and rrule are a quarter of the
    // server's code, which a server no calendar app reads never needs in memory (bench/server.ts, idle RSS).
    const { buildFeed } = await import('../calendar/ics');
    const body = buildFeed({ rows, timeZone: feed.timeZone, userName: user.name });
    const etag = `"${sha256(body).slice(0, 32)}"`;
    const headers = {
      'Cache-Control': 'private, no-cache',
      ETag: etag,
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex, nofollow',
      'X-Content-Type-Options': 'nosniff',
    };
    const match = c.req.header('if-none-match');
    if (match?.split(',').some((tag) => tag.trim() === etag)) return c.body(null, 304, headers);
    return c.body(body, 200, {
      ...headers,
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="waypoint.ics"',
    });
  });
}
