// Rate limits keyed by the right client address and counted by outcome; the status page cache and limit; metrics,
// the request log and refused pushes; the one URL rule for links; pokes delivered only to a team's listeners.
import { describe, expect, it } from 'vitest';
import type { RequestLogLine } from '../../server/app';
import { clientAddressOf } from '../../server/client-address';
import { createMetrics } from '../../server/metrics';
import { createPokeHub, type PokeListener } from '../../server/pokes';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { call, createTeam, createTestApp, hlcAt, invite, newKey, pushBody, taskFields } from './helpers';

describe('client address', () => {
  it('is the right-most address the trusted proxies did not add', () => {
    expect(clientAddressOf('10.0.0.1', 'spoofed, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddressOf('10.0.0.1', '203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddressOf('10.0.0.2', 'spoofed, 203.0.113.7, 10.0.0.1', 2)).toBe('203.0.113.7');
    expect(clientAddressOf('10.0.0.1', 'spoofed', 0)).toBe('10.0.0.1');
    expect(clientAddressOf('::ffff:192.0.2.1', undefined, 0)).toBe('192.0.2.1');
  });

  it('behind one proxy, random left-most X-Forwarded-For entries do not bypass the sign-up limit', async () => {
    const { app } = createTestApp({
      trustProxy: 1,
      rateLimits: { createTeam: { limit: 5, windowMs: 3_600_000 } },
    });
    let created = 0;
    let limited = 0;
    for (let i = 0; i < 40; i++) {
      const res = await call(app, 'POST', '/v1/teams', {
        body: { teamName: 'T', userName: 'U' },
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
      });
      if (res.status === 201) created += 1;
      if (res.status === 429) limited += 1;
    }
    expect(created).toBe(5);
    expect(limited).toBe(35);
    // Another client behind the same proxy is not affected.
    const other = await call(app, 'POST', '/v1/teams', {
      body: { teamName: 'T', userName: 'U' },
      headers: { 'x-forwarded-for': '203.0.113.10' },
    });
    expect(other.status).toBe(201);
  });

  it('refused sign-ups give their slot back', async () => {
    const { app } = createTestApp({ rateLimits: { createTeam: { limit: 2, windowMs: 3_600_000 } } });
    for (let i = 0; i < 10; i++) {
      expect((await call(app, 'POST', '/v1/teams', { body: { teamName: '' } })).status).toBe(400);
    }
    expect((await call(app, 'POST', '/v1/teams', { body: { teamName: 'A', userName: 'B' } })).status).toBe(201);
    expect((await call(app, 'POST', '/v1/teams', { body: { teamName: 'A', userName: 'B' } })).status).toBe(201);
    expect((await call(app, 'POST', '/v1/teams', { body: { teamName: 'A', userName: 'B' } })).status).toBe(429);
  });

  it('30 failed joins from one office block more guesses, not a colleague with a valid code', async () => {
    const { app } = createTestApp({ rateLimits: { join: { limit: 30, windowMs: 600_000 } } });
    const owner = await createTeam(app);
    for (let i = 0; i < 30; i++) {
      const res = await call(app, 'POST', '/v1/join', { body: { code: `wrongcode${i}`, userName: 'x' } });
      expect(res.status).toBe(404);
    }
    const guess = await call(app, 'POST', '/v1/join', { body: { code: 'wrongcodeX', userName: 'x' } });
    expect(guess.status).toBe(429);
    expect(Number(guess.headers.get('retry-after'))).toBeGreaterThan(0);
    const code = await invite(app, owner.token, owner.team.id, 'member');
    const valid = await call(app, 'POST', '/v1/join', { body: { code, userName: 'Colleague' } });
    expect(valid.status).toBe(201);
  });
});

describe('status page', () => {
  async function sharedProject(storage: Storage) {
    const t = createTestApp({ storage, rateLimits: { statusPage: { limit: 5, windowMs: 60_000 } } });
    const owner = await createTeam(t.app);
    const projectId = newKey();
    const push = await call(t.app, 'POST', '/v1/sync/push', {
      token: owner.token,
      body: pushBody(owner.team.id, 'c1', [
        {
          seq: 1,
          op: 'upsert',
          table: 'projects',
          key: projectId,
          hlc: hlcAt(t.clock.now()),
          fields: {
            name: 'Launch',
            objective: '',
            status: 'active',
            startAt: null,
            dueAt: null,
            color: '#2563eb',
            urlRules: [],
            archived: false,
            createdBy: 'Owner',
            createdAt: '2026-11-20T09:00:00.000Z',
          },
        },
      ]),
    });
    expect(push.status).toBe(200);
    const share = await call(t.app, 'POST', `/v1/teams/${owner.team.id}/projects/${projectId}/shares`, {
      token: owner.token,
    });
    expect(share.status).toBe(201);
    return { ...t, owner, projectId, page: new URL(share.body.url).pathname };
  }

  it('is computed once per team version (cached), and rate-limited per address', async () => {
    const storage = createSqliteStorage({ path: ':memory:' });
    let snapshots = 0;
    const counting: Storage = {
      ...storage,
      projectSnapshot: (...args) => {
        snapshots += 1;
        return storage.projectSnapshot(...args);
      },
    };
    const t = await sharedProject(counting);
    const before = snapshots;
    const pages = await Promise.all([1, 2, 3].map(() => t.app.request(t.page)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(pages.map((p) => p.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(snapshots - before).toBe(1);
    // A push moves the team version: the next page is computed again.
    await call(t.app, 'POST', '/v1/sync/push', {
      token: t.owner.token,
      body: pushBody(t.owner.team.id, 'c1', [
        {
          seq: 2,
          op: 'patch',
          table: 'projects',
          key: t.projectId,
          fields: { name: 'Launch v2' },
          hlc: hlcAt(t.clock.now() + 1),
        },
      ]),
    });
    const fresh = await t.app.request(t.page);
    expect(await fresh.text()).toContain('Launch v2');
    expect(snapshots - before).toBe(2);
    // Five pages in the minute were allowed; the sixth waits.
    expect((await t.app.request(t.page)).status).toBe(200);
    const limited = await t.app.request(t.page);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect(limited.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('operability', () => {
  it('logs one line per request with method, route, status, latency and team; refused pushes with their reason', async () => {
    const lines: RequestLogLine[] = [];
    const { app } = createTestApp({ logRequest: (l) => lines.push(l) });
    const owner = await createTeam(app);
    const key = newKey();
    await call(app, 'POST', '/v1/sync/push', {
      token: owner.token,
      body: pushBody(owner.team.id, 'c1', [
        { seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(Date.UTC(2026, 10, 25, 12)) },
      ]),
    });
    const gap = await call(app, 'POST', '/v1/sync/push', {
      token: owner.token,
      body: pushBody(owner.team.id, 'c1', [
        { seq: 5, op: 'patch', table: 'tasks', key, fields: { title: 'x' }, hlc: hlcAt(Date.UTC(2026, 10, 25, 12, 1)) },
      ]),
    });
    expect(gap.status).toBe(409);
    const deleteUnknown = await call(app, 'POST', '/v1/sync/push', {
      token: owner.token,
      body: pushBody(owner.team.id, 'c1', [
        { seq: 2, op: 'delete', table: 'tasks', key: newKey(), hlc: hlcAt(Date.UTC(2026, 10, 25, 12, 2)) },
      ]),
    });
    expect(deleteUnknown.body.rejected).toHaveLength(1);
    await call(app, 'GET', '/nope');
    expect(lines[0]).toMatchObject({ method: 'POST', route: '/v1/teams', status: 201, ms: expect.any(Number) });
    expect(lines[1]).toMatchObject({ route: '/v1/sync/push', status: 200, team: owner.team.id });
    expect(lines[2]).toMatchObject({ route: '/v1/sync/push', status: 409, team: owner.team.id });
    expect(lines[2]!.refused).toMatch(/SeqGap/);
    expect(lines[3]!.refused).toMatch(/1 mutation\(s\) rejected.*NotFound/);
    expect(lines[4]).toMatchObject({ status: 404, route: '(unmatched)' });
  });

  it('GET /metrics speaks Prometheus text, optionally behind a token', async () => {
    const metrics = createMetrics();
    const { app } = createTestApp({ metrics, metricsToken: 'scrape-secret' });
    const owner = await createTeam(app);
    await call(app, 'POST', '/v1/sync/push', {
      token: owner.token,
      body: pushBody(owner.team.id, 'c1', [
        {
          seq: 1,
          op: 'upsert',
          table: 'tasks',
          key: newKey(),
          fields: taskFields(),
          hlc: hlcAt(Date.UTC(2026, 10, 25)),
        },
      ]),
    });
    await call(app, 'GET', `/v1/sync/pull?teamId=${owner.team.id}`, { token: owner.token });
    expect((await app.request('/metrics')).status).toBe(401);
    const res = await app.request('/metrics', { headers: { authorization: 'Bearer scrape-secret' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toMatch(/waypoint_http_requests_total\{method="POST",route="\/v1\/sync\/push",status="200"\} 1/);
    expect(text).toMatch(
      /waypoint_http_request_duration_seconds_bucket\{method="GET",route="\/v1\/sync\/pull",le="\+Inf"\} 1/,
    );
    expect(text).toMatch(/waypoint_pushes_total\{outcome="ok"\} 1/);
    expect(text).toMatch(/waypoint_pulls_total 1/);
    expect(text).toMatch(/waypoint_mutations_total\{outcome="applied"\} 1/);
    expect(text).toMatch(/waypoint_db_errors_total 0/);
    for (const line of text.trim().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? [\d.e+-]+)$/);
  });

  it('/readyz answers 200 when the database answers', async () => {
    const { app } = createTestApp();
    expect((await app.request('/readyz')).status).toBe(200);
  });
});

describe('links', () => {
  it('the server refuses a task whose source url is javascript:', async () => {
    const { app } = createTestApp();
    const owner = await createTeam(app);
    const res = await call(app, 'POST', '/v1/sync/push', {
      token: owner.token,
      body: pushBody(owner.team.id, 'c1', [
        {
          seq: 1,
          op: 'upsert',
          table: 'tasks',
          key: newKey(),
          fields: taskFields({ source: { kind: 'page', url: 'javascript:alert(document.domain)', pageTitle: 'x' } }),
          hlc: hlcAt(Date.UTC(2026, 10, 25)),
        },
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/source/);
  });
});

describe('poke hub', () => {
  it('delivers one serialised poke to the team listeners only, indexed by team', () => {
    const hub = createPokeHub();
    const got: Record<string, string[]> = {};
    const listener = (name: string, teams: string[]): PokeListener => ({
      userId: name,
      tokenId: `t-${name}`,
      subscription: 'all',
      memberOf: new Set(teams),
      send: (data) => {
        got[name] ??= [];
        got[name].push(data);
      },
      revoke: () => undefined,
      removed: () => undefined,
    });
    for (let i = 0; i < 1000; i++) hub.add(listener(`other${i}`, [`team${i}`]));
    hub.add(listener('a', ['x']));
    hub.add(listener('b', ['x', 'y']));
    let delivered = 0;
    hub.onDelivered = (n) => {
      delivered += n;
    };
    hub.publish('x', 7);
    expect(got.a).toEqual(['{"type":"poke","teamId":"x","version":7}']);
    expect(got.b?.[0]).toBe(got.a?.[0]);
    expect(Object.keys(got).sort()).toEqual(['a', 'b']);
    expect(delivered).toBe(2);
    hub.memberRemoved('b', 'x');
    hub.publish('x', 8);
    expect(got.b).toHaveLength(1);
    expect(hub.connectedTeams()).toContain('y');
  });
});
