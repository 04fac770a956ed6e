// Status page links through the app: create/list/revoke, roles, the public page (figures from projectRollup), escaping.
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, type PostgresStorage } from '../../server/storage/postgres';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { projectRollup } from '../../shared/project-signals';
import type { Milestone, Objective, Risk } from '../../shared/schemas/planning';
import type { Project } from '../../shared/schemas/project';
import type { Task } from '../../shared/schemas/task';
import { SHARES_API, shareCreatedSchema, sharesResponseSchema } from '../../shared/sync/shares';
import { call, createTeam, createTestApp, hlcAt, invite, join, newKey, pushBody, taskFields } from './helpers';

const pgUrl = process.env.WAYPOINT_TEST_DATABASE_URL;
const opened: Storage[] = [];
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => undefined);
});

/** PostgreSQL in a schema of its own, so this file never races postgres.test.ts over the same tables. */
async function postgresStorage(): Promise<PostgresStorage> {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: pgUrl! });
  await admin.connect();
  await admin.query('DROP SCHEMA IF EXISTS waypoint_shares_test CASCADE');
  await admin.query('CREATE SCHEMA waypoint_shares_test');
  await admin.end();
  const url = new URL(pgUrl!);
  url.searchParams.set('options', '-c search_path=waypoint_shares_test');
  const storage = await createPostgresStorage({ connectionString: url.toString(), max: 4 });
  opened.push(storage);
  return storage;
}

const storages: [string, () => Promise<Storage>][] = [
  ['sqlite', async () => createSqliteStorage({ path: ':memory:' })],
  ...(pgUrl ? ([['postgres', postgresStorage]] as [string, () => Promise<Storage>][]) : []),
];

const CREATED_AT = '2026-11-20T09:00:00.000Z';

function projectFields(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Product launch',
    objective: 'Ship v2 to every customer\nwith zero downtime.',
    status: 'active',
    startAt: '2026-11-01',
    dueAt: '2026-12-20',
    color: '#2563eb',
    urlRules: [],
    archived: false,
    createdBy: 'Owner',
    createdAt: CREATED_AT,
    ...overrides,
  };
}

const base = (projectId: string) => ({ projectId, createdBy: 'Owner', createdAt: CREATED_AT });

