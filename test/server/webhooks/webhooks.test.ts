// Webhooks end to end on both storages, against a receiver in another process: events derived from sync pushes
// and REST writes alike, signed with HMAC-SHA256 over `timestamp.body`, retried with back-off, logged, disabled
// after failures in a row and enabled again; the queue survives a restart; two PostgreSQL instances deliver each
// event once; private-network targets are refused unless allowed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningServer, startServer } from '../../../server/start';
import { createPostgresStorage } from '../../../server/storage/postgres';
import { createSqliteStorage } from '../../../server/storage/sqlite';
import type { Storage } from '../../../server/storage/types';
import { createWebhookDispatcher, type WebhookOptions } from '../../../server/webhooks/dispatcher';
import { verifySignature } from '../../../server/webhooks/signing';
import { apiStorages, pgSchemaUrl } from '../api-storages';
import { call, createTestApp, hlcAt, invite, join as joinTeam, newKey, pushBody, taskFields } from '../helpers';
import { type Receiver, startReceiver } from './receiver';

// Real servers, processes and databases on a shared 2-core machine.
vi.setConfig({ testTimeout: 40_000 });

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.stop();
});

const FAST: WebhookOptions = {
  allowPrivateTargets: true,
  pollMs: 25,
  retryBaseMs: 40,
  maxAttempts: 3,
  disableAfter: 5,
};
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close(100);
});

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely.
type Json = any;

