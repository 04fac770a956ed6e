// The Hono application: middleware (CORS, request log and metrics, JSON-only bodies, body limit, errors) and one
// sub-app per resource.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SERVER_LIMITS } from '../shared/server-limits';
import { LIMITS } from '../shared/sync/protocol';
import { type AppEnv, type Deps, requestFacts } from './context';
import { matchesHash, sha256 as sha256Hex } from './crypto';
import { ApiError, errorResponse } from './errors';
import { instrumentStorage } from './instrument';
import { createMetrics, type Metrics } from './metrics';
import { createPokeHub, type PokeHub } from './pokes';
import { createRateLimiter, type RateLimitRule } from './rate-limit';
import { createCalendarFeedRoutes, createCalendarIcsRoutes } from './routes/calendar';
import { createInvitePageRoutes } from './routes/invite-page';
import { createJoinRoutes } from './routes/join';
import { createMeRoutes, createTokenRoutes } from './routes/me';
import { createMembersRoutes } from './routes/members';
import { createSharesRoutes, createStatusPageRoutes } from './routes/shares';
import { createSyncRoutes } from './routes/sync';
import { createTeamsRoutes } from './routes/teams';
import { createApiTokenRoutes } from './routes/v1/api-tokens';
import { createRestRoutes } from './routes/v1/rest';
import type { Storage } from './storage/types';
import { createTokenUse, type TokenUse } from './token-use';
import type { WebhookOptions } from './webhooks/dispatcher';
import { createWebhookRoutes } from './webhooks/routes';

export interface AppOptions {
  storage: Storage;
  hub?: PokeHub;
  now?: () => number;
  /** Require the admin code with this SHA-256 hash to create teams (WAYPOINT_SIGNUP=closed). */
  adminCodeHash?: string;
  /** Origins allowed besides chrome-extension:// and moz-extension:// ones. */
  corsOrigins?: string[];
  maxBodyBytes?: number;
  rateLimits?: {
    createTeam?: RateLimitRule;
    join?: RateLimitRule;
    joinAttempts?: RateLimitRule;
    statusPage?: RateLimitRule;
  };
  /**
   * Reverse proxies in front of the server that append to X-Forwarded-For (WAYPOINT_TRUST_PROXY=N); `true` is 1.
   * The client is the right-most address none of them added.
   */
  trustProxy?: boolean | number;
  /** The server's public base URL for status page links (default: the origin of the request). */
  publicUrl?: string;
  /** A token unused for this long stops working; null (default here) never expires. */
  tokenIdleMs?: number | null;
  /** Shared with the WebSocket by startServer (one freshness cache per process). */
  tokenUse?: TokenUse;
  maxTokensPerAccount?: number;
  metrics?: Metrics;
  /** When set, GET /metrics needs `Authorization: Bearer <this>`. */
  metricsToken?: string;
  /** One structured line per request (method, route, status, latency, team); none when unset. */
  logRequest?: (line: RequestLogLine) => void;
  /** Called for unexpected errors (500s); defaults to console.error. */
  logError?: (error: unknown) => void;
  /** Webhook delivery settings (server/webhooks/dispatcher.ts); the app reads `allowPrivateTargets`. */
  webhooks?: WebhookOptions;
}

export interface RequestLogLine {
  time: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  team?: string;
  /** The error code of a 4xx/5xx answer. */
  error?: string;
  /** Why a push was refused (or some of its mutations rejected). */
  refused?: string;
}

export const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9._-]+$/;

/** Response headers a cross-origin caller (the extension) may read. */
const EXPOSED_HEADERS = ['Retry-After'];

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;

/** Read and drop what is left of a request body (up to `max` bytes), so a refusal does not reset the connection. */
function drain(incoming: IncomingMessage | undefined, max: number, timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    if (!incoming || incoming.complete || incoming.destroyed || incoming.readableEnded) return resolve(true);
    let seen = 0;
    let done = false;
    const finish = (drained: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onFail);
      incoming.off('close', onFail);
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > max) finish(false);
    };
    const onEnd = () => finish(true);
    const onFail = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onFail);
    incoming.on('close', onFail);
    incoming.resume();
  });
}

const incomingOf = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

