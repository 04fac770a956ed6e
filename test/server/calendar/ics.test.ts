// The ICS builder on arbitrary rows: whatever the titles, notes and tags hold, ical.js reads the feed back with the
// same text (RFC 5545 escaping, folding at 75 octets), every task dated as stored, in any time zone.
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildFeed, icsText, rruleFor } from '../../../server/calendar/ics';
import type { StoredChange } from '../../../server/storage/types';
import { uuidv7 } from '../../../shared/id';
import { taskFields } from '../helpers';

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
const RULES = [
  null,
  'FREQ=DAILY',
  'FREQ=WEEKLY;BYDAY=MO,WE,FR',
  'FREQ=MONTHLY;BYMONTHDAY=-1',
  'FREQ=YEARLY;UNTIL=20301231T000000Z',
];

const text = fc.string({ unit: 'binary', maxLength: 120 });
const taskArb = fc.record({
  title: text.filter((t) => t.trim().length > 0),
  notes: text,
  tags: fc.array(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((t) => t.trim().length > 0),
    {
      maxLength: 3,
    },
  ),
  due: fc.oneof(
    // From 2025: the VTIMEZONE carries today's rules, and zones changed theirs in the past (Lord Howe in 2008).
    fc
      .date({ min: new Date('2025-01-01'), max: new Date('2090-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc
      .date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  ),
  rule: fc.constantFrom(...RULES),
});

function row(fields: Record<string, unknown>): StoredChange {
  return { table: 'tasks', key: uuidv7(), version: 1, deleted: false, fields, hlc: { title: '1764072000000-0000-c1' } };
}

describe('ICS builder', () => {
  it('round-trips any text and date through ical.js', () => {
    fc.assert(
      fc.property(fc.array(taskArb, { minLength: 1, maxLength: 6 }), fc.constantFrom(...ZONES), (tasks, zone) => {
        const rows = tasks.map((t) =>
          row(
            taskFields({
              title: t.title,
              notes: t.notes,
              tags: t.tags,
              dueAt: t.due,
              recurrence: t.rule ? { rule: t.rule, mode: 'due' } : null,
            }),
          ),
        );
        const feed = buildFeed({
          rows: { tasks: rows, milestones: [], projects: [], members: {} },
          timeZone: zone,
          userName: 'Ö; \\,',
        });
        for (const line of feed.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
        const calendar = new ICAL.Component(ICAL.parse(feed));
        for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
        const events = new Map(
          calendar.getAllSubcomponents('vevent').map((v) => [new ICAL.Event(v).uid, new ICAL.Event(v)] as const),
        );
        expect(events.size).toBe(rows.length);
        rows.forEach((r, i) => {
          const event = events.get(`task-${r.key}@waypoint`)!;
          const task = tasks[i]!;
          expect(event.summary).toBe(icsText(task.title.trim()));
          if (task.notes.trim()) expect(event.description).toContain(icsText(task.notes.trim()));
          if (task.due.includes('T')) {
            expect(event.startDate.isDate).toBe(false);
            // Second precision: the feed writes whole seconds.
            expect(Math.floor(event.startDate.toJSDate().getTime() / 1000)).toBe(
              Math.floor(Date.parse(task.due) / 1000),
            );
          } else {
            expect(event.startDate.isDate).toBe(true);
            expect(event.startDate.toString()).toBe(task.due);
          }
          expect(event.isRecurring()).toBe(task.rule !== null);
        });
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('both instants of the hour Paris shows twice (25 October 2026, 02:30) keep their time', () => {
    const rows = ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'].map((dueAt) => row(taskFields({ dueAt })));
    const feed = buildFeed({
      rows: { tasks: rows, milestones: [], projects: [], members: {} },
      timeZone: 'Europe/Paris',
      userName: 'A',
    });
    const calendar = new ICAL.Component(ICAL.parse(feed));
    for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    const starts = calendar
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v).startDate.toJSDate().toISOString())
      .sort();
    expect(starts).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
  });

  it('writes UNTIL as the DTSTART beside it needs', () => {
    expect(rruleFor('FREQ=DAILY;UNTIL=20261231T000000Z', true, 'Europe/Paris')).toBe('FREQ=DAILY;UNTIL=20261231');
    expect(rruleFor('FREQ=DAILY;UNTIL=20261231T000000Z', false, 'Europe/Paris')).toBe(
      'FREQ=DAILY;UNTIL=20261231T225959Z',
    );
    expect(rruleFor('FREQ=HOURLY', false, 'UTC')).toBeNull();
    expect(rruleFor('FREQ=DAILY;COUNT=3', false, 'UTC')).toBeNull();
  });
});
