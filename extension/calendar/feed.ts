// The calendar link of the signed-in account, from an extension page: ask the team server whether a link is on,
// make a new one (which revokes the old), turn it off. The server keeps only a hash, so the link itself is kept in
// this browser (storage.local) to be shown again; another browser sees "on" and can regenerate.
import {
  CALENDAR_API,
  type CalendarFeedCreated,
  type CalendarFeedStatus,
  calendarFeedCreatedSchema,
  calendarFeedStatusSchema,
} from '@@/shared/calendar-feed';
import { errorBodySchema } from '@@/shared/sync/protocol';
import browser from 'webextension-polyfill';
import { z } from 'zod';

export interface FeedAccount {
  serverUrl: string;
  token: string;
  user: { id: string };
}

const STORAGE_KEY = 'calendarFeed';
const storedSchema = calendarFeedCreatedSchema.extend({ serverUrl: z.string(), userId: z.string() });
export type StoredFeed = z.infer<typeof storedSchema>;

export class FeedError extends Error {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

async function call<S extends z.ZodType>(account: FeedAccount, method: string, schema: S, body?: unknown) {
  let response: Response;
  try {
    response = await fetch(`${account.serverUrl}${CALENDAR_API.feed}`, {
      method,
      headers: {
        authorization: `Bearer ${account.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    throw new FeedError(`Can't reach the team server at ${account.serverUrl}.`, String(cause));
  }
  const text = await response.text();
  let json: unknown = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { raw: text.slice(0, 200) };
  }
  if (response.status === 404 && method === 'GET') {
    throw new FeedError(
      'This team server has no calendar feed yet. Ask whoever runs it to upgrade Waypoint’s server.',
      `HTTP 404 ${CALENDAR_API.feed}`,
    );
  }
  if (!response.ok) {
    const error = errorBodySchema.safeParse(json);
    throw new FeedError(
      error.success ? error.data.message : `The server answered HTTP ${response.status}.`,
      `HTTP ${response.status} ${method} ${CALENDAR_API.feed}: ${text.slice(0, 300)}`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new FeedError('Unexpected answer from the team server.', text.slice(0, 300));
  return parsed.data as z.infer<S>;
}

export async function feedStatus(account: FeedAccount): Promise<CalendarFeedStatus> {
  return call(account, 'GET', calendarFeedStatusSchema);
}

export async function storedFeed(account: FeedAccount): Promise<StoredFeed | null> {
  const value = (await browser.storage.local.get(STORAGE_KEY))[STORAGE_KEY];
  const parsed = storedSchema.safeParse(value);
  return parsed.success && parsed.data.serverUrl === account.serverUrl && parsed.data.userId === account.user.id
    ? parsed.data
    : null;
}

/** A new link in the browser's time zone; the previous one stops working. */
export async function createFeed(account: FeedAccount, timeZone: string): Promise<StoredFeed> {
  const created: CalendarFeedCreated = await call(account, 'POST', calendarFeedCreatedSchema, { timeZone });
  const stored: StoredFeed = { ...created, serverUrl: account.serverUrl, userId: account.user.id };
  await browser.storage.local.set({ [STORAGE_KEY]: stored });
  return stored;
}

export async function turnOffFeed(account: FeedAccount): Promise<void> {
  try {
    await call(account, 'DELETE', z.unknown());
  } catch (error) {
    // Already off (another browser turned it off): the goal is reached.
    if (!(error instanceof FeedError && error.details.startsWith('HTTP 404'))) throw error;
  }
  await browser.storage.local.remove(STORAGE_KEY);
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
