import { parseQuickAdd, type QuickAddOptions, tokenId } from '@@/shared/quick-add';
import { dueSchema } from '@@/shared/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Wednesday 25 November 2026, 10:00 UTC. Most cases pin timeZone: 'UTC' so they hold on any machine.
const NOW = new Date('2026-11-25T10:00:00.000Z');
const PROJECTS = [
  { id: 'p-launch', name: 'Launch' },
  { id: 'p-product-launch', name: 'Product Launch' },
  { id: 'p-web', name: 'Website Redesign' },
];
const utc = (extra: Partial<QuickAddOptions> = {}): QuickAddOptions => ({
  now: NOW,
  projects: PROJECTS,
  timeZone: 'UTC',
  ...extra,
});
const parse = (text: string, extra: Partial<QuickAddOptions> = {}) => parseQuickAdd(text, utc(extra));

describe('parseQuickAdd: the example from the issue', () => {
  it('parses date, time, project and priority, keeping the rest as the title', () => {
    const text = 'Send invoice to ACME fri 5pm #Launch !1';
    const result = parse(text);
    expect(result).toMatchObject({
      title: 'Send invoice to ACME',
      dueAt: '2026-11-27T17:00:00.000Z',
      projectId: 'p-launch',
      priority: 1,
      tags: [],
      assignee: null,
    });
    expect(result.tokens).toEqual([
      { id: 'due:fri 5pm', kind: 'due', text: 'fri 5pm', label: 'Fri 17:00', start: 21, end: 28 },
      { id: 'project:#launch', kind: 'project', text: '#Launch', label: '#Launch', start: 29, end: 36 },
      { id: 'priority:!1', kind: 'priority', text: '!1', label: 'P1', start: 37, end: 39 },
    ]);
    for (const token of result.tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
    expect(dueSchema.safeParse(result.dueAt).success).toBe(true);
  });
});

describe('parseQuickAdd: false positives stay in the title', () => {
  it.each([
    'The 5th Wave',
    'check money',
    'Read Fahrenheit 451',
    'Call May about the report',
    'Review section 2',
    'Buy 2 apples',
    'order 66',
    'Update v2.5 docs',
    'Meet at the Sunday Times office',
    'March of the Penguins review',
    'Buy Sunday Times',
    'Watch Friday Night Lights',
    'Black Friday prep',
    'Buy sun cream',
    'Fix the sat nav',
    'Card for the newly wed couple',
    'Read John 3:16',
    'Look at 2 options',
    'Fix #123 crash',
    'Email bob@example.com',
    'Flat 5a keys',
    'Monday.com integration',
    'Pay 2.50 fee',
    'Mayday drill',
    'Read "The Sunday" essay',
    'Ask Jan 3 questions',
    'march 5 miles',
    'Turn to page on 5',
    'Book a table for 2',
    'Next steps for the launch',
  ])('%s', (text) => {
    const result = parse(text);
    expect(result.tokens).toEqual([]);
    expect(result.dueAt).toBeNull();
    expect(result.title).toBe(text.replace(/\s+/g, ' '));
  });
});

describe('parseQuickAdd: a weekday after "every" is a recurrence, not a due', () => {
  it('Team sync every monday', () => {
    const result = parse('Team sync every monday');
    expect(result.title).toBe('Team sync');
    expect(result.recurrence).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'due' });
    expect(result.dueAt).toBe('2026-11-30');
    expect(result.tokens.map((token) => [token.kind, token.label])).toEqual([['recurrence', 'every Monday']]);
  });
});

