// This person's reminder preferences on this device (Options → Reminders): the default reminder, date-only tasks,
// the morning digest and the overdue badge. A device setting, never synced: each person has their own default.
import { DEFAULT_REMINDER_PREFS, REMINDER_OFFSETS } from '@@/shared/reminders';
import { REMINDER_MAX_MINUTES } from '@@/shared/schemas/task';
import { z } from 'zod';
import type { ReminderSettings } from '../background/reminder-plan';
import type { WaypointDb } from '../db/database';

const minutesOfDay = z.number().int().min(0).max(24 * 60 - 1);

export const reminderSettingsSchema = z
  .object({
    defaultMinutes: z.number().int().min(0).max(REMINDER_MAX_MINUTES).nullable(),
    remindAllDay: z.boolean(),
    allDayMinutes: minutesOfDay,
    digest: z.boolean(),
    digestMinutes: minutesOfDay,
    badgeOverdue: z.boolean(),
  })
  .strict();

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  ...DEFAULT_REMINDER_PREFS,
  defaultMinutes: REMINDER_OFFSETS[0],
  digest: false,
  digestMinutes: 8 * 60,
  badgeOverdue: false,
};

const KEY = 'reminderSettings';

export async function readReminderSettings(db: WaypointDb): Promise<ReminderSettings> {
  const stored = (await db.settings.get(KEY))?.value;
  // A stored value from an older version keeps what still reads; the rest falls back to the defaults.
  const merged = { ...DEFAULT_REMINDER_SETTINGS, ...(typeof stored === 'object' && stored ? stored : {}) };
  const parsed = reminderSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_REMINDER_SETTINGS;
}

export async function writeReminderSettings(db: WaypointDb, patch: Partial<ReminderSettings>): Promise<ReminderSettings> {
  return db.transaction('rw', db.settings, async () => {
    const next = reminderSettingsSchema.parse({ ...(await readReminderSettings(db)), ...patch });
    await db.settings.put({ key: KEY, value: next });
    return next;
  });
}
