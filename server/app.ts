// The Hono application: middleware (CORS, body limit, errors) and one sub-app per resource.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { LIMITS } from '../shared/sync/protocol';
import type { AppEnv, Deps } from './context';
import { ApiError, errorResponse } from './errors';
import { createPokeHub, type PokeHub } from './pokes';
import { createRateLimiter, type RateLimitRule } from './rate-limit';
import { createInvitePageRoutes } from './routes/invite-page';
import { createJoinRoutes } from './routes/join';
import { createMeRoutes, createTokenRoutes } from './routes/me';
import { createSharesRoutes, createStatusPageRoutes } from './routes/shares';
import { createSyncRoutes } from './routes/sync';
import { createTeamsRoutes } from './routes/teams';
import type { Storage } from './storage/types';

export interface AppOptions {
  storage: Storage;
  hub?: PokeHub;
  now?: () => number;
  /** Require the admin code with this SHA-256 hash to create teams (WAYPOINT_SIGNUP=closed). */
  adminCodeHash?: string;
  /** Origins allowed besides chrome-extension:// and moz-extension:// ones. */
  corsOrigins?: string[];
  maxBodyBytes?: number;
  rateLimits?: { createTeam?: RateLimitRule; join?: RateLimitRule };
  trustProxy?: boolean;
  /** The server's public base URL for status page links (default: the origin of the request). */
  publicUrl?: string;
  /** Called for unexpected errors (500s); defaults to console.error. */
  logError?: (error: unknown) => void;
}

export const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9._-]+$/;

export function createApp(options: AppOptions) {
  const deps: Deps = {
    storage: options.storage,
    hub: options.hub ?? createPokeHub(),
    now: options.now ?? Date.now,
    ...(options.adminCodeHash !== undefined ? { adminCodeHash: options.adminCodeHash } : {}),
    limits: {
      createTeam: createRateLimiter(options.rateLimits?.createTeam ?? { limit: 10, windowMs: 60 * 60_000 }),
      join: createRateLimiter(options.rateLimits?.join ?? { limit: 30, windowMs: 10 * 60_000 }),
    },
    trustProxy: options.trustProxy ?? false,
  };
  const extraOrigins = new Set(options.corsOrigins ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? LIMITS.maxBodyBytes;
  const logError = options.logError ?? ((error: unknown) => console.error('Unexpected error:', error));

  const app = new Hono<AppEnv>()
    .use(
      cors({
        origin: (origin) => (EXTENSION_ORIGIN.test(origin) || extraOrigins.has(origin) ? origin : null),
        allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['Retry-After'],
        maxAge: 600,
      }),
    )
    .use(
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: (c) =>
          c.json({ error: 'PayloadTooLarge', message: `The request body is over ${maxBodyBytes} bytes` }, 413),
      }),
    )
    .get('/healthz', (c) => c.json({ ok: true }, 200))
    .route('/v1/teams', createTeamsRoutes(deps))
    .route('/v1/teams', createSharesRoutes(deps, options.publicUrl))
    .route('/v1/join', createJoinRoutes(deps))
    .route('/v1/me', createMeRoutes(deps))
    .route('/v1/tokens', createTokenRoutes(deps))
    .route('/v1/sync', createSyncRoutes(deps))
    .route('/s', createStatusPageRoutes(deps))
    .route('/join', createInvitePageRoutes(deps, options.publicUrl));

  app.notFound((c) => c.json({ error: 'NotFound', message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      return c.json({ error: status === 413 ? 'PayloadTooLarge' : 'BadRequest', message: error.message }, status);
    }
    logError(error);
    return c.json({ error: 'InternalError', message: 'Unexpected server error' }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
export type AppType = App;
