// The calendar feed through the app on SQLite and PostgreSQL: turning the link on, regenerating (the old link then
// answers 410), turning it off, which rows it shows, and the ICS itself read back with a real parser (ical.js).
import ICAL from 'ical.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../../server/storage/sqlite';
import type { Storage } from '../../../server/storage/types';
import { CALENDAR_API, calendarFeedCreatedSchema, calendarFeedStatusSchema } from '../../../shared/calendar-feed';
import {
  call,
  createTeam,
  createTestApp,
  freshPostgresStorage,
  hlcAt,
  invite,
  join,
  newKey,
  pushBody,
  taskFields,
} from '../helpers';

const pgUrl = process.env.WAYPOINT_TEST_DATABASE_URL;
const opened: Storage[] = [];
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => undefined);
});

const storages: [string, () => Promise<Storage>][] = [
  ['sqlite', async () => createSqliteStorage({ path: ':memory:' })],
  ...(pgUrl
    ? ([
        [
          'postgres',
          async () => {
            const storage = await freshPostgresStorage('waypoint_calendar_test');
            opened.push(storage);
            return storage;
          },
        ],
      ] as [string, () => Promise<Storage>][])
    : []),
];

const CREATED_AT = '2026-11-20T09:00:00.000Z';

async function setup(storage: Storage) {
  const t = createTestApp({ storage });
  const owner = await createTeam(t.app, 'Launch team', 'Olive Owner');
  const code = await invite(t.app, owner.token, owner.team.id, 'member');
  const member = await join(t.app, code, 'Max Member');
  return { ...t, owner, member, teamId: owner.team.id, seqs: new Map<string, number>() };
}
type Setup = Awaited<ReturnType<typeof setup>>;

type Row = { table: string; key: string; fields?: Record<string, unknown>; delete?: boolean };

/** Push rows as one person (its own HLC client id), at the clock's time. */
async function pushAs(s: Setup, who: 'owner' | 'member', rows: Row[]) {
  const clientId = who === 'owner' ? 'c1' : 'c2';
  const token = who === 'owner' ? s.owner.token : s.member.token;
  const seq0 = (s.seqs.get(clientId) ?? 0) + 1;
  s.seqs.set(clientId, seq0 + rows.length - 1);
  const mutations = rows.map((r, i) =>
    r.delete
      ? { seq: seq0 + i, op: 'delete', table: r.table, key: r.key, hlc: hlcAt(s.clock.now(), clientId, i) }
      : {
          seq: seq0 + i,
          op: 'upsert',
          table: r.table,
          key: r.key,
          fields: r.fields,
          hlc: hlcAt(s.clock.now(), clientId, i),
        },
  );
  const res = await call(s.app, 'POST', '/v1/sync/push', { token, body: pushBody(s.teamId, clientId, mutations) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.rejected).toEqual([]);
}

const projectFields = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  objective: '',
  status: 'active',
  startAt: null,
  dueAt: null,
  color: '#2563eb',
  urlRules: [],
  archived: false,
  createdBy: 'Olive Owner',
  createdAt: CREATED_AT,
  ...overrides,
});

const milestoneFields = (projectId: string, overrides: Record<string, unknown> = {}) => ({
  projectId,
  createdBy: 'Olive Owner',
  createdAt: CREATED_AT,
  kind: 'milestone',
  title: 'Beta ships',
  dueAt: '2026-12-15',
  done: false,
  order: 1,
  ...overrides,
});

async function turnOn(s: Setup, timeZone = 'Europe/Paris', token = s.owner.token) {
  const res = await call(s.app, 'POST', CALENDAR_API.feed, { token, body: { timeZone } });
  expect(res.status).toBe(201);
  return calendarFeedCreatedSchema.parse(res.body);
}