describe('parseQuickAdd: dates', () => {
  // Today is Wednesday 2026-11-25 (UTC), 10:00.
  it.each([
    ['Pay rent today', 'Pay rent', '2026-11-25', 'Today'],
    ['Pay rent tonight', 'Pay rent', '2026-11-25', 'Today'],
    ['Pay rent tomorrow', 'Pay rent', '2026-11-26', 'Tomorrow'],
    ['Pay rent tmrw', 'Pay rent', '2026-11-26', 'Tomorrow'],
    ['Pay rent fri', 'Pay rent', '2026-11-27', 'Fri'],
    ['Pay rent Friday', 'Pay rent', '2026-11-27', 'Fri'],
    ['Pay rent on Friday', 'Pay rent', '2026-11-27', 'Fri'],
    ['Pay rent by thurs', 'Pay rent', '2026-11-26', 'Tomorrow'],
    ['Pay rent due on mon', 'Pay rent', '2026-11-30', 'Mon'],
    ['Pay rent mon', 'Pay rent', '2026-11-30', 'Mon'],
    ['Pay rent tue', 'Pay rent', '2026-12-01', 'Tue'],
    ['Pay rent wed', 'Pay rent', '2026-11-25', 'Today'],
    ['Pay rent this friday', 'Pay rent', '2026-11-27', 'Fri'],
    ['Pay rent next friday', 'Pay rent', '2026-12-04', 'Dec 4'],
    ['Pay rent next mon', 'Pay rent', '2026-11-30', 'Mon'],
    ['Pay rent next week', 'Pay rent', '2026-11-30', 'Mon'],
    ['Pay rent next month', 'Pay rent', '2026-12-01', 'Tue'],
    ['Pay rent this weekend', 'Pay rent', '2026-11-28', 'Sat'],
    ['Walk the dog sun', 'Walk the dog', '2026-11-29', 'Sun'],
    ['Walk the dog on sat', 'Walk the dog', '2026-11-28', 'Sat'],
    ['Pay rent in 3 days', 'Pay rent', '2026-11-28', 'Sat'],
    ['Pay rent in a week', 'Pay rent', '2026-12-02', 'Dec 2'],
    ['Pay rent in two weeks', 'Pay rent', '2026-12-09', 'Dec 9'],
    ['Pay rent in 1 month', 'Pay rent', '2026-12-25', 'Dec 25'],
    ['Pay rent dec 3', 'Pay rent', '2026-12-03', 'Dec 3'],
    ['Pay rent Dec. 3rd', 'Pay rent', '2026-12-03', 'Dec 3'],
    ['Pay rent december 3, 2027', 'Pay rent', '2027-12-03', 'Dec 3, 2027'],
    ['Pay rent 3 dec', 'Pay rent', '2026-12-03', 'Dec 3'],
    ['Pay rent 3rd of December', 'Pay rent', '2026-12-03', 'Dec 3'],
    ['Pay rent May 5', 'Pay rent', '2027-05-05', 'May 5, 2027'],
    ['Pay rent nov 25', 'Pay rent', '2026-11-25', 'Today'],
    ['Pay rent nov 24', 'Pay rent', '2027-11-24', 'Nov 24, 2027'],
    ['Pay rent 2026-12-24', 'Pay rent', '2026-12-24', 'Dec 24'],
    ['Pay rent feb 29', 'Pay rent', '2028-02-29', 'Feb 29, 2028'],
    ['Prepare slides for Monday', 'Prepare slides', '2026-11-30', 'Mon'],
    ['Party on the 5th of May', 'Party', '2027-05-05', 'May 5, 2027'],
    ['Ship Jan 3rd', 'Ship', '2027-01-03', 'Jan 3, 2027'],
    ['Ship jan 3 2027', 'Ship', '2027-01-03', 'Jan 3, 2027'],
  ])('%s', (text, title, dueAt, label) => {
    const result = parse(text);
    expect(result.title).toBe(title);
    expect(result.dueAt).toBe(dueAt);
    expect(result.tokens).toHaveLength(1);
    expect(result.tokens[0]?.kind).toBe('due');
    expect(result.tokens[0]?.label).toBe(label);
  });

  it('rejects days that do not exist', () => {
    expect(parse('Pay rent feb 30').dueAt).toBeNull();
    expect(parse('Pay rent 2026-02-30').dueAt).toBeNull();
    expect(parse('Pay rent feb 30').title).toBe('Pay rent feb 30');
  });
});