/** A refusal sent before the body was read: drain the body first, and close the connection after the answer. */
async function refuseUnread(c: Context, status: 413 | 415, error: string, message: string, maxBodyBytes: number) {
  await drain(incomingOf(c), maxBodyBytes * 16);
  return c.json({ error, message }, status, { Connection: 'close' });
}

export function createApp(options: AppOptions) {
  const metrics = options.metrics ?? createMetrics();
  const storage = instrumentStorage(options.storage, metrics);
  const hops = options.trustProxy === true ? 1 : options.trustProxy === false ? 0 : (options.trustProxy ?? 0);
  const deps: Deps = {
    storage,
    hub: options.hub ?? createPokeHub(),
    now: options.now ?? Date.now,
    ...(options.adminCodeHash !== undefined ? { adminCodeHash: options.adminCodeHash } : {}),
    limits: {
      createTeam: createRateLimiter(options.rateLimits?.createTeam ?? { limit: 10, windowMs: 60 * 60_000 }),
      join: createRateLimiter(options.rateLimits?.join ?? { limit: 30, windowMs: 10 * 60_000 }),
      joinAttempts: createRateLimiter(options.rateLimits?.joinAttempts ?? { limit: 600, windowMs: 10 * 60_000 }),
      statusPage: createRateLimiter(
        options.rateLimits?.statusPage ?? { limit: SERVER_LIMITS.statusPagePerMinute, windowMs: 60_000 },
      ),
    },
    trustedHops: Math.max(0, Math.floor(hops)),
    tokenUse: options.tokenUse ?? createTokenUse(storage, options.tokenIdleMs ?? null),
    tokenIdleMs: options.tokenIdleMs ?? null,
    maxTokensPerAccount: options.maxTokensPerAccount ?? SERVER_LIMITS.tokensPerAccount,
    metrics,
  };
  const extraOrigins = new Set(options.corsOrigins ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? LIMITS.maxBodyBytes;
  const logError = options.logError ?? ((error: unknown) => console.error('Unexpected error:', error));
  const logRequest = options.logRequest;

  const allowOrigin = (origin: string) => (EXTENSION_ORIGIN.test(origin) || extraOrigins.has(origin) ? origin : null);
  const preflight = cors({
    origin: allowOrigin,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });

  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      const started = performance.now();
      const facts: { teamId?: string; refused?: string } = {};
      await requestFacts.run(facts, next);
      const seconds = (performance.now() - started) / 1000;
      const route = c.res.status === 404 && routePath(c, -1) === '/*' ? '(unmatched)' : routePath(c, -1);
      metrics.request(c.req.method, route, c.res.status, seconds);
      if (!logRequest) return;
      const line: RequestLogLine = {
        time: new Date().toISOString(),
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 10_000) / 10,
      };
      if (facts.teamId) line.team = facts.teamId;
      const code = c.res.headers.get('x-waypoint-error');
      if (code) line.error = code;
      if (facts.refused) line.refused = facts.refused;
      logRequest(line);
    })
    .use(async (c, next) => {
      if (c.req.method === 'OPTIONS') return preflight(c, next);
      // The headers cors() would set, set once the route has answered: cors() sets them on c.res before the route
      // runs, and Hono then copies the route's response into a full web Response, body and all, which the Node
      // adapter streams back out (a pull page of 1,000 rows, ~500 KB, paid that on every request).
      await next();
      const allowed = allowOrigin(c.req.header('origin') ?? '');
      const headers = c.res.headers;
      if (allowed) headers.set('Access-Control-Allow-Origin', allowed);
      headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(','));
      headers.append('Vary', 'Origin');
    })
    .use(async (c, next) => {
      const method = c.req.method;
      if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
      const length = c.req.header('content-length');
      // Over HTTP/1.1 a body has a Content-Length or a Transfer-Encoding; app.request (tests) has only the stream.
      const hasBody =
        length !== undefined
          ? length !== '0'
          : incomingOf(c)
            ? c.req.header('transfer-encoding') !== undefined
            : c.req.raw.body !== null;
      // JSON only: a cross-site form (text/plain, urlencoded, multipart) cannot send JSON without a CORS preflight.
      if (hasBody && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
        return refuseUnread(
          c,
          415,
          'UnsupportedMediaType',
          'Request bodies must be JSON (Content-Type: application/json)',
          maxBodyBytes,
        );
      }
      if (length !== undefined && (!/^\d{1,15}$/.test(length) || Number(length) > maxBodyBytes)) {
        return refuseUnread(c, 413, 'PayloadTooLarge', `The request body is over ${maxBodyBytes} bytes`, maxBodyBytes);
      }
      if (hasBody && length === undefined) {
        // A chunked body: read it with the limit applied, and keep it for the route (c.req caches the text).
        const reader = c.req.raw.body?.getReader();
        const chunks: Uint8Array[] = [];
        let size = 0;
        if (reader) {
          for (;;) {
            let result: ReadableStreamReadResult<Uint8Array>;
            try {
              result = await reader.read();
            } catch {
              throw new ApiError(400, 'BadRequest', 'Could not read the request body');
            }
            if (result.done) break;
            size += result.value.byteLength;
            if (size > maxBodyBytes) {
              // Read the rest and drop it (up to a bound): the client gets the 413 instead of a reset connection.
              while (size <= maxBodyBytes * 16) {
                const rest = await reader.read().catch(() => ({ done: true as const, value: undefined }));
                if (rest.done) break;
                size += rest.value.byteLength;
              }
              await reader.cancel().catch(() => undefined);
              return refuseUnread(
                c,
                413,
                'PayloadTooLarge',
                `The request body is over ${maxBodyBytes} bytes`,
                maxBodyBytes,
              );
            }
            chunks.push(result.value);
          }
        }
        const text = Buffer.concat(chunks).toString('utf8');
        (c.req as unknown as { bodyCache: { text?: Promise<string> } }).bodyCache.text = Promise.resolve(text);
      }
      return next();
    })
    .get('/healthz', (c) => c.json({ ok: true }, 200))
    .get('/readyz', async (c) => {
      try {
        await Promise.race([
          storage.ping(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), 3_000).unref()),
        ]);
        return c.json({ ok: true, storage: options.storage.kind }, 200);
      } catch {
        return c.json({ error: 'Unavailable', message: 'The database is unreachable' }, 503, { 'Retry-After': '5' });
      }
    })
    .get('/metrics', (c) => {
      if (options.metricsToken !== undefined) {
        const given = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
        if (!given || !matchesHash(given, sha256Hex(options.metricsToken))) {
          throw new ApiError(401, 'Unauthorized', 'GET /metrics needs the metrics token');
        }
      }
      return c.body(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    })
    .route('/v1/teams', createTeamsRoutes(deps))
    .route('/v1/teams', createMembersRoutes(deps))
    .route('/v1/teams', createSharesRoutes(deps, options.publicUrl))
    .route('/v1/join', createJoinRoutes(deps))
    .route('/v1/me', createMeRoutes(deps))
    .route('/v1/tokens', createTokenRoutes(deps))
    .route('/v1/sync', createSyncRoutes(deps))
    .route('/v1/api-tokens', createApiTokenRoutes(deps))
    .route('/v1/teams', createWebhookRoutes(deps, options.webhooks?.allowPrivateTargets ?? false))
    .route('/v1', createRestRoutes(deps))
    .route('/s', createStatusPageRoutes(deps))
    .route('/join', createInvitePageRoutes(deps, options.publicUrl))
    .route('/v1/calendar-feed', createCalendarFeedRoutes(deps, options.publicUrl))
    .route('/calendar', createCalendarIcsRoutes(deps));

  app.notFound((c) => c.json({ error: 'NotFound', message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    const tag = (code: string) => c.header('X-Waypoint-Error', code);
    if (error instanceof ApiError) {
      tag(error.code);
      return errorResponse(c, error);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      const code = status === 413 ? 'PayloadTooLarge' : 'BadRequest';
      tag(code);
      return c.json({ error: code, message: error.message }, status);
    }
    if (options.storage.isUnavailableError(error)) {
      tag('Unavailable');
      return c.json({ error: 'Unavailable', message: 'The database is unreachable for a moment; retry shortly' }, 503, {
        'Retry-After': '5',
      });
    }
    tag('InternalError');
    logError(error);
    return c.json({ error: 'InternalError', message: 'Unexpected server error' }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
export type AppType = App;
