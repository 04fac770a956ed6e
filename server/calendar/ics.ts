// The ICS text of one account's calendar feed, built with ical-generator (RFC 5545 escaping and line folding),
// Luxon (wall time in the subscriber's zone) and timezones-ical-library (the VTIMEZONE that TZID points to).
//
// - A due date without a time is an all-day VEVENT (DTSTART;VALUE=DATE, DTEND the next day); a due instant is a
//   timed VEVENT in the feed's zone (DTSTART;TZID=…), lasting the task's estimate (30 minutes without one).
// - UIDs are stable (`task-<id>@waypoint`); SEQUENCE, DTSTAMP and LAST-MODIFIED come from the row's newest field
//   clock, so a calendar that refreshes sees an edit as a new revision of the same event.
// - A repeat that follows the calendar is passed through as its RRULE (UNTIL rewritten to the form RFC 5545
//   requires for the DTSTART beside it); a repeat counted from completion has no fixed future, so it has none.
import ical, { ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { ruleOptions } from '../../shared/recurrence';
import { isSafeUrl } from '../../shared/safe-url';
import type { Milestone } from '../../shared/schemas/planning';
import type { Project } from '../../shared/schemas/project';
import type { Task } from '../../shared/schemas/task';
import { parseRows } from '../routes/status-page';
import type { StoredChange } from '../storage/types';
import type { CalendarRows } from './storage';

/** Words the feed writes into people's calendars. */
const words = {
  calendarName: (name: string) => `Waypoint: ${name}`,
  calendarDescription: 'Your dated Waypoint tasks and the milestones of your projects',
  milestone: (title: string) => `◆ ${title}`,
  milestoneDone: (title: string) => `◆ ✓ ${title}`,
  project: (name: string) => `Project: ${name}`,
  inbox: 'Inbox',
  assignee: (name: string) => `Assigned to: ${name}`,
  source: (url: string) => `Source: ${url}`,
  priority: (p: number) => `Priority: P${p}`,
};

const DEFAULT_MINUTES = 30;

/**
 * Text as RFC 5545 allows it in a TEXT value: no control characters but tab and newline (CR and CRLF become LF;
 * ical-generator then escapes `\\ ; ,` and newlines), and well-formed UTF-16 so the UTF-8 body is valid.
 */
export function icsText(value: string): string {
  return (
    value
      .toWellFormed()
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  );
}

/** SEQUENCE counts seconds from here: an increasing 32-bit integer until 2088. */
const SEQUENCE_EPOCH_MS = Date.UTC(2020, 0, 1);

export interface FeedInput {
  rows: CalendarRows;
  timeZone: string;
  userName: string;
}

/** The newest clock of a row's fields (HLCs start with 13 digits of milliseconds, so strings sort as times). */
function lastWrite(row: StoredChange): number {
  let newest = '';
  for (const hlc of Object.values(row.hlc ?? {})) if (typeof hlc === 'string' && hlc > newest) newest = hlc;
  const ms = Number(newest.slice(0, 13));
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** The VTIMEZONE block of a zone, or null when the library does not know it (the feed then writes UTC). */
export function vtimezone(zone: string): string | null {
  if (zone === 'UTC' || zone === 'Etc/UTC') return null;
  try {
    const block = tzlib_get_ical_block(zone);
    const text = Array.isArray(block) ? block[0] : undefined;
    return text?.startsWith('BEGIN:VTIMEZONE') ? text : null;
  } catch {
    return null;
  }
}

/**
 * The task's rule as an RRULE value beside its DTSTART, or null. `allDay` DTSTARTs need an UNTIL date; timed ones
 * (TZID or UTC) need an UNTIL in UTC: the end of the until-day in the feed's zone.
 */
export function rruleFor(rule: string, allDay: boolean, zone: string): string | null {
  if (!ruleOptions(rule)) return null;
  const parts: string[] = [];
  for (const part of rule.split(';')) {
    const [name, value = ''] = part.split('=');
    if (name === 'COUNT' || name === 'DTSTART' || name === 'TZID') continue;
    if (name === 'UNTIL') {
      const day = /^(\d{4})(\d{2})(\d{2})/.exec(value);
      if (!day) return null;
      if (allDay) parts.push(`UNTIL=${day[1]}${day[2]}${day[3]}`);
      else {
        const end = DateTime.fromObject(
          { year: Number(day[1]), month: Number(day[2]), day: Number(day[3]), hour: 23, minute: 59, second: 59 },
          { zone },
        ).toUTC();
        if (!end.isValid) return null;
        parts.push(`UNTIL=${end.toFormat("yyyyLLdd'T'HHmmss'Z'")}`);
      }
      continue;
    }
    parts.push(part);
  }
  return parts.join(';');
}

const ICAL_PRIORITY: Record<number, number> = { 1: 1, 2: 3, 3: 5 };

export function buildFeed({ rows, timeZone, userName }: FeedInput): string {
  const zoneBlock = vtimezone(timeZone);
  const zone = zoneBlock ? timeZone : 'UTC';
  const calendar = ical({
    prodId: { company: 'Waypoint', product: 'Calendar feed', language: 'EN' },
    name: icsText(words.calendarName(userName)),
    description: words.calendarDescription,
    // Calendars that honour it refresh every 15 minutes (REFRESH-INTERVAL and X-PUBLISHED-TTL).
    ttl: 15 * 60,
    // No calendar-level zone name: ical-generator would then write DTSTAMP and CREATED as local times, which RFC
    // 5545 forbids (they are UTC). Timed events carry TZID themselves; the generator adds the VTIMEZONE they name.
    ...(zoneBlock ? { timezone: { name: null, generator: (name: string) => (name === zone ? zoneBlock : null) } } : {}),
    x: { 'X-WR-TIMEZONE': zone },
  });

  const projects = new Map(parseRows<Project>('projects', rows.projects).map((p) => [p.id, p] as const));
  const stamps = new Map<string, number>();
  for (const row of [...rows.tasks, ...rows.milestones]) stamps.set(`${row.table}:${row.key}`, lastWrite(row));
  const revision = (table: string, id: string, fallback: string) => {
    const ms = stamps.get(`${table}:${id}`) || Date.parse(fallback) || SEQUENCE_EPOCH_MS;
    return {
      stamp: DateTime.fromMillis(ms, { zone: 'UTC' }),
      sequence: Math.max(0, Math.floor((ms - SEQUENCE_EPOCH_MS) / 1000)),
    };
  };
  const dayAfter = (date: string) => DateTime.fromISO(date, { zone }).plus({ days: 1 });

  for (const task of parseRows<Task>('tasks', rows.tasks)) {
    if (!task.dueAt || task.status === 'done') continue;
    const project = task.projectId ? projects.get(task.projectId) : undefined;
    // A task of a deleted project is gone from every list; the feed follows.
    if (task.projectId && !project) continue;
    const allDay = !task.dueAt.includes('T');
    const { stamp, sequence } = revision('tasks', task.id, task.createdAt);
    let start = allDay ? DateTime.fromISO(task.dueAt, { zone }) : DateTime.fromISO(task.dueAt).setZone(zone);
    if (!start.isValid) continue;
    // A wall time the zone shows twice (the hour clocks go back) cannot name the later instant: write that one in UTC.
    const { year, month, day, hour, minute, second } = start;
    const ambiguous =
      !allDay &&
      DateTime.fromObject({ year, month, day, hour, minute, second }, { zone }).toMillis() !==
        start.startOf('second').toMillis();
    if (ambiguous) start = start.toUTC();
    const end = allDay ? dayAfter(task.dueAt) : start.plus({ minutes: task.estimateMinutes ?? DEFAULT_MINUTES });
    const sourceUrl = task.source?.url && isSafeUrl(task.source.url) ? task.source.url : null;
    const assignee = task.assigneeId ? rows.members[task.assigneeId] : undefined;
    const description = icsText(
      [
        words.project(project?.name ?? words.inbox),
        ...(assignee ? [words.assignee(assignee)] : []),
        ...(task.priority < 4 ? [words.priority(task.priority)] : []),
        ...(sourceUrl ? [words.source(sourceUrl)] : []),
        ...(task.notes.trim() ? ['', task.notes.trim()] : []),
      ].join('\n'),
    );
    const rule =
      task.recurrence && task.recurrence.mode === 'due' ? rruleFor(task.recurrence.rule, allDay, zone) : null;
    calendar.createEvent({
      id: `task-${task.id}@waypoint`,
      summary: icsText(task.title),
      description,
      start,
      end,
      allDay,
      ...(allDay ? {} : { timezone: zone === 'UTC' || ambiguous ? null : zone }),
      stamp,
      lastModified: stamp,
      created: DateTime.fromISO(task.createdAt).toUTC(),
      sequence,
      transparency: ICalEventTransparency.TRANSPARENT,
      categories: task.tags.map((name) => ({ name: icsText(name) })).filter((c) => c.name),
      ...(ICAL_PRIORITY[task.priority] ? { priority: ICAL_PRIORITY[task.priority] } : {}),
      ...(sourceUrl ? { url: sourceUrl } : {}),
      ...(rule ? { repeating: `RRULE:${rule}` } : {}),
    });
  }

  for (const milestone of parseRows<Milestone>('milestones', rows.milestones)) {
    if (!milestone.dueAt) continue;
    const project = projects.get(milestone.projectId);
    if (!project || project.status === 'done' || project.status === 'cancelled') continue;
    const start = DateTime.fromISO(milestone.dueAt, { zone });
    if (!start.isValid) continue;
    const { stamp, sequence } = revision('milestones', milestone.id, milestone.createdAt);
    calendar.createEvent({
      id: `milestone-${milestone.id}@waypoint`,
      summary: icsText(milestone.done ? words.milestoneDone(milestone.title) : words.milestone(milestone.title)),
      description: icsText(words.project(project.name)),
      start,
      end: dayAfter(milestone.dueAt),
      allDay: true,
      stamp,
      lastModified: stamp,
      sequence,
      transparency: ICalEventTransparency.TRANSPARENT,
      categories: [{ name: icsText(project.name) }],
    });
  }
  return calendar.toString();
}