async function fetchIcs(s: Setup, url: string, headers: Record<string, string> = {}) {
  const res = await s.app.request(new URL(url).pathname, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The feed parsed by ical.js, its time zones registered so TZID times convert to instants. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  const byUid = new Map(events.map((e) => [e.uid, e] as const));
  return { calendar, events, byUid };
}

describe.each(storages)('calendar feed (%s)', (_name, makeStorage) => {
  it('turns on, regenerates (the old link answers 410) and turns off; bad input gets 4xx JSON', async () => {
    const s = await setup(await makeStorage());
    const status = async () =>
      calendarFeedStatusSchema.parse((await call(s.app, 'GET', CALENDAR_API.feed, { token: s.owner.token })).body);
    expect(await status()).toEqual({ active: false, createdAt: null, timeZone: null });

    expect((await call(s.app, 'GET', CALENDAR_API.feed)).status).toBe(401);
    for (const body of [{}, { timeZone: 'Mars/Olympus' }, { timeZone: 'Europe/Paris', extra: 1 }, { timeZone: 7 }]) {
      const res = await call(s.app, 'POST', CALENDAR_API.feed, { token: s.owner.token, body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'Invalid', message: expect.any(String) });
    }
    const bad = await call(s.app, 'POST', CALENDAR_API.feed, { token: s.owner.token, raw: '{nope' });
    expect(bad.status).toBe(400);

    const first = await turnOn(s);
    expect(first.url).toMatch(/^http:\/\/localhost\/calendar\/wc_[A-Za-z0-9_-]{43}\.ics$/);
    expect(first.webcalUrl).toBe(first.url.replace('http://', 'webcal://'));
    expect(await status()).toMatchObject({ active: true, timeZone: 'Europe/Paris' });
    // The status never carries the link: only its hash is stored.
    expect(JSON.stringify(await status())).not.toContain(new URL(first.url).pathname.slice(10, 40));
    const ok = await fetchIcs(s, first.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(ok.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);

    const second = await turnOn(s, 'America/New_York');
    expect(second.url).not.toBe(first.url);
    const gone = await fetchIcs(s, first.url);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.text)).toMatchObject({ error: 'Gone' });
    expect((await fetchIcs(s, second.url)).status).toBe(200);
    expect(await status()).toMatchObject({ active: true, timeZone: 'America/New_York' });

    // Another account's feed is its own: turning one off leaves the other.
    const other = await turnOn(s, 'UTC', s.member.token);
    expect((await call(s.app, 'DELETE', CALENDAR_API.feed, { token: s.owner.token })).status).toBe(204);
    expect((await fetchIcs(s, second.url)).status).toBe(410);
    expect((await fetchIcs(s, other.url)).status).toBe(200);
    expect(await status()).toEqual({ active: false, createdAt: null, timeZone: null });
    const again = await call(s.app, 'DELETE', CALENDAR_API.feed, { token: s.owner.token });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: 'NotFound' });

    for (const path of [
      '/calendar/nope.ics',
      `/calendar/wc_${'A'.repeat(43)}.ics`,
      `/calendar/wc_${'A'.repeat(43)}`,
      '/calendar/%00%ff.ics',
      `/calendar/${'x'.repeat(5000)}.ics`,
      '/calendar/wc_..%2f..%2fetc.ics',
    ]) {
      const res = await s.app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'NotFound', message: expect.any(String) });
    }
  });

  it('shows my dated tasks and my projects’ milestones, all-day and timed right, with RRULE and escaping', async () => {
    const s = await setup(await makeStorage());
    const ownerId = s.owner.user.id;
    const memberId = s.member.user.id;
    const launch = newKey();
    const dropped = newKey();
    const keys = {
      allDay: newKey(),
      timed: newKey(),
      weekly: newKey(),
      afterCompletion: newKey(),
      mineByMember: newKey(),
      othersUnassigned: newKey(),
      assignedToMember: newKey(),
      done: newKey(),
      undated: newKey(),
      inDroppedProject: newKey(),
    };
    const tricky = `Call ACME, then; sign \\ the "deal"\nsecond line — 🎉 ${'long '.repeat(30)}end`;
    await pushAs(s, 'owner', [
      { table: 'projects', key: launch, fields: projectFields('Launch') },
      { table: 'projects', key: dropped, fields: projectFields('Dropped') },
      { table: 'milestones', key: newKey(), fields: milestoneFields(launch) },
      { table: 'milestones', key: newKey(), fields: milestoneFields(launch, { title: 'No date', dueAt: null }) },
      {
        table: 'tasks',
        key: keys.allDay,
        fields: taskFields({
          title: tricky,
          dueAt: '2026-12-03',
          assigneeId: ownerId,
          projectId: launch,
          tags: ['a,b'],
        }),
      },
      {
        table: 'tasks',
        key: keys.timed,
        fields: taskFields({
          title: 'Send invoice',
          dueAt: '2026-12-04T16:00:00.000Z',
          estimateMinutes: 45,
          source: {
            kind: 'page',
            url: 'https://example.com/invoice?a=1&b=2',
            pageTitle: 'Invoice',
            capturedAt: CREATED_AT,
          },
          notes: 'Amount: 1,200 €',
        }),
      },
      {
        table: 'tasks',
        key: keys.weekly,
        fields: taskFields({
          title: 'Standup',
          dueAt: '2026-11-30T08:00:00.000Z',
          recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20270329T000000Z', mode: 'due' },
        }),
      },
      {
        table: 'tasks',
        key: keys.afterCompletion,
        fields: taskFields({
          title: 'Water plants',
          dueAt: '2026-12-01',
          recurrence: { rule: 'FREQ=DAILY;INTERVAL=3', mode: 'completion' },
        }),
      },
      { table: 'tasks', key: keys.assignedToMember, fields: taskFields({ dueAt: '2026-12-05', assigneeId: memberId }) },
      { table: 'tasks', key: keys.done, fields: taskFields({ dueAt: '2026-12-05', status: 'done' }) },
      { table: 'tasks', key: keys.undated, fields: taskFields({ title: 'Someday' }) },
      { table: 'tasks', key: keys.inDroppedProject, fields: taskFields({ dueAt: '2026-12-05', projectId: dropped }) },
    ]);
    await pushAs(s, 'member', [
      {
        table: 'tasks',
        key: keys.mineByMember,
        fields: taskFields({ title: 'For Olive', dueAt: '2026-12-06', assigneeId: ownerId }),
      },
      { table: 'tasks', key: keys.othersUnassigned, fields: taskFields({ title: 'Max’s own', dueAt: '2026-12-06' }) },
    ]);
    await pushAs(s, 'owner', [{ table: 'projects', key: dropped, delete: true }]);

    const feed = await turnOn(s, 'Europe/Paris');
    const { text } = await fetchIcs(s, feed.url);
    // RFC 5545: CRLF line ends and lines of at most 75 octets.
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const { calendar, byUid } = parseFeed(text);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Paris');
    expect([...byUid.keys()].sort()).toEqual(
      [
        `task-${keys.allDay}@waypoint`,
        `task-${keys.timed}@waypoint`,
        `task-${keys.weekly}@waypoint`,
        `task-${keys.afterCompletion}@waypoint`,
        `task-${keys.mineByMember}@waypoint`,
        expect.stringMatching(/^milestone-.+@waypoint$/),
      ].sort(),
    );

    const allDay = byUid.get(`task-${keys.allDay}@waypoint`)!;
    expect(allDay.summary).toBe(tricky);
    expect(allDay.startDate.isDate).toBe(true);
    expect(allDay.startDate.toString()).toBe('2026-12-03');
    expect(allDay.endDate.toString()).toBe('2026-12-04');
    expect(allDay.description).toContain('Project: Launch');
    expect(allDay.description).toContain('Assigned to: Olive Owner');
    expect(allDay.component.getFirstPropertyValue('categories')).toBe('a,b');

    const timed = byUid.get(`task-${keys.timed}@waypoint`)!;
    expect(timed.startDate.isDate).toBe(false);
    expect(timed.startDate.zone?.tzid).toBe('Europe/Paris');
    expect(timed.startDate.toJSDate().toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(timed.endDate.toJSDate().toISOString()).toBe('2026-12-04T16:45:00.000Z');
    expect(timed.description).toContain('Amount: 1,200 €');
    expect(timed.component.getFirstPropertyValue('url')).toBe('https://example.com/invoice?a=1&b=2');

    const weekly = byUid.get(`task-${keys.weekly}@waypoint`)!;
    expect(weekly.isRecurring()).toBe(true);
    const it = weekly.iterator();
    const occurrences: string[] = [];
    for (let next = it.next(); next; next = it.next()) occurrences.push(next.toJSDate().toISOString());
    // 09:00 in Paris every Monday, across nothing but winter time, up to and including Monday 29 March 2027 (summer).
    expect(occurrences[0]).toBe('2026-11-30T08:00:00.000Z');
    expect(occurrences[1]).toBe('2026-12-07T08:00:00.000Z');
    expect(occurrences.at(-1)).toBe('2027-03-29T07:00:00.000Z');
    expect(occurrences).toHaveLength(18);

    // A repeat counted from completion has no fixed future: one event, no RRULE.
    expect(byUid.get(`task-${keys.afterCompletion}@waypoint`)!.isRecurring()).toBe(false);

    const milestone = [...byUid.values()].find((e) => e.uid.startsWith('milestone-'))!;
    expect(milestone.summary).toBe('◆ Beta ships');
    expect(milestone.startDate.isDate).toBe(true);
    expect(milestone.startDate.toString()).toBe('2026-12-15');
    expect(milestone.description).toBe('Project: Launch');
  });

  it('an edit shows on refresh: same UID, higher SEQUENCE and DTSTAMP; unchanged feeds answer 304', async () => {
    const s = await setup(await makeStorage());
    const key = newKey();
    await pushAs(s, 'owner', [{ table: 'tasks', key, fields: taskFields({ title: 'Draft', dueAt: '2026-12-03' }) }]);
    const feed = await turnOn(s, 'UTC');
    const before = await fetchIcs(s, feed.url);
    const etag = before.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const unchanged = await fetchIcs(s, feed.url, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    const event = (text: string) => parseFeed(text).byUid.get(`task-${key}@waypoint`)!;
    const first = event(before.text);

    s.clock.advance(90_000);
    await pushAs(s, 'owner', [
      { table: 'tasks', key, fields: taskFields({ title: 'Final', dueAt: '2026-12-04T10:30:00.000Z' }) },
    ]);
    const after = await fetchIcs(s, feed.url, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    const second = event(after.text);
    expect(second.summary).toBe('Final');
    expect(second.sequence).toBeGreaterThan(first.sequence);
    const stamp = (e: ICAL.Event) => (e.component.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime();
    expect(stamp(second) - stamp(first)).toBe(90_000);
    // A UTC feed writes UTC times.
    expect(second.startDate.toJSDate().toISOString()).toBe('2026-12-04T10:30:00.000Z');
    expect(after.text).toContain('DTSTART:20261204T103000Z');

    await pushAs(s, 'owner', [{ table: 'tasks', key, delete: true }]);
    expect(parseFeed((await fetchIcs(s, feed.url)).text).events).toHaveLength(0);
  });
});