describe('parseQuickAdd: times', () => {
  it.each([
    ['Call Ann 5pm', 'Call Ann', '2026-11-25T17:00:00.000Z', 'Today 17:00'],
    ['Call Ann 5 pm', 'Call Ann', '2026-11-25T17:00:00.000Z', 'Today 17:00'],
    ['Call Ann 5:30pm', 'Call Ann', '2026-11-25T17:30:00.000Z', 'Today 17:30'],
    ['Call Ann at 5:30 p.m.', 'Call Ann', '2026-11-25T17:30:00.000Z', 'Today 17:30'],
    ['Call Ann 17:00', 'Call Ann', '2026-11-25T17:00:00.000Z', 'Today 17:00'],
    ['Call Ann at noon', 'Call Ann', '2026-11-25T12:00:00.000Z', 'Today 12:00'],
    ['Call Ann at 5', 'Call Ann', '2026-11-25T17:00:00.000Z', 'Today 17:00'],
    ['Call Ann at 11', 'Call Ann', '2026-11-25T11:00:00.000Z', 'Today 11:00'],
    ['Call Ann 9am', 'Call Ann', '2026-11-26T09:00:00.000Z', 'Tomorrow 09:00'],
    ['Call Ann 12am', 'Call Ann', '2026-11-26T00:00:00.000Z', 'Tomorrow 00:00'],
    ['Call Ann tomorrow 9:30', 'Call Ann', '2026-11-26T09:30:00.000Z', 'Tomorrow 09:30'],
    ['Call Ann tomorrow at 9', 'Call Ann', '2026-11-26T09:00:00.000Z', 'Tomorrow 09:00'],
    ['Call Ann tomorrow morning', 'Call Ann', '2026-11-26T09:00:00.000Z', 'Tomorrow 09:00'],
    ['Call Ann fri @ 4pm', 'Call Ann', '2026-11-27T16:00:00.000Z', 'Fri 16:00'],
    ['Call Ann 4pm on fri', 'Call Ann', '2026-11-27T16:00:00.000Z', 'Fri 16:00'],
    ['Call Ann at 10:30 dec 3', 'Call Ann', '2026-12-03T10:30:00.000Z', 'Dec 3 10:30'],
    ['Call Ann wed 11am', 'Call Ann', '2026-11-25T11:00:00.000Z', 'Today 11:00'],
    ['Call Ann wed 9am', 'Call Ann', '2026-12-02T09:00:00.000Z', 'Dec 2 09:00'],
    ['Call Ann in 2 hours', 'Call Ann', '2026-11-25T12:00:00.000Z', 'Today 12:00'],
    ['Call Ann in 90 minutes', 'Call Ann', '2026-11-25T11:30:00.000Z', 'Today 11:30'],
    ['Call Ann at 5 #Launch', 'Call Ann', '2026-11-25T17:00:00.000Z', 'Today 17:00'],
    ['Dinner at 8 tonight', 'Dinner', '2026-11-25T20:00:00.000Z', 'Today 20:00'],
    ['Dinner tonight at 7:30', 'Dinner', '2026-11-25T19:30:00.000Z', 'Today 19:30'],
    ['Dinner tonight 11pm', 'Dinner', '2026-11-25T23:00:00.000Z', 'Today 23:00'],
  ])('%s', (text, title, dueAt, label) => {
    const result = parse(text);
    expect(result.title).toBe(title);
    expect(result.dueAt).toBe(dueAt);
    expect(result.tokens.find((token) => token.kind === 'due')?.label).toBe(label);
  });

  it('does not read a number after "at" as a time when a word follows', () => {
    expect(parse('Look at 5 proposals').dueAt).toBeNull();
  });

  it('needs a date next to "morning" / "evening"', () => {
    expect(parse('Morning pages').dueAt).toBeNull();
  });

  it('keeps only the first date phrase; later ones stay in the title', () => {
    const result = parse('Move standup fri to mon');
    expect(result.dueAt).toBe('2026-11-27');
    expect(result.title).toBe('Move standup to mon');
  });
});

