// The REST surface on both storages: API tokens (read, read/write, revoked), 401 against 403, every task route,
// filters and the cursor, writes that go through sync (visible to a pull, poked, merged, refused like sync), and
// every answer checked against the OpenAPI document, which a real OpenAPI validator accepts.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it, vi } from 'vitest';
import { apiStorages } from '../../api-storages';
import { call, createTeam, createTestApp, hlcAt, invite, join, pushBody, snapshot } from '../../helpers';
import { createResponseChecker } from '../../openapi-check';

// Real servers, processes and databases on a shared 2-core machine.
vi.setConfig({ testTimeout: 40_000 });

describe.each(apiStorages('rest_api_test'))('REST /v1 (%s)', (_name, makeStorage) => {
  async function setup() {
    const t = createTestApp({ storage: await makeStorage() });
    const owner = await createTeam(t.app, 'Crew', 'Olive');
    const teamId = owner.team.id;
    const apiToken = async (device: string, scope: 'read' | 'write', name = `${scope} script`) => {
      const res = await call(t.app, 'POST', '/v1/api-tokens', { token: device, body: { name, scope } });
      expect(res.status).toBe(201);
      return res.body.token as string;
    };
    const writer = await apiToken(owner.token, 'write');
    const reader = await apiToken(owner.token, 'read');
    const doc = (await call(t.app, 'GET', '/v1/openapi.json')).body;
    const check = createResponseChecker(doc);
    /** A REST call whose answer must match the documented schema of its route and status. */
    const api = async (method: string, path: string, docPath: string, options: Parameters<typeof call>[3] = {}) => {
      const res = await call(t.app, method, path, options);
      expect(check(method, docPath, res.status, res.body)).toEqual([]);
      return res;
    };
    return { ...t, owner, teamId, writer, reader, apiToken, doc, api };
  }

  it('serves an OpenAPI 3.1 document that a real validator accepts', async () => {
    const { doc } = await setup();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/projects',
      '/tasks',
      '/tasks/{id}',
      '/tasks/{id}/complete',
      '/tasks/{id}/reopen',
      '/teams',
    ]);
    expect(doc.components.schemas.Task.properties.status.enum).toEqual(['todo', 'doing', 'blocked', 'done']);
  });

  it('tells 401 (no, bad, device or revoked token) from 403 (read-only token, not a member)', async () => {
    const t = await setup();
    const body = { teamId: t.teamId, title: 'From a script' };
    const none = await t.api('GET', `/v1/tasks?teamId=${t.teamId}`, '/tasks');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'Unauthorized' });
    const device = await t.api('GET', `/v1/tasks?teamId=${t.teamId}`, '/tasks', { token: t.owner.token });
    expect(device.status).toBe(401);
    expect(device.body.message).toMatch(/device token/);
    const junk = await call(t.app, 'GET', '/v1/teams', { headers: { authorization: 'Basic abc' } });
    expect(junk.status).toBe(401);
    const unknown = await call(t.app, 'GET', '/v1/teams', { token: `wpat_${'A'.repeat(43)}` });
    expect(unknown.status).toBe(401);

    const readOnly = await t.api('POST', '/v1/tasks', '/tasks', { token: t.reader, body });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.message).toMatch(/read-only/);
    expect((await t.api('GET', '/v1/teams', '/teams', { token: t.reader })).status).toBe(200);

    // Another account's token is not a member of this team.
    const stranger = await createTeam(t.app, 'Elsewhere', 'Sam');
    const strangerToken = await t.apiToken(stranger.token, 'write');
    const notMember = await t.api('GET', `/v1/tasks?teamId=${t.teamId}`, '/tasks', { token: strangerToken });
    expect(notMember.status).toBe(403);
    expect((await t.api('POST', '/v1/tasks', '/tasks', { token: strangerToken, body })).status).toBe(403);

    // A member removed from their only team loses the team at once, and with no team left, their API tokens.
    const member = await join(t.app, await invite(t.app, t.owner.token, t.teamId, 'member'), 'Mo');
    const memberToken = await t.apiToken(member.token, 'read');
    expect((await call(t.app, 'GET', `/v1/tasks?teamId=${t.teamId}`, { token: memberToken })).status).toBe(200);
    await call(t.app, 'DELETE', `/v1/teams/${t.teamId}/members/${member.user.id}`, { token: t.owner.token });
    expect((await call(t.app, 'GET', '/v1/teams', { token: memberToken })).status).toBe(401);

    // Revoked: 401 at once.
    const list = await call(t.app, 'GET', '/v1/api-tokens', { token: t.owner.token });
    expect(list.body.tokens.map((x: { scope: string }) => x.scope)).toEqual(['write', 'read']);
    const readId = list.body.tokens[1].id;
    expect((await call(t.app, 'DELETE', `/v1/api-tokens/${readId}`, { token: t.owner.token })).status).toBe(200);
    expect((await call(t.app, 'GET', '/v1/teams', { token: t.reader })).status).toBe(401);
    // Nobody revokes another account's token.
    const mine = (await call(t.app, 'GET', '/v1/api-tokens', { token: stranger.token })).body.tokens[0].id;
    expect((await call(t.app, 'DELETE', `/v1/api-tokens/${mine}`, { token: t.owner.token })).status).toBe(404);
  });

  it('creates a task through sync: a pull sees it, teammates are poked, the stored row is the answer', async () => {
    const t = await setup();
    const poked: number[] = [];
    t.hub.add({
      userId: t.owner.user.id,
      tokenId: 'socket',
      subscription: 'all',
      memberOf: new Set([t.teamId]),
      send: (message: string) => poked.push(JSON.parse(message).version),
      revoke: () => undefined,
      removed: () => undefined,
    });
    const res = await t.api('POST', '/v1/tasks', '/tasks', {
      token: t.writer,
      body: { teamId: t.teamId, title: 'Renew the certificate', dueAt: '2026-12-01', tags: ['ops'], priority: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.body.task).toMatchObject({
      teamId: t.teamId,
      title: 'Renew the certificate',
      status: 'todo',
      priority: 1,
      dueAt: '2026-12-01',
      tags: ['ops'],
      createdBy: t.owner.user.id,
      completedAt: null,
    });
    const pulled = await snapshot(t.app, t.owner.token, t.teamId);
    expect(pulled.changes).toHaveLength(1);
    expect(pulled.changes[0]).toMatchObject({
      table: 'tasks',
      key: res.body.task.id,
      fields: { title: 'Renew the certificate' },
    });
    await expect.poll(() => poked).toEqual([pulled.version]);

    const got = await t.api('GET', `/v1/tasks/${res.body.task.id}`, '/tasks/{id}', { token: t.writer });
    expect(got.body.task).toEqual(res.body.task);
  });

  it('updates, completes, reopens and deletes; a later REST write wins over an older device write', async () => {
    const t = await setup();
    const created = await t.api('POST', '/v1/tasks', '/tasks', {
      token: t.writer,
      body: { teamId: t.teamId, title: 'Draft' },
    });
    const id = created.body.task.id;
    // The extension wrote the title a moment ago (its clock a little behind the server's).
    const push = await call(t.app, 'POST', '/v1/sync/push', {
      token: t.owner.token,
      body: pushBody(t.teamId, 'dev1', [
        {
          seq: 1,
          op: 'patch',
          table: 'tasks',
          key: id,
          fields: { title: 'From the popup' },
          hlc: hlcAt(t.clock.now() - 5, 'dev1'),
        },
      ]),
    });
    expect(push.body.rejected).toEqual([]);
    t.clock.advance(1_000);
    const patched = await t.api('PATCH', `/v1/tasks/${id}`, '/tasks/{id}', {
      token: t.writer,
      body: { title: 'Final', status: 'doing', assigneeId: t.owner.user.id },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.task).toMatchObject({ title: 'Final', status: 'doing', assigneeId: t.owner.user.id });

    const done = await t.api('POST', `/v1/tasks/${id}/complete`, '/tasks/{id}/complete', { token: t.writer });
    expect(done.body.task).toMatchObject({ status: 'done', completedAt: new Date(t.clock.now()).toISOString() });
    const reopened = await t.api('POST', `/v1/tasks/${id}/reopen`, '/tasks/{id}/reopen', { token: t.writer });
    expect(reopened.body.task).toMatchObject({ status: 'todo', completedAt: null });

    const deleted = await t.api('DELETE', `/v1/tasks/${id}`, '/tasks/{id}', { token: t.writer });
    expect(deleted.body).toEqual({ id, deleted: true });
    expect((await t.api('GET', `/v1/tasks/${id}`, '/tasks/{id}', { token: t.writer })).status).toBe(404);
    const pulled = await snapshot(t.app, t.owner.token, t.teamId);
    expect(pulled.changes).toMatchObject([{ key: id, deleted: true }]);
  });

  it('completes a repeating task by moving it to its next due date', async () => {
    const t = await setup();
    const created = await t.api('POST', '/v1/tasks', '/tasks', {
      token: t.writer,
      body: { teamId: t.teamId, title: 'Weekly report', dueAt: '2026-11-27' },
    });
    const id = created.body.task.id;
    // The repeat rule is set from the extension (the REST surface does not edit rules).
    await call(t.app, 'POST', '/v1/sync/push', {
      token: t.owner.token,
      body: pushBody(t.teamId, 'dev1', [
        {
          seq: 1,
          op: 'patch',
          table: 'tasks',
          key: id,
          fields: { recurrence: { rule: 'FREQ=WEEKLY', mode: 'due' } },
          hlc: hlcAt(t.clock.now() + 1, 'dev1'),
        },
      ]),
    });
    t.clock.advance(10);
    const done = await t.api('POST', `/v1/tasks/${id}/complete`, '/tasks/{id}/complete', { token: t.writer });
    expect(done.body.task).toMatchObject({ status: 'todo', dueAt: '2026-12-04', timesDone: 1 });
  });

  it('refuses what sync refuses: a guest cannot write tasks, bad fields are 400 with {error, message}', async () => {
    const t = await setup();
    const guest = await join(t.app, await invite(t.app, t.owner.token, t.teamId, 'guest'), 'Gus');
    const guestToken = await t.apiToken(guest.token, 'write');
    const refused = await t.api('POST', '/v1/tasks', '/tasks', {
      token: guestToken,
      body: { teamId: t.teamId, title: 'Nope' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'Forbidden', message: 'A guest cannot change tasks' });
    expect((await snapshot(t.app, t.owner.token, t.teamId)).changes).toHaveLength(0);

    for (const body of [
      { teamId: t.teamId, title: '   ' },
      { teamId: t.teamId, title: 'x', status: 'finished' },
      { teamId: t.teamId, title: 'x', unknownField: 1 },
      { teamId: t.teamId, title: 'x', projectId: '01930000-0000-7000-8000-000000000000' },
      { teamId: t.teamId, title: 'x', assigneeId: '01930000-0000-7000-8000-000000000000' },
      { title: 'no team' },
    ]) {
      const res = await t.api('POST', '/v1/tasks', '/tasks', { token: t.writer, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: 'Invalid', message: expect.any(String) });
    }
    const badJson = await call(t.app, 'POST', '/v1/tasks', {
      token: t.writer,
      raw: '{"teamId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    const emptyPatch = await call(t.app, 'PATCH', '/v1/tasks/01930000-0000-7000-8000-000000000000', {
      token: t.writer,
      body: {},
    });
    expect(emptyPatch.status).toBe(400);
    const badId = await call(t.app, 'GET', '/v1/tasks/not-an-id', { token: t.writer });
    expect(badId.status).toBe(400);
    const badCursor = await call(t.app, 'GET', `/v1/tasks?teamId=${t.teamId}&cursor=zzz`, { token: t.writer });
    expect(badCursor.status).toBe(400);
    const unknownTeam = await call(t.app, 'GET', '/v1/tasks?teamId=01930000-0000-7000-8000-000000000000', {
      token: t.writer,
    });
    expect(unknownTeam.status).toBe(404);
  });

  it('lists projects and filters tasks by project, status, assignee and due dates, page by page', async () => {
    const t = await setup();
    const projectId = '01930000-0000-7000-8000-0000000000aa';
    await call(t.app, 'POST', '/v1/sync/push', {
      token: t.owner.token,
      body: pushBody(t.teamId, 'dev1', [
        {
          seq: 1,
          op: 'upsert',
          table: 'projects',
          key: projectId,
          fields: {
            name: 'Launch',
            objective: '',
            status: 'active',
            startAt: null,
            dueAt: null,
            color: '#2563eb',
            urlRules: [],
            archived: false,
            createdBy: null,
            createdAt: '2026-11-25T12:00:00.000Z',
          },
          hlc: hlcAt(t.clock.now(), 'dev1'),
        },
      ]),
    });
    const projects = await t.api('GET', `/v1/projects?teamId=${t.teamId}`, '/projects', { token: t.reader });
    expect(projects.body.projects).toMatchObject([{ id: projectId, name: 'Launch', teamId: t.teamId }]);

    const make = (title: string, extra: Record<string, unknown> = {}) =>
      t.api('POST', '/v1/tasks', '/tasks', { token: t.writer, body: { teamId: t.teamId, title, ...extra } });
    await make('a', { projectId, dueAt: '2026-12-01' });
    await make('b', { projectId, dueAt: '2026-12-03T09:00:00.000Z', assigneeId: t.owner.user.id });
    await make('c', { status: 'done' });
    await make('d', { dueAt: '2026-12-10' });
    await make('e', { projectId, status: 'blocked' });

    const titles = async (query: string) => {
      const res = await t.api('GET', `/v1/tasks?teamId=${t.teamId}${query}`, '/tasks', { token: t.reader });
      expect(res.status).toBe(200);
      return res.body.tasks.map((x: { title: string }) => x.title).join('');
    };
    expect(await titles('')).toBe('abcde');
    expect(await titles(`&projectId=${projectId}`)).toBe('abe');
    expect(await titles('&projectId=inbox')).toBe('cd');
    expect(await titles('&status=done')).toBe('c');
    expect(await titles(`&assigneeId=${t.owner.user.id}`)).toBe('b');
    expect(await titles('&assigneeId=none&status=todo')).toBe('ad');
    expect(await titles('&dueBefore=2026-12-03')).toBe('a');
    expect(await titles('&dueFrom=2026-12-03&dueBefore=2026-12-10')).toBe('b');
    expect(await titles('&dueFrom=2026-12-02T00:00:00Z')).toBe('bd');

    const pages: string[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const res = await t.api(
        'GET',
        `/v1/tasks?teamId=${t.teamId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        '/tasks',
        {
          token: t.reader,
        },
      );
      pages.push(res.body.tasks.map((x: { title: string }) => x.title).join(''));
      if (res.body.nextCursor === null) break;
      cursor = res.body.nextCursor;
    }
    expect(pages).toEqual(['ab', 'cd', 'e']);
    expect((await call(t.app, 'GET', `/v1/tasks?teamId=${t.teamId}&limit=0`, { token: t.reader })).status).toBe(400);
  });
});
