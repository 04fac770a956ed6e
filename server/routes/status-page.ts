// GET /s/:token: the read-only status page of a shared project, computed with projectRollup from the synced rows.
// Pages are cached per (link, team version) for a minute and computed once however many ask at the same time;
// requests are rate-limited per address, so a burst on a big project cannot hold the server.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { projectRollup } from '../../shared/project-signals';
import type { Milestone, Objective, Risk, StatusUpdate } from '../../shared/schemas/planning';
import type { Project } from '../../shared/schemas/project';
import type { Task } from '../../shared/schemas/task';
import { shareTokenSchema } from '../../shared/sync/shares';
import { type SyncTableName, syncTables } from '../../shared/sync/tables';
import { type AppEnv, clientAddress, type Deps } from '../context';
import { sha256 } from '../crypto';
import { renderMessagePage, renderStatusPage, STATUS_PAGE_CSP } from '../status-page/render';
import type { StoredChange } from '../storage/types';

/** The tables the page reads besides the project row (never comments, stakeholders or documents). */
export const STATUS_PAGE_TABLES = ['tasks', 'milestones', 'objectives', 'risks', 'statusUpdates'] as const;

export const STATUS_PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': STATUS_PAGE_CSP,
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

type Row<T> = T & { id: string };

/** The rows of one table that match its schema, with their key as `id` (a row that does not is left out). */
export function parseRows<T>(table: SyncTableName, rows: readonly StoredChange[]): Row<T>[] {
  const schema = syncTables[table];
  const out: Row<T>[] = [];
  for (const row of rows) {
    if (row.deleted) continue;
    const parsed = schema.safeParse(row.fields);
    if (parsed.success) out.push({ ...(parsed.data as object), id: row.key, teamId: null } as unknown as Row<T>);
  }
  return out;
}

function html(c: Context, status: 200 | 404 | 410 | 429 | 503, body: string): Response {
  for (const [name, value] of Object.entries(STATUS_PAGE_HEADERS)) c.header(name, value);
  c.header('Content-Type', 'text/html; charset=utf-8');
  return c.body(body, status);
}

const notFound = (c: Context) =>
  html(
    c,
    404,
    renderMessagePage('Status page not found', 'This link does not lead to a status page. Check the address.'),
  );

/** How long a computed page is served for one team version (dates in the page move with the clock). */
export const STATUS_PAGE_CACHE_MS = 60_000;
const CACHE_ENTRIES = 200;

type Rendered = { status: 200 | 410; body: string };

export function createStatusPageRoutes(deps: Deps) {
  const cache = new Map<string, { at: number; page: Rendered }>();
  const inFlight = new Map<string, Promise<Rendered>>();

  const compute = async (teamId: string, projectId: string): Promise<Rendered> => {
    const snapshot = await deps.storage.projectSnapshot(teamId, projectId, [...STATUS_PAGE_TABLES]);
    const [project] = snapshot.project ? parseRows<Project>('projects', [snapshot.project]) : [];
    if (!project) {
      return { status: 410, body: renderMessagePage('This project is no longer shared', 'The project was deleted.') };
    }
    const now = new Date(deps.now());
    const rows = (table: (typeof STATUS_PAGE_TABLES)[number]) => snapshot.rows[table] ?? [];
    const statusUpdates = parseRows<StatusUpdate>('statusUpdates', rows('statusUpdates'));
    const rollup = projectRollup({
      project,
      tasks: parseRows<Task>('tasks', rows('tasks')),
      milestones: parseRows<Milestone>('milestones', rows('milestones')),
      objectives: parseRows<Objective>('objectives', rows('objectives')),
      risks: parseRows<Risk>('risks', rows('risks')),
      now,
    });
    const latestUpdate =
      statusUpdates
        .filter((u) => u.projectId === project.id)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1))[0] ?? null;
    return { status: 200, body: renderStatusPage({ project, rollup, latestUpdate, now }) };
  };

  return new Hono<AppEnv>().get('/:token', async (c) => {
    const wait = deps.limits.statusPage.hit(clientAddress(c, deps.trustedHops), deps.now());
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return html(c, 429, renderMessagePage('Too many requests', `Please wait ${wait} seconds and reload the page.`));
    }
    const token = c.req.param('token');
    if (!shareTokenSchema.safeParse(token).success) return notFound(c);
    const share = await deps.storage.findShare(sha256(token));
    if (!share) return notFound(c);
    if (share.revokedAt !== null) {
      return html(
        c,
        410,
        renderMessagePage('This link was revoked', 'The team revoked this status page link. Ask them for a new one.'),
      );
    }
    const team = await deps.storage.getTeam(share.teamId);
    if (!team) return notFound(c);
    const key = `${share.id}:${team.version}`;
    const now = deps.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < STATUS_PAGE_CACHE_MS) return html(c, hit.page.status, hit.page.body);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = compute(share.teamId, share.projectId).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
      pending.then(
        (page) => {
          cache.delete(key);
          cache.set(key, { at: deps.now(), page });
          // Oldest first: a Map keeps insertion order.
          while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
        },
        () => undefined,
      );
    }
    const page = await pending;
    return html(c, page.status, page.body);
  });
}