describe('parseQuickAdd: time zones', () => {
  it('resolves wall-clock times in the given zone', () => {
    // 10:00 UTC is 05:00 in New York (EST, UTC-5).
    const ny = parse('Ship it fri 5pm', { timeZone: 'America/New_York' });
    expect(ny.dueAt).toBe('2026-11-27T22:00:00.000Z');
    const kolkata = parse('Ship it tomorrow 9am', { timeZone: 'Asia/Kolkata' });
    expect(kolkata.dueAt).toBe('2026-11-26T03:30:00.000Z');
  });

  it('uses the zone for "today": it is already Thursday in Tokyo', () => {
    const tokyo = parseQuickAdd('Ship it tomorrow', {
      now: new Date('2026-11-25T20:00:00.000Z'),
      projects: [],
      timeZone: 'Asia/Tokyo',
    });
    expect(tokyo.dueAt).toBe('2026-11-27');
  });

  it('crosses a DST change with the right offset', () => {
    // Sat 31 Oct 2026, 12:00 in New York (EDT); Monday 2 Nov is after the switch to EST.
    const result = parseQuickAdd('Review mon 9am', {
      now: new Date('2026-10-31T16:00:00.000Z'),
      projects: [],
      timeZone: 'America/New_York',
    });
    expect(result.dueAt).toBe('2026-11-02T14:00:00.000Z');
  });

  it('defaults to the runtime zone (expectations built with local Date APIs)', () => {
    const now = new Date(2026, 10, 25, 10, 0); // local Wednesday 10:00
    const result = parseQuickAdd('Ship it fri 5pm', { now, projects: [] });
    expect(result.dueAt).toBe(new Date(2026, 10, 27, 17, 0).toISOString());
    expect(parseQuickAdd('Ship it tomorrow', { now, projects: [] }).dueAt).toBe('2026-11-26');
  });

  it('falls back to the runtime zone for an unknown zone instead of throwing', () => {
    const now = new Date(2026, 10, 25, 10, 0);
    const result = parseQuickAdd('Ship it fri 5pm', { now, projects: [], timeZone: 'Mars/Olympus' });
    expect(result.dueAt).toBe(new Date(2026, 10, 27, 17, 0).toISOString());
  });
});

