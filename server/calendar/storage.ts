// The calendar feed part of the storage interface: one live feed per account (a new one revokes the old), and the
// rows a feed shows, read from the synced rows of every team the account belongs to.
import type { StoredChange } from '../storage/types';

export interface CalendarFeedRecord {
  id: string;
  userId: string;
  timeZone: string;
  createdAt: number;
  revokedAt: number | null;
}

/** What one account's feed is made of, read in one pass (live rows only; tasks already filtered to the account). */
export interface CalendarRows {
  /** Dated, not deleted tasks assigned to the account, or unassigned ones it created (first wrote). */
  tasks: StoredChange[];
  /** Dated, not deleted milestones of the account's teams. */
  milestones: StoredChange[];
  /** The live projects of those teams (to name them and to leave out rows of a deleted project). */
  projects: StoredChange[];
  /** Member names by id, for the assignee line. */
  members: Record<string, string>;
}

export interface CalendarStorage {
  /** Revoke the account's live feeds and create this one, atomically. */
  createCalendarFeed(input: {
    id: string;
    userId: string;
    tokenHash: string;
    timeZone: string;
    now: number;
  }): Promise<CalendarFeedRecord>;
  /** The account's live feed, if any. */
  liveCalendarFeed(userId: string): Promise<CalendarFeedRecord | undefined>;
  /** Revoke the account's live feeds; false when there was none. */
  revokeCalendarFeeds(userId: string, now: number): Promise<boolean>;
  /** A feed by the hash of its token, revoked or not. */
  findCalendarFeed(tokenHash: string): Promise<CalendarFeedRecord | undefined>;
  calendarRows(userId: string, limit: number): Promise<CalendarRows>;
}
