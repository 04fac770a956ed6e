// The REST surface for scripts (`/v1/teams`, `/v1/projects`, `/v1/tasks`), authenticated by personal API tokens,
// described by an OpenAPI 3.1 document generated from the same zod schemas (GET /v1/openapi.json). Reads come from
// the stored rows; writes are sync mutations (see writes.ts).
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { uuidv7 } from '../../../shared/id';
import type { Project } from '../../../shared/schemas/project';
import type { Task } from '../../../shared/schemas/task';
import type { Deps } from '../../context';
import { ApiError, invalid } from '../../errors';
import type { ApiAuthRecord, ApiScope } from '../../storage/api';
import type { StoredChange } from '../../storage/types';
import { apiAuth, teamRole } from './api-auth';
import {
  createTaskBodySchema,
  deletedResponseSchema,
  errorSchema,
  listTasksQuerySchema,
  projectsResponseSchema,
  taskIdParamSchema,
  taskListResponseSchema,
  taskResponseSchema,
  teamQuerySchema,
  teamsResponseSchema,
  updateTaskBodySchema,
} from './schemas';
import { pushWrite, type RestWrite } from './writes';

type RestEnv = { Variables: { api: ApiAuthRecord } };

const json = <S>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = (...codes: (400 | 401 | 403 | 404 | 409)[]) => {
  const text: Record<number, string> = {
    400: 'Invalid request (the message names the field)',
    401: 'Missing, malformed, unknown or revoked API token',
    403: 'The token is read-only, or its account may not do this in this team',
    404: 'No such team or task for this token',
    409: 'The change was refused by sync',
  };
  return Object.fromEntries(codes.map((c) => [c, json(errorSchema, text[c]!)]));
};
const security = [{ bearer: [] }];

function withAuth(deps: Deps, need: ApiScope): MiddlewareHandler<RestEnv> {
  return async (c, next) => {
    c.set('api', await apiAuth(deps, c, need));
    await next();
  };
}

const dueMs = (value: string) => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
const toTask = (teamId: string, row: StoredChange): Task => ({ ...row.fields, id: row.key, teamId }) as Task;

/** How many stored rows one list request reads at most while filtering (it then returns a cursor to go on). */
const SCAN_BUDGET = 2_000;

function route<R extends RouteConfig>(config: R): R {
  return createRoute({ security, ...config });
}