describe('parseQuickAdd: projects, tags, priority, assignee', () => {
  it.each([
    ['Plan #launch', 'p-launch', '#Launch'],
    ['Plan #LAUNCH', 'p-launch', '#Launch'],
    ['Plan #"Product Launch"', 'p-product-launch', '#Product Launch'],
    ['Plan #product-launch', 'p-product-launch', '#Product Launch'],
    ['Plan #Product_Launch', 'p-product-launch', '#Product Launch'],
    ['Plan #Product Launch', 'p-product-launch', '#Product Launch'],
    ['Plan #website-redesign', 'p-web', '#Website Redesign'],
    ['Plan #WEBSITE.redesign', 'p-web', '#Website Redesign'],
  ])('%s', (text, projectId, label) => {
    const result = parse(text);
    expect(result.projectId).toBe(projectId);
    expect(result.title).toBe('Plan');
    expect(result.tags).toEqual([]);
    expect(result.tokens.map((token) => [token.kind, token.label])).toEqual([['project', label]]);
  });

  it('turns a #word that names no project into a tag, once', () => {
    const result = parse('Buy milk #errands #home #Errands #Launch');
    expect(result.tags).toEqual(['errands', 'home']);
    expect(result.projectId).toBe('p-launch');
    expect(result.title).toBe('Buy milk #Errands');
    expect(result.tokens.map((token) => token.label)).toEqual(['#errands', '#home', '#Launch']);
  });

  it('keeps a second project in the title', () => {
    const result = parse('Sync #Launch #"Website Redesign"');
    expect(result.projectId).toBe('p-launch');
    expect(result.title).toBe('Sync #"Website Redesign"');
  });

  it.each([
    ['Fix it !1', 1],
    ['Fix it !4', 4],
    ['Fix it p2', 2],
    ['Fix it P3', 3],
  ])('priority %s', (text, priority) => {
    const result = parse(text);
    expect(result.priority).toBe(priority);
    expect(result.title).toBe('Fix it');
    expect(result.tokens[0]?.label).toBe(`P${priority}`);
  });

  it('ignores priorities out of range', () => {
    expect(parse('Fix it !5').priority).toBeNull();
    expect(parse('Fix it p0').title).toBe('Fix it p0');
  });

  it('reads @person as the assignee name, first one wins', () => {
    const result = parse('Review deck @ann @bob');
    expect(result.assignee).toBe('ann');
    expect(result.title).toBe('Review deck @bob');
    expect(result.tokens[0]).toMatchObject({ kind: 'assignee', label: '@ann', text: '@ann' });
    expect(parse('Review deck @"Ann Lee"').assignee).toBe('Ann Lee');
  });

  it('parses everything at once, in any order', () => {
    const result = parse('!2 @sam #launch Draft press release tomorrow 3pm #pr');
    expect(result).toMatchObject({
      title: 'Draft press release',
      dueAt: '2026-11-26T15:00:00.000Z',
      projectId: 'p-launch',
      priority: 2,
      tags: ['pr'],
      assignee: 'sam',
    });
  });
});

describe('parseQuickAdd: escapes and dismissed chips', () => {
  it('never parses a backslash-escaped word and drops the backslash', () => {
    const result = parse('Watch \\friday movie \\#launch \\!1');
    expect(result.tokens).toEqual([]);
    expect(result.title).toBe('Watch friday movie #launch !1');
  });

  it('never parses text in double quotes and keeps the quotes', () => {
    const result = parse('Read "Tomorrow at 5pm" tomorrow');
    expect(result.title).toBe('Read "Tomorrow at 5pm"');
    expect(result.dueAt).toBe('2026-11-26');
  });

  it('treats an unclosed quote as literal to the end while the user types', () => {
    const result = parse('Read "Tomorrow at 5pm');
    expect(result.tokens).toEqual([]);
  });

  it('keeps a dismissed token in the title, by id or by text, while typing continues', () => {
    const first = parse('Call Ann fri');
    const dueId = first.tokens[0]?.id as string;
    expect(dueId).toBe(tokenId('due', 'fri'));
    for (const dismissed of [[dueId], ['fri'], ['FRI']]) {
      const again = parse('Call Ann fri about the school', { dismissed });
      expect(again.dueAt).toBeNull();
      expect(again.title).toBe('Call Ann fri about the school');
    }
  });

  it('dismissing a date leaves a following time parseable on its own', () => {
    const result = parse('Call fri 5pm', { dismissed: ['due:fri'] });
    expect(result.title).toBe('Call fri');
    expect(result.dueAt).toBe('2026-11-25T17:00:00.000Z');
  });

  it('a dismissed project hashtag stays in the title and does not become a tag', () => {
    const result = parse('Plan #Launch party', { dismissed: ['project:#launch'] });
    expect(result.projectId).toBeNull();
    expect(result.tags).toEqual([]);
    expect(result.title).toBe('Plan #Launch party');
  });
});