async function http(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

const projectFields = (status = 'active') => ({
  name: 'Launch',
  objective: '',
  status,
  startAt: null,
  dueAt: null,
  color: '#2563eb',
  urlRules: [],
  archived: false,
  createdBy: null,
  createdAt: '2026-11-25T12:00:00.000Z',
});

/** Deliveries the receiver got for one webhook path marker (its query), parsed. */
async function deliveries(marker: string) {
  return (await receiver.received())
    .filter((r) => r.path.includes(marker))
    .map((r) => ({
      ...r,
      event: JSON.parse(r.body) as { id: string; type: string; teamId: string; data: Record<string, { id: string }> },
    }));
}

describe.each(apiStorages('webhooks_test'))('webhooks (%s)', (name, makeStorage) => {
  async function setup(options: WebhookOptions = FAST) {
    const storage = await makeStorage();
    const server = await startServer({ storage, port: 0, webhooks: options, logEvent: () => undefined });
    servers.push(server);
    const base = server.url;
    const owner = (await http(base, 'POST', '/v1/teams', undefined, { teamName: 'Crew', userName: 'Olive' })).body;
    const teamId = owner.team.id as string;
    const marker = `${name}-${newKey()}`;
    const hook = await http(base, 'POST', `/v1/teams/${teamId}/webhooks`, owner.token, {
      url: `${receiver.url}?m=${marker}`,
      events: [
        'task.created',
        'task.completed',
        'task.assigned',
        'task.due_changed',
        'project.status_changed',
        'comment.added',
        'risk.added',
      ],
    });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const api = (await http(base, 'POST', '/v1/api-tokens', owner.token, { name: 'ci', scope: 'write' })).body
      .token as string;
    let seq = 0;
    const push = async (mutations: { op: string; table: string; key: string; fields?: unknown }[]) => {
      const res = await http(
        base,
        'POST',
        '/v1/sync/push',
        owner.token,
        pushBody(
          teamId,
          'dev1',
          mutations.map((m) => ({ ...m, seq: ++seq, hlc: hlcAt(Date.now(), 'dev1', seq) })),
        ),
      );
      expect(res.body.rejected, JSON.stringify(res.body)).toEqual([]);
    };
    return {
      storage,
      server,
      base,
      owner,
      teamId,
      marker,
      hook: hook.body.webhook,
      secret: hook.body.secret as string,
      api,
      push,
    };
  }

  it('sends one signed event per change, from sync and from REST, and logs each attempt', async () => {
    const t = await setup();
    const projectId = newKey();
    await t.push([
      { op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields({ title: 'From the popup' }) },
      { op: 'upsert', table: 'projects', key: projectId, fields: projectFields('planned') },
    ]);
    const created = await http(t.base, 'POST', '/v1/tasks', t.api, {
      teamId: t.teamId,
      title: 'From a script',
      assigneeId: t.owner.user.id,
    });
    expect(created.status).toBe(201);
    const id = created.body.task.id;
    await http(t.base, 'PATCH', `/v1/tasks/${id}`, t.api, { dueAt: '2026-12-24' });
    await http(t.base, 'POST', `/v1/tasks/${id}/complete`, t.api);
    await t.push([
      { op: 'patch', table: 'projects', key: projectId, fields: { status: 'active' } },
      {
        op: 'upsert',
        table: 'comments',
        key: newKey(),
        fields: {
          projectId,
          taskId: id,
          body: 'Looks good',
          mentions: [],
          createdBy: null,
          createdAt: '2026-11-25T12:00:00.000Z',
        },
      },
      {
        op: 'upsert',
        table: 'risks',
        key: newKey(),
        fields: {
          projectId,
          title: 'Vendor late',
          probability: 2,
          impact: 3,
          mitigation: '',
          ownerId: null,
          status: 'open',
          createdBy: null,
          createdAt: '2026-11-25T12:00:00.000Z',
        },
      },
    ]);
    const expected = [
      'task.created',
      'task.created',
      'task.assigned',
      'task.due_changed',
      'task.completed',
      'project.status_changed',
      'comment.added',
      'risk.added',
    ];
    await expect.poll(async () => (await deliveries(t.marker)).length, { timeout: 15_000 }).toBe(expected.length);
    const got = await deliveries(t.marker);
    expect(got.map((d) => d.event.type).sort()).toEqual([...expected].sort());
    for (const d of got) {
      expect(d.headers['content-type']).toBe('application/json');
      expect(d.headers['waypoint-event']).toBe(d.event.type);
      expect(d.event.teamId).toBe(t.teamId);
      const ok = verifySignature({
        secret: t.secret,
        header: d.headers['waypoint-signature'],
        body: d.body,
        nowSeconds: Date.now() / 1000,
      });
      expect(ok).toBe(true);
      // Another secret, or a changed body, fails.
      expect(
        verifySignature({
          secret: 'whsec_other',
          header: d.headers['waypoint-signature'],
          body: d.body,
          nowSeconds: Date.now() / 1000,
        }),
      ).toBe(false);
      expect(
        verifySignature({
          secret: t.secret,
          header: d.headers['waypoint-signature'],
          body: `${d.body} `,
          nowSeconds: Date.now() / 1000,
        }),
      ).toBe(false);
    }
    const completed = got.find((d) => d.event.type === 'task.completed')!;
    expect(completed.event.data.task).toMatchObject({ id, status: 'done' });
    const moved = got.find((d) => d.event.type === 'project.status_changed')!;
    expect(moved.event.data).toMatchObject({ project: { id: projectId, status: 'active' }, previousStatus: 'planned' });

    const readLog = () => http(t.base, 'GET', `/v1/teams/${t.teamId}/webhooks/${t.hook.id}/deliveries`, t.owner.token);
    // The attempt is recorded just after the receiver answered.
    await expect.poll(async () => (await readLog()).body.pending).toBe(0);
    const log = await readLog();
    expect(log.body.attempts).toHaveLength(expected.length);
    expect(log.body.attempts.every((a: { ok: boolean; statusCode: number }) => a.ok && a.statusCode === 200)).toBe(
      true,
    );
    await expect
      .poll(async () => (await fetch(`${t.base}/metrics`)).text())
      .toContain(`waypoint_webhook_attempts_total{outcome="delivered"} ${expected.length}`);
  });

  it('retries with back-off, gives up after the last attempt, disables after failures in a row, enables again', async () => {
    const t = await setup();
    await receiver.answerWith(500);
    try {
      await t.push([{ op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields({ title: 'one' }) }]);
      const log = async () =>
        (await http(t.base, 'GET', `/v1/teams/${t.teamId}/webhooks/${t.hook.id}/deliveries`, t.owner.token)).body;
      await expect.poll(async () => (await log()).attempts.length, { timeout: 15_000 }).toBe(3);
      const first = await log();
      expect(first.pending).toBe(0);
      expect(
        first.attempts.map((a: { attempt: number; statusCode: number; ok: boolean }) => [
          a.attempt,
          a.statusCode,
          a.ok,
        ]),
      ).toEqual([
        [3, 500, false],
        [2, 500, false],
        [1, 500, false],
      ]);
      // Retried after a wait (how the waits grow is tested on retryDelay, without timing).
      const at = first.attempts.map((a: { at: string }) => Date.parse(a.at)).reverse();
      expect(at[1] - at[0]).toBeGreaterThanOrEqual((FAST.retryBaseMs ?? 0) * 0.8);

      // Two more failures make five in a row: the webhook is disabled, its delivery waits.
      await t.push([{ op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields({ title: 'two' }) }]);
      const hook = async () =>
        (await http(t.base, 'GET', `/v1/teams/${t.teamId}/webhooks`, t.owner.token)).body.webhooks[0] as {
          enabled: boolean;
          disabledReason: string | null;
          failures: number;
        };
      await expect.poll(async () => (await hook()).enabled, { timeout: 15_000 }).toBe(false);
      expect((await hook()).disabledReason).toMatch(/5 failed deliveries in a row/);
      expect((await log()).pending).toBe(1);
      // Events while disabled are not queued.
      await t.push([{ op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields({ title: 'while off' }) }]);

      await receiver.answerWith(200);
      const enabled = await http(t.base, 'PATCH', `/v1/teams/${t.teamId}/webhooks/${t.hook.id}`, t.owner.token, {
        enabled: true,
      });
      expect(enabled.body.webhook).toMatchObject({ enabled: true, failures: 0, disabledReason: null });
      await expect.poll(async () => (await log()).pending, { timeout: 15_000 }).toBe(0);
      const ok = (await deliveries(t.marker)).filter((d) => d.answered === 200);
      expect(ok.map((d) => JSON.parse(d.body).data.task.title)).toEqual(['two']);
    } finally {
      await receiver.answerWith(200);
    }
  });

  it('lets only owners and admins manage webhooks, and checks what they send', async () => {
    const t = await setup();
    const member = await joinTeam(
      { request: (p: string, init: RequestInit) => fetch(`${t.base}${p}`, init) } as never,
      await invite(
        { request: (p: string, init: RequestInit) => fetch(`${t.base}${p}`, init) } as never,
        t.owner.token,
        t.teamId,
        'member',
      ),
      'Mo',
    );
    const refused = await http(t.base, 'GET', `/v1/teams/${t.teamId}/webhooks`, member.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'Forbidden' });
    for (const body of [
      { url: 'ftp://example.test/x', events: ['task.created'] },
      { url: `${receiver.url}`, events: [] },
      { url: `${receiver.url}`, events: ['task.exploded'] },
      { url: 'http://user:pw@127.0.0.1/x', events: ['task.created'] },
    ]) {
      const res = await http(t.base, 'POST', `/v1/teams/${t.teamId}/webhooks`, t.owner.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: 'Invalid', message: expect.any(String) });
    }
    const gone = await http(t.base, 'DELETE', `/v1/teams/${t.teamId}/webhooks/${t.hook.id}`, t.owner.token);
    expect(gone.body).toEqual({ id: t.hook.id, deleted: true });
    expect((await http(t.base, 'GET', `/v1/teams/${t.teamId}/webhooks`, t.owner.token)).body.webhooks).toEqual([]);
  });

  it('refuses private-network targets unless the server allows them', async () => {
    const { app } = createTestApp({ storage: await makeStorage() });
    const owner = (await call(app, 'POST', '/v1/teams', { body: { teamName: 'Crew', userName: 'Olive' } })).body;
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://localhost/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest',
      'http://[::ffff:192.168.0.1]/',
    ]) {
      const res = await call(app, 'POST', `/v1/teams/${owner.team.id}/webhooks`, {
        token: owner.token,
        body: { url, events: ['task.created'] },
      });
      expect(res.status, url).toBe(400);
      expect(res.body.message).toMatch(/private or local network/);
    }
  });
});