export function createRestRoutes(deps: Deps) {
  const read = withAuth(deps, 'read');
  const write = withAuth(deps, 'write');

  /** The live task with this id in one of the caller's teams, with the team and the caller's role there. */
  const findTask = async (auth: ApiAuthRecord, id: string) => {
    for (const team of await deps.storage.listTeamsOf(auth.userId)) {
      const row = await deps.storage.readRow(team.id, 'tasks', id);
      if (row && !row.deleted) return { teamId: team.id, role: team.role, row };
    }
    throw new ApiError(404, 'NotFound', 'No task with this id in the token’s teams');
  };

  const checkRefs = async (teamId: string, fields: { projectId?: string | null; assigneeId?: string | null }) => {
    if (fields.projectId) {
      const project = await deps.storage.readRow(teamId, 'projects', fields.projectId);
      if (!project || project.deleted) throw new ApiError(400, 'Invalid', 'projectId: no such project in this team');
    }
    if (fields.assigneeId && !(await deps.storage.getRole(teamId, fields.assigneeId))) {
      throw new ApiError(400, 'Invalid', 'assigneeId: not a member of this team');
    }
  };

  const app = new OpenAPIHono<RestEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalid(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal API token (wpat_…), made in the extension’s options under "API tokens"',
  });

  /** One write to a task by the calling token, through the one push algorithm (writes.ts). */
  const writeTask = (
    auth: ApiAuthRecord,
    at: { teamId: string; role: RestWrite['role'] },
    op: RestWrite['op'],
    id: string,
    fields?: Record<string, unknown>,
    current?: StoredChange,
  ) =>
    pushWrite(deps, {
      ...at,
      userId: auth.userId,
      tokenId: auth.tokenId,
      op,
      table: 'tasks',
      key: id,
      ...(fields ? { fields } : {}),
      ...(current ? { current } : {}),
    });

  app.openapi(
    route({
      method: 'get',
      path: '/teams',
      summary: 'The teams of the token’s account, with its role in each',
      middleware: [read] as const,
      responses: { 200: json(teamsResponseSchema, 'The teams'), ...errors(401) },
    }),
    async (c) => {
      const teams = await deps.storage.listTeamsOf(c.get('api').userId);
      return c.json({ teams: teams.map((t) => ({ id: t.id, name: t.name, role: t.role, personal: t.personal })) }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/projects',
      summary: 'The projects of a team (archived ones included)',
      middleware: [read] as const,
      request: { query: teamQuerySchema },
      responses: { 200: json(projectsResponseSchema, 'The projects'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { teamId } = c.req.valid('query');
      await teamRole(deps, teamId, c.get('api').userId);
      const projects: StoredChange[] = [];
      let after = '';
      for (;;) {
        const page = await deps.storage.scanRows({ teamId, table: 'projects', afterKey: after, limit: 500 });
        projects.push(...page);
        if (page.length < 500) break;
        after = page[page.length - 1]!.key;
      }
      return c.json({ projects: projects.map((p) => ({ ...p.fields, id: p.key, teamId })) as Project[] }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/tasks',
      summary: 'List the tasks of a team, oldest first, with filters and a cursor',
      middleware: [read] as const,
      request: { query: listTasksQuerySchema },
      responses: { 200: json(taskListResponseSchema, 'One page of tasks'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { teamId } = query;
      await teamRole(deps, teamId, c.get('api').userId);
      const limit = query.limit ?? 50;
      let after = '';
      if (query.cursor) {
        const decoded = Buffer.from(query.cursor, 'base64url').toString('utf8');
        if (!/^[0-9a-f-]{36}$/.test(decoded)) {
          throw new ApiError(400, 'Invalid', 'cursor: pass back the nextCursor of an earlier page');
        }
        after = decoded;
      }
      const before = query.dueBefore ? dueMs(query.dueBefore) : undefined;
      const from = query.dueFrom ? dueMs(query.dueFrom) : undefined;
      const keep = (f: Record<string, unknown>) => {
        if (query.projectId && (f.projectId ?? 'inbox') !== (query.projectId === 'inbox' ? 'inbox' : query.projectId)) {
          return false;
        }
        if (query.status && f.status !== query.status) return false;
        if (query.assigneeId && (f.assigneeId ?? 'none') !== query.assigneeId) return false;
        if (before !== undefined || from !== undefined) {
          if (typeof f.dueAt !== 'string') return false;
          const due = dueMs(f.dueAt);
          if (before !== undefined && !(due < before)) return false;
          if (from !== undefined && !(due >= from)) return false;
        }
        return true;
      };
      const tasks: Task[] = [];
      let scanned = 0;
      let more = true;
      while (tasks.length < limit && scanned < SCAN_BUDGET) {
        const page = await deps.storage.scanRows({ teamId, table: 'tasks', afterKey: after, limit: 200 });
        for (const row of page) {
          scanned += 1;
          after = row.key;
          if (keep(row.fields)) tasks.push(toTask(teamId, row));
          if (tasks.length === limit) break;
        }
        if (page.length < 200 && tasks.length < limit) {
          more = false;
          break;
        }
      }
      if (more && tasks.length === limit) {
        // Only a further row makes a further page: the last page never ends with an empty one.
        more = (await deps.storage.scanRows({ teamId, table: 'tasks', afterKey: after, limit: 1 })).length > 0;
      }
      const nextCursor = more ? Buffer.from(after).toString('base64url') : null;
      return c.json({ tasks, nextCursor }, 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/tasks/{id}',
      summary: 'One task',
      middleware: [read] as const,
      request: { params: taskIdParamSchema },
      responses: { 200: json(taskResponseSchema, 'The task'), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { teamId, row } = await findTask(c.get('api'), id);
      return c.json({ task: toTask(teamId, row) }, 200);
    },
  );

  const answerTask = async (teamId: string, id: string, status: 200 | 201) => {
    const row = await deps.storage.readRow(teamId, 'tasks', id);
    if (!row) throw new Error('a task written through the push is missing');
    return { task: toTask(teamId, row), status };
  };

  app.openapi(
    route({
      method: 'post',
      path: '/tasks',
      summary: 'Create a task',
      middleware: [write] as const,
      request: { body: { content: { 'application/json': { schema: createTaskBodySchema } }, required: true } },
      responses: { 201: json(taskResponseSchema, 'The new task'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const auth = c.get('api');
      const role = await teamRole(deps, body.teamId, auth.userId);
      await checkRefs(body.teamId, body);
      const at = new Date(deps.now()).toISOString();
      const { teamId, ...given } = body;
      const id = uuidv7(deps.now());
      const status = given.status ?? 'todo';
      const fields: Record<string, unknown> = {
        notes: '',
        priority: 4,
        assigneeId: null,
        dueAt: null,
        tags: [],
        projectId: null,
        ...given,
        status,
        source: null,
        createdBy: null,
        createdAt: at,
        completedAt: status === 'done' ? at : null,
        order: -Date.parse(at),
      };
      await writeTask(auth, { teamId, role }, 'upsert', id, fields);
      const answer = await answerTask(teamId, id, 201);
      return c.json({ task: answer.task }, 201);
    },
  );

  app.openapi(
    route({
      method: 'patch',
      path: '/tasks/{id}',
      summary: 'Change some fields of a task',
      middleware: [write] as const,
      request: {
        params: taskIdParamSchema,
        body: { content: { 'application/json': { schema: updateTaskBodySchema } }, required: true },
      },
      responses: { 200: json(taskResponseSchema, 'The task after the change'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const changes = c.req.valid('json') as Record<string, unknown>;
      const auth = c.get('api');
      const { teamId, role, row } = await findTask(auth, id);
      await checkRefs(teamId, changes);
      const fields = { ...changes };
      // Status and completion instant move together, as the extension writes them.
      if (changes.status === 'done' && row.fields.status !== 'done')
        fields.completedAt = new Date(deps.now()).toISOString();
      if (changes.status !== undefined && changes.status !== 'done') fields.completedAt = null;
      await writeTask(auth, { teamId, role }, 'patch', id, fields, row);
      return c.json({ task: (await answerTask(teamId, id, 200)).task }, 200);
    },
  );

  const statusRoute = (action: 'complete' | 'reopen') =>
    route({
      method: 'post',
      path: `/tasks/{id}/${action}`,
      summary:
        action === 'complete'
          ? 'Complete a task (a repeating task moves on to its next due date)'
          : 'Reopen a completed task',
      middleware: [write] as const,
      request: { params: taskIdParamSchema },
      responses: { 200: json(taskResponseSchema, 'The task after the change'), ...errors(400, 401, 403, 404) },
    });

  app.openapi(statusRoute('complete'), async (c) => {
    const { id } = c.req.valid('param');
    const auth = c.get('api');
    const { teamId, role, row } = await findTask(auth, id);
    const now = new Date(deps.now());
    const task = toTask(teamId, row);
    // rrule loads with the first completion through the API, not at start-up (see routes/calendar.ts).
    const { completeOccurrence } = await import('../../../shared/recurrence');
    const recurring = completeOccurrence(task, now);
    const fields: Record<string, unknown> = recurring
      ? { ...recurring, ...(recurring.status === 'done' ? { completedAt: now.toISOString() } : {}) }
      : { status: 'done', completedAt: task.status === 'done' ? task.completedAt : now.toISOString() };
    await writeTask(auth, { teamId, role }, 'patch', id, fields, row);
    return c.json({ task: (await answerTask(teamId, id, 200)).task }, 200);
  });

  app.openapi(statusRoute('reopen'), async (c) => {
    const { id } = c.req.valid('param');
    const auth = c.get('api');
    const { teamId, role, row } = await findTask(auth, id);
    const fields = { status: 'todo', completedAt: null };
    await writeTask(auth, { teamId, role }, 'patch', id, fields, row);
    return c.json({ task: (await answerTask(teamId, id, 200)).task }, 200);
  });

  app.openapi(
    route({
      method: 'delete',
      path: '/tasks/{id}',
      summary: 'Delete a task (the extension offers it back under "Undo" nowhere: it is gone for the team)',
      middleware: [write] as const,
      request: { params: taskIdParamSchema },
      responses: { 200: json(deletedResponseSchema, 'Deleted'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const auth = c.get('api');
      const { teamId, role, row } = await findTask(auth, id);
      await writeTask(auth, { teamId, role }, 'delete', id, undefined, row);
      return c.json({ id, deleted: true as const }, 200);
    },
  );

  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Waypoint HTTP API',
        version: '1',
        description:
          'Tasks and projects of a Waypoint team server for scripts. Writes go through the same merge, validation and permissions as sync. See docs/api.md.',
      },
      servers: [{ url: '/v1' }],
    });
  let cached: ReturnType<typeof document> | undefined;
  app.get('/openapi.json', (c) => {
    cached ??= document();
    return c.json(cached, 200);
  });
  return app;
}