describe('parseQuickAdd: titles', () => {
  it.each([
    ['Call Bob tomorrow, about the thing', 'Call Bob, about the thing'],
    ['Tomorrow: call Bob', 'call Bob'],
    ['Call Bob - tomorrow', 'Call Bob'],
    ['Meet (tomorrow) Ann', 'Meet Ann'],
    ['  lots   of   space   fri  ', 'lots of space'],
    ['fri', ''],
    ['-5 degrees tomorrow', '-5 degrees'],
    ['- buy milk', '- buy milk'],
    ['Call Bob - tomorrow - urgent', 'Call Bob - - urgent'],
    ['Call Bob (fri)', 'Call Bob'],
    ['Call Bob fri!', 'Call Bob!'],
  ])('%s', (text, title) => {
    expect(parse(text).title).toBe(title);
  });

  it('is fast enough for every keystroke', () => {
    const text = 'Send invoice to ACME fri 5pm #Launch !1 @ann and follow up on the contract next week';
    parseQuickAdd(text, utc({ timeZone: 'Europe/Paris' }));
    const runs = 2000;
    const start = performance.now();
    for (let i = 0; i < runs; i++) parseQuickAdd(text, utc({ timeZone: 'Europe/Paris' }));
    expect((performance.now() - start) / runs).toBeLessThan(1);
  });
});

describe('parseQuickAdd: properties', () => {
  const vocabulary = [
    'fri',
    'Friday',
    'next',
    'week',
    'tomorrow',
    'at',
    '5',
    '5pm',
    '9:30',
    '17:00',
    'on',
    'by',
    'the',
    'in',
    '3',
    'days',
    'dec',
    '3rd',
    'of',
    'May',
    '#Launch',
    '#"Product Launch"',
    '#tag',
    '@ann',
    '!1',
    'p2',
    '\\sun',
    '"quoted',
    'words"',
    'sun',
    'noon',
    'morning',
    '2026-12-01',
    'every',
    'ev',
    'weekday',
    'other',
    'weeks',
    'month',
    'last',
    'day',
    'after',
    'completion',
    'starting',
    'until',
    '1st',
    '12/25',
    '25/12',
    'midnight',
    'end',
    ',',
    '(',
    ')',
    'Call',
    'Bob',
    'report',
    '#',
    '@',
    '!',
    '"',
  ];
  const textArb = fc
    .array(fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 6 })), { maxLength: 14 })
    .chain((words) => fc.constantFrom(' ', '  ', '\t').map((sep) => words.join(sep)));
  const nowArb = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2090-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const zoneArb = fc.constantFrom(undefined, 'UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham');

  it('never throws, reports exact non-overlapping spans and valid values, and is deterministic', () => {
    fc.assert(
      fc.property(textArb, nowArb, zoneArb, (text, now, timeZone) => {
        const options = { now, projects: PROJECTS, ...(timeZone ? { timeZone } : {}) };
        const result = parseQuickAdd(text, options);
        expect(parseQuickAdd(text, options)).toEqual(result);
        let last = -1;
        for (const token of result.tokens) {
          expect(text.slice(token.start, token.end)).toBe(token.text);
          expect(token.start).toBeGreaterThan(last);
          expect(token.id).toBe(tokenId(token.kind, token.text));
          last = token.end - 1;
        }
        if (result.dueAt !== null) expect(dueSchema.safeParse(result.dueAt).success).toBe(true);
        expect(result.title).toBe(result.title.trim());
        expect(result.title).not.toMatch(/\s{2}/);
        expect(new Set(result.tokens.map((token) => token.id)).size).toBe(result.tokens.length);
      }),
      { numRuns: 3000 },
    );
    // 3000 parses, many with a recurrence: give a loaded machine time.
  }, 30_000);

  it('a dismissed chip never comes back', () => {
    fc.assert(
      fc.property(textArb, nowArb, (text, now) => {
        const first = parseQuickAdd(text, { now, projects: PROJECTS, timeZone: 'UTC' });
        const dismissed = first.tokens.map((token) => token.id);
        const again = parseQuickAdd(text, { now, projects: PROJECTS, timeZone: 'UTC', dismissed });
        for (const id of dismissed) expect(again.tokens.map((token) => token.id)).not.toContain(id);
      }),
      { numRuns: 1000 },
    );
  });
});