async function setup(storage: Storage) {
  const t = createTestApp({ storage });
  const owner = await createTeam(t.app, 'Launch team', 'Olive Owner');
  return { ...t, owner, teamId: owner.team.id };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Push rows as the owner through the sync endpoint; returns them keyed by table. */
async function pushRows(s: Setup, rows: { table: string; key: string; fields: Record<string, unknown> }[], seq0 = 1) {
  const mutations = rows.map((r, i) => ({
    seq: seq0 + i,
    op: 'upsert',
    table: r.table,
    key: r.key,
    fields: r.fields,
    hlc: hlcAt(s.clock.now(), 'c1', i),
  }));
  const res = await call(s.app, 'POST', '/v1/sync/push', {
    token: s.owner.token,
    body: pushBody(s.teamId, 'c1', mutations),
  });
  expect(res.status).toBe(200);
  expect(res.body.rejected).toEqual([]);
}

async function createShare(s: Setup, projectId: string, token = s.owner.token) {
  return call(s.app, 'POST', SHARES_API.projectShares(s.teamId, projectId), { token });
}

async function page(s: Setup, path: string) {
  const res = await s.app.request(path);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe.each(storages)('status page links (%s)', (_name, makeStorage) => {
  it('creates, lists and revokes links; the page then answers 410', async () => {
    const s = await setup(await makeStorage());
    const projectId = newKey();
    await pushRows(s, [{ table: 'projects', key: projectId, fields: projectFields() }]);

    const created = await createShare(s, projectId);
    expect(created.status).toBe(201);
    const share = shareCreatedSchema.parse(created.body);
    expect(share).toMatchObject({
      projectId,
      createdBy: 'Olive Owner',
      createdAt: new Date(s.clock.now()).toISOString(),
    });
    expect(share.token).toMatch(/^ws_[A-Za-z0-9_-]{43}$/);
    expect(share.url).toBe(`http://localhost/s/${share.token}`);

    const second = shareCreatedSchema.parse((await createShare(s, projectId)).body);
    expect(second.token).not.toBe(share.token);

    const listed = await call(s.app, 'GET', SHARES_API.projectShares(s.teamId, projectId), { token: s.owner.token });
    expect(listed.status).toBe(200);
    const { shares } = sharesResponseSchema.parse(listed.body);
    expect(shares.map((x) => x.id).sort()).toEqual([share.id, second.id].sort());
    // The token never comes back after creation.
    expect(JSON.stringify(listed.body)).not.toContain(share.token);

    const ok = await page(s, new URL(share.url).pathname);
    expect(ok.status).toBe(200);

    const revoked = await call(s.app, 'DELETE', SHARES_API.share(s.teamId, share.id), { token: s.owner.token });
    expect(revoked.status).toBe(204);
    const gone = await page(s, `/s/${share.token}`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(gone.text).toContain('revoked');
    expect(gone.headers.get('content-security-policy')).toContain("default-src 'none'");

    const after = sharesResponseSchema.parse(
      (await call(s.app, 'GET', SHARES_API.projectShares(s.teamId, projectId), { token: s.owner.token })).body,
    );
    expect(after.shares.map((x) => x.id)).toEqual([second.id]);
    // The other link still works; revoking twice or an unknown id is a 404.
    expect((await page(s, `/s/${second.token}`)).status).toBe(200);
    const again = await call(s.app, 'DELETE', SHARES_API.share(s.teamId, share.id), { token: s.owner.token });
    expect(again.status).toBe(404);
    expect(again.body.error).toBe('NotFound');
    expect((await call(s.app, 'DELETE', SHARES_API.share(s.teamId, newKey()), { token: s.owner.token })).status).toBe(
      404,
    );
    expect((await call(s.app, 'DELETE', SHARES_API.share(s.teamId, 'nope'), { token: s.owner.token })).status).toBe(
      404,
    );
  });

  it('lets owners, admins and members manage links, not guests or outsiders', async () => {
    const s = await setup(await makeStorage());
    const projectId = newKey();
    await pushRows(s, [{ table: 'projects', key: projectId, fields: projectFields() }]);
    const admin = await join(s.app, await invite(s.app, s.owner.token, s.teamId, 'admin'), 'Ada Admin');
    const member = await join(s.app, await invite(s.app, s.owner.token, s.teamId, 'member'), 'Mo Member');
    const guest = await join(s.app, await invite(s.app, s.owner.token, s.teamId, 'guest'), 'Gus Guest');
    const outsider = await createTeam(s.app, 'Other team', 'Otto Outsider');

    const byAdmin = await createShare(s, projectId, admin.token);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.createdBy).toBe('Ada Admin');
    const byMember = await createShare(s, projectId, member.token);
    expect(byMember.status).toBe(201);
    expect(byMember.body.createdBy).toBe('Mo Member');

    const guestCreate = await createShare(s, projectId, guest.token);
    expect(guestCreate.status).toBe(403);
    expect(guestCreate.body.error).toBe('Forbidden');
    const guestList = await call(s.app, 'GET', SHARES_API.projectShares(s.teamId, projectId), { token: guest.token });
    expect(guestList.status).toBe(403);
    const guestRevoke = await call(s.app, 'DELETE', SHARES_API.share(s.teamId, byAdmin.body.id), {
      token: guest.token,
    });
    expect(guestRevoke.status).toBe(403);

    const outsiderCreate = await createShare(s, projectId, outsider.token);
    expect(outsiderCreate.status).toBe(403);
    const outsiderRevoke = await call(s.app, 'DELETE', SHARES_API.share(s.teamId, byAdmin.body.id), {
      token: outsider.token,
    });
    expect(outsiderRevoke.status).toBe(403);
    // A link of one team cannot be revoked through another team the caller owns.
    const crossTeam = await call(s.app, 'DELETE', SHARES_API.share(outsider.team.id, byAdmin.body.id), {
      token: outsider.token,
    });
    expect(crossTeam.status).toBe(404);
    expect(
      (await call(s.app, 'POST', SHARES_API.projectShares(newKey(), projectId), { token: s.owner.token })).status,
    ).toBe(404);
    expect((await call(s.app, 'POST', SHARES_API.projectShares(s.teamId, projectId))).status).toBe(401);

    // A member revokes an admin's link.
    const memberRevoke = await call(s.app, 'DELETE', SHARES_API.share(s.teamId, byAdmin.body.id), {
      token: member.token,
    });
    expect(memberRevoke.status).toBe(204);
  });

  it('refuses unknown, deleted and other teams’ projects with 404', async () => {
    const s = await setup(await makeStorage());
    const projectId = newKey();
    await pushRows(s, [{ table: 'projects', key: projectId, fields: projectFields() }]);
    const unknown = await createShare(s, newKey());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'NotFound' });
    expect((await createShare(s, 'not-an-id')).status).toBe(404);
    // The owner's private space does not hold this project.
    const personal = await call(s.app, 'POST', SHARES_API.projectShares(s.owner.personalTeam.id, projectId), {
      token: s.owner.token,
    });
    expect(personal.status).toBe(404);

    const share = shareCreatedSchema.parse((await createShare(s, projectId)).body);
    const del = await call(s.app, 'POST', '/v1/sync/push', {
      token: s.owner.token,
      body: pushBody(s.teamId, 'c1', [
        { seq: 2, op: 'delete', table: 'projects', key: projectId, hlc: hlcAt(s.clock.now() + 1) },
      ]),
    });
    expect(del.status).toBe(200);
    expect(del.body.rejected).toEqual([]);
    expect((await createShare(s, projectId)).status).toBe(404);
    // The existing link no longer shows the deleted project.
    const gone = await page(s, `/s/${share.token}`);
    expect(gone.status).toBe(410);
    expect(gone.text).not.toContain('Product launch');
  });

  it('answers 404 HTML to malformed and unknown tokens', async () => {
    const s = await setup(await makeStorage());
    for (const path of ['/s/nope', `/s/ws_${'A'.repeat(42)}`, `/s/ws_${'A'.repeat(43)}`, `/s/wp_${'A'.repeat(43)}`]) {
      const res = await page(s, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.text).toContain('not found');
    }
  });

  it('builds the link from the forwarded origin only when the proxy is trusted', async () => {
    const storage = await makeStorage();
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'status.example.org' };
    for (const trustProxy of [false, true]) {
      const t = createTestApp({ storage, trustProxy });
      const owner = await createTeam(t.app);
      const projectId = newKey();
      const push = await call(t.app, 'POST', '/v1/sync/push', {
        token: owner.token,
        // One storage, two accounts: each writes with its own device id (an HLC client id belongs to one account).
        body: pushBody(owner.team.id, `c${trustProxy}`, [
          {
            seq: 1,
            op: 'upsert',
            table: 'projects',
            key: projectId,
            fields: projectFields(),
            hlc: hlcAt(t.clock.now(), `c${trustProxy}`),
          },
        ]),
      });
      expect(push.status).toBe(200);
      const res = await call(t.app, 'POST', SHARES_API.projectShares(owner.team.id, projectId), {
        token: owner.token,
        headers: forwarded,
      });
      expect(res.status).toBe(201);
      expect(res.body.url).toBe(
        `${trustProxy ? 'https://status.example.org' : 'http://localhost'}/s/${res.body.token}`,
      );
    }
  });

  it('serves the project with the figures of projectRollup, escaped, without scripts', async () => {
    const s = await setup(await makeStorage());
    const projectId = newKey();
    const evil = '<script>alert(1)</script>';
    const attr = '"><img src=x onerror=alert(1)>';
    const project = projectFields({ name: `Launch ${evil}`, objective: `Win ${attr}` });
    const phase = { ...base(projectId), kind: 'phase', title: 'Build', dueAt: '2026-12-10', done: false, order: 1 };
    const late = {
      ...base(projectId),
      kind: 'milestone',
      title: `Beta ${attr}`,
      dueAt: '2026-11-20',
      done: false,
      order: 2,
    };
    const doneMs = {
      ...base(projectId),
      kind: 'deliverable',
      title: 'Spec',
      dueAt: '2026-11-10',
      done: true,
      order: 3,
    };
    const objective = {
      ...base(projectId),
      title: 'Signups',
      unit: 'signups',
      target: 1000,
      current: 420,
      dueAt: null,
      order: 1,
    };
    const highRisk = {
      ...base(projectId),
      title: `Supplier ${evil}`,
      probability: 4,
      impact: 5,
      mitigation: `Second source ${attr}`,
      ownerId: null,
      status: 'open',
    };
    const closedRisk = { ...highRisk, title: 'Closed risk title', status: 'closed', probability: 1, impact: 1 };
    const older = { ...base(projectId), health: 'on-track', body: 'Old news', createdAt: '2026-11-18T10:00:00.000Z' };
    const latest = {
      ...base(projectId),
      health: 'at-risk',
      body: `Slipping ${evil}`,
      createdAt: '2026-11-24T16:30:00.000Z',
    };
    const keys = {
      phase: newKey(),
      late: newKey(),
      doneMs: newKey(),
      objective: newKey(),
      risk: newKey(),
      closed: newKey(),
    };
    const tasks = [
      taskFields({
        projectId,
        title: 'Done task',
        status: 'done',
        completedAt: '2026-11-24T10:00:00.000Z',
        milestoneId: keys.late,
      }),
      taskFields({
        projectId,
        title: 'Overdue task',
        dueAt: '2026-11-21',
        milestoneId: keys.late,
        notes: 'PRIVATE-NOTES',
      }),
      taskFields({ projectId, title: 'Open task', objectiveId: keys.objective, notes: 'PRIVATE-NOTES' }),
      taskFields({ projectId, title: 'Phase task', milestoneId: keys.phase, dueAt: '2026-12-09' }),
      taskFields({ projectId: null, title: 'Inbox task elsewhere', status: 'done' }),
    ].map((fields) => ({ key: newKey(), fields }));
    const deletedTask = { key: newKey(), fields: taskFields({ projectId, title: 'Deleted task' }) };
    await pushRows(s, [
      { table: 'projects', key: projectId, fields: project },
      { table: 'milestones', key: keys.phase, fields: phase },
      { table: 'milestones', key: keys.late, fields: late },
      { table: 'milestones', key: keys.doneMs, fields: doneMs },
      { table: 'objectives', key: keys.objective, fields: objective },
      { table: 'risks', key: keys.risk, fields: highRisk },
      { table: 'risks', key: keys.closed, fields: closedRisk },
      { table: 'statusUpdates', key: newKey(), fields: older },
      { table: 'statusUpdates', key: newKey(), fields: latest },
      {
        table: 'comments',
        key: newKey(),
        fields: { ...base(projectId), taskId: null, body: 'SECRET-COMMENT', mentions: [] },
      },
      ...tasks.map((t) => ({ table: 'tasks', ...t })),
      { table: 'tasks', ...deletedTask },
    ]);
    const del = await call(s.app, 'POST', '/v1/sync/push', {
      token: s.owner.token,
      body: pushBody(s.teamId, 'c1', [
        { seq: 100, op: 'delete', table: 'tasks', key: deletedTask.key, hlc: hlcAt(s.clock.now() + 5) },
      ]),
    });
    expect(del.status === 200 || del.status === 409).toBe(true);
    if (del.status === 409) {
      const seq = del.body.expectedSeq as number;
      const retry = await call(s.app, 'POST', '/v1/sync/push', {
        token: s.owner.token,
        body: pushBody(s.teamId, 'c1', [
          { seq, op: 'delete', table: 'tasks', key: deletedTask.key, hlc: hlcAt(s.clock.now() + 5) },
        ]),
      });
      expect(retry.status).toBe(200);
    }

    const share = shareCreatedSchema.parse((await createShare(s, projectId)).body);
    s.clock.advance(60_000);
    const res = await page(s, `/s/${share.token}`);
    expect(res.status).toBe(200);

    // Headers: HTML, strict CSP without scripts, not indexed, no referrer, not cached.
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');

    // No script, no injected element or attribute; the text is shown escaped.
    const html = res.text;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    // Event handler attributes only inside a real tag (escaped text may spell `onerror=`).
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).toContain('Launch &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Win &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Beta &quot;&gt;&lt;img');
    expect(html).toContain('@media print');

    // The figures equal projectRollup over the same rows, at the app's clock.
    const withId = <T>(key: string, fields: Record<string, unknown>) => ({ ...fields, id: key, teamId: null }) as T;
    const expected = projectRollup({
      project: withId<Project>(projectId, project),
      tasks: tasks.map((t) => withId<Task>(t.key, t.fields)),
      milestones: [
        withId<Milestone>(keys.phase, phase),
        withId<Milestone>(keys.late, late),
        withId<Milestone>(keys.doneMs, doneMs),
      ],
      objectives: [withId<Objective>(keys.objective, objective)],
      risks: [withId<Risk>(keys.risk, highRisk), withId<Risk>(keys.closed, closedRisk)],
      now: new Date(s.clock.now()),
    });
    expect(expected.progress).toMatchObject({ done: 1, total: 4 });
    expect(expected.health.state).toBe('off-track');
    expect(html).toContain(`${expected.progress.done} of ${expected.progress.total} tasks done`);
    expect(html).toContain(`${Math.round(expected.progress.ratio * 100)}%`);
    expect(html).toContain('Off track');
    for (const reason of expected.health.reasons) {
      expect(html).toContain(
        reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
      );
    }
    const statusLabel = {
      done: 'Done',
      'on-track': 'On track',
      'at-risk': 'At risk',
      late: 'Late',
      'no-date': 'No date',
    };
    // The timeline in rollup order, each with its status.
    const titles = expected.milestones.map((m) =>
      m.title.replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    );
    const positions = titles.map((t) => html.indexOf(t, html.indexOf('id="timeline"')));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const m of expected.milestones) {
      const start = html.indexOf(m.title.slice(0, 4), html.indexOf('id="timeline"'));
      expect(html.slice(start, start + 400)).toContain(statusLabel[m.progress.status]);
    }
    expect(html).toContain('Due 20 Nov 2026');
    expect(html).toContain('420 / 1,000 signups');

    // Open risks only, with their score and mitigation.
    expect(html).toContain('Supplier &lt;script&gt;');
    expect(html).toContain('>20<');
    expect(html).toContain('(4 × 5)');
    expect(html).toContain('Second source &quot;&gt;&lt;img');
    expect(html).not.toContain('Closed risk title');

    // The latest status update, and the page's time from the app clock.
    expect(html).toContain('Slipping &lt;script&gt;');
    expect(html).toContain('24 Nov 2026, 16:30 UTC');
    expect(html).not.toContain('Old news');
    expect(html).toContain('Updated 25 Nov 2026, 12:01 UTC');

    // Nothing private or from elsewhere: notes, comments, other projects' and deleted tasks.
    expect(html).not.toContain('PRIVATE-NOTES');
    expect(html).not.toContain('SECRET-COMMENT');
    expect(html).not.toContain('Inbox task elsewhere');
    expect(html).not.toContain('Deleted task');
  });

  it('shows an empty project plainly', async () => {
    const s = await setup(await makeStorage());
    const projectId = newKey();
    await pushRows(s, [
      { table: 'projects', key: projectId, fields: projectFields({ objective: '', status: 'planned' }) },
    ]);
    const share = shareCreatedSchema.parse((await createShare(s, projectId)).body);
    const res = await page(s, `/s/${share.token}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('0 of 0 tasks done');
    expect(res.text).toContain('Planned');
    expect(res.text).toContain('On track');
    expect(res.text).toContain('No open risks.');
    expect(res.text).toContain('No status update yet.');
  });
});