describe('the webhook queue survives a restart (SQLite file)', () => {
  it('delivers after the server comes back what was queued before it stopped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waypoint-hooks-'));
    try {
      const path = join(dir, 'waypoint.sqlite');
      await restartScenario(() => Promise.resolve(createSqliteStorage({ path })), `sqlite-restart-${newKey()}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.env.WAYPOINT_TEST_DATABASE_URL)('webhooks on PostgreSQL with several instances', () => {
  it('the queue survives a restart', async () => {
    const url = await pgSchemaUrl('webhooks_restart_test');
    const cleaner = await createPostgresStorage({ connectionString: url, max: 1 });
    await cleaner.dropAll();
    await cleaner.close();
    await restartScenario(() => createPostgresStorage({ connectionString: url, max: 2 }), `pg-restart-${newKey()}`);
  });

  it('two instances on one database deliver each event once', async () => {
    const url = await pgSchemaUrl('webhooks_pair_test');
    const cleaner = await createPostgresStorage({ connectionString: url, max: 1 });
    await cleaner.dropAll();
    await cleaner.close();
    const a = await createPostgresStorage({ connectionString: url, max: 3 });
    const b = await createPostgresStorage({ connectionString: url, max: 3 });
    const { app } = createTestApp({ storage: a, webhooks: { allowPrivateTargets: true } });
    const owner = (await call(app, 'POST', '/v1/teams', { body: { teamName: 'Crew', userName: 'Olive' } })).body;
    const marker = `pg-pair-${newKey()}`;
    const hook = await call(app, 'POST', `/v1/teams/${owner.team.id}/webhooks`, {
      token: owner.token,
      body: { url: `${receiver.url}?m=${marker}`, events: ['task.created'] },
    });
    expect(hook.status).toBe(201);
    const count = 24;
    const mutations = Array.from({ length: count }, (_, i) => ({
      seq: i + 1,
      op: 'upsert',
      table: 'tasks',
      key: newKey(),
      fields: taskFields({ title: `t${i}` }),
      hlc: hlcAt(Date.now(), 'dev1', i),
    }));
    expect(
      (
        await call(app, 'POST', '/v1/sync/push', {
          token: owner.token,
          body: pushBody(owner.team.id, 'dev1', mutations),
        })
      ).status,
    ).toBe(200);
    const options = { allowPrivateTargets: true, pollMs: 5 };
    const one = createWebhookDispatcher({ storage: a, options });
    const two = createWebhookDispatcher({ storage: b, options });
    try {
      one.start();
      two.start();
      await expect.poll(async () => (await deliveries(marker)).length, { timeout: 15_000 }).toBe(count);
      await new Promise((done) => setTimeout(done, 300));
      const got = await deliveries(marker);
      expect(got).toHaveLength(count);
      expect(new Set(got.map((d) => d.headers['waypoint-delivery'])).size).toBe(count);
      expect(new Set(got.map((d) => d.event.data.task!.id)).size).toBe(count);
    } finally {
      await one.stop();
      await two.stop();
      await a.close();
      await b.close();
    }
  });
});

async function restartScenario(open: () => Promise<Storage>, marker: string) {
  const first = await open();
  const { app } = createTestApp({ storage: first, webhooks: { allowPrivateTargets: true } });
  const owner = (await call(app, 'POST', '/v1/teams', { body: { teamName: 'Crew', userName: 'Olive' } })).body;
  const hook = await call(app, 'POST', `/v1/teams/${owner.team.id}/webhooks`, {
    token: owner.token,
    body: { url: `${receiver.url}?m=${marker}`, events: ['task.created'] },
  });
  const key = newKey();
  await call(app, 'POST', '/v1/sync/push', {
    token: owner.token,
    body: pushBody(owner.team.id, 'dev1', [
      { seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(Date.now(), 'dev1') },
    ]),
  });
  // No dispatcher ran: the event waits in the database.
  expect(await first.pendingDeliveries(hook.body.webhook.id)).toBe(1);
  await first.close();
  const second = await open();
  try {
    const dispatcher = createWebhookDispatcher({ storage: second, options: { allowPrivateTargets: true } });
    expect(await dispatcher.runOnce()).toBe(1);
    const got = await deliveries(marker);
    expect(got.map((d) => d.event.data.task!.id)).toEqual([key]);
    expect(await second.pendingDeliveries(hook.body.webhook.id)).toBe(0);
  } finally {
    await second.close();
  }
}
