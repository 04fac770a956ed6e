// Webhook management for a team's owners and admins (device tokens, from the extension's options): register a URL
// for some events (its signing secret is shown once), change it, enable or disable it, read its delivery log, and
// delete it. Private-network URLs are refused unless the server allows them (see targets.ts).
import { Hono } from 'hono';
import { z } from 'zod';
import { uuidv7 } from '../../shared/id';
import { anyIdSchema } from '../../shared/schemas/common';
import { type AppEnv, type Deps, requireAuth, requireMember } from '../context';
import { ApiError, readJson } from '../errors';
import type { WebhookRecord } from '../storage/api';
import { WEBHOOK_EVENTS, webhookEventSchema } from './events';
import { newWebhookSecret } from './signing';
import { checkWebhookUrl, resolveTarget, TargetRefused } from './targets';

/** Webhooks per team. */
export const MAX_WEBHOOKS_PER_TEAM = 10;
const LOG_LENGTH = 20;

const eventsSchema = z
  .array(webhookEventSchema)
  .min(1, 'Choose at least one event')
  .max(WEBHOOK_EVENTS.length)
  .transform((events) => [...new Set(events)]);
const createSchema = z.strictObject({ url: z.string().max(2000), events: eventsSchema });
const updateSchema = z
  .strictObject({ url: z.string().max(2000), events: eventsSchema, enabled: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one of url, events, enabled');

const iso = (ms: number) => new Date(ms).toISOString();
const out = (w: WebhookRecord) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  enabled: w.enabled,
  failures: w.failures,
  disabledReason: w.disabledReason,
  createdAt: iso(w.createdAt),
});

function idParam(value: string, what: string): string {
  if (!anyIdSchema.safeParse(value).success) throw new ApiError(404, 'NotFound', `Unknown ${what}`);
  return value;
}

export function createWebhookRoutes(deps: Deps, allowPrivateTargets: boolean) {
  const auth = requireAuth(deps);

  const requireManager = async (teamId: string, userId: string) => {
    const { team, role } = await requireMember(deps, teamId, userId);
    if (role !== 'owner' && role !== 'admin') {
      throw new ApiError(403, 'Forbidden', 'Only owners and admins manage the webhooks of a team');
    }
    return team;
  };

  const checkTarget = async (raw: string) => {
    try {
      const url = checkWebhookUrl(raw);
      await resolveTarget(url, allowPrivateTargets);
      return url.toString();
    } catch (error) {
      if (error instanceof TargetRefused) throw new ApiError(400, 'Invalid', `url: ${error.message}`);
      throw error;
    }
  };

  const webhookOf = async (teamId: string, id: string) => {
    const hook = await deps.storage.getWebhook(teamId, idParam(id, 'webhook'));
    if (!hook) throw new ApiError(404, 'NotFound', 'Unknown webhook');
    return hook;
  };

  return new Hono<AppEnv>()
    .get('/:teamId/webhooks', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      await requireManager(teamId, c.get('auth').userId);
      const hooks = await deps.storage.listWebhooks(teamId);
      return c.json({ webhooks: hooks.map(out), events: WEBHOOK_EVENTS }, 200);
    })
    .post('/:teamId/webhooks', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      const { userId } = c.get('auth');
      const team = await requireManager(teamId, userId);
      if (team.personal) throw new ApiError(403, 'Forbidden', 'Webhooks belong to shared teams, not a private space');
      const body = await readJson(c, createSchema);
      const url = await checkTarget(body.url);
      if ((await deps.storage.listWebhooks(teamId)).length >= MAX_WEBHOOKS_PER_TEAM) {
        throw new ApiError(409, 'Conflict', `A team has at most ${MAX_WEBHOOKS_PER_TEAM} webhooks: delete one first`);
      }
      const secret = newWebhookSecret();
      const id = uuidv7(deps.now());
      await deps.storage.createWebhook({
        id,
        teamId,
        url,
        events: body.events,
        secret,
        createdBy: userId,
        createdAt: deps.now(),
      });
      const hook = (await deps.storage.getWebhook(teamId, id)) as WebhookRecord;
      return c.json({ webhook: out(hook), secret }, 201);
    })
    .patch('/:teamId/webhooks/:id', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      await requireManager(teamId, c.get('auth').userId);
      const hook = await webhookOf(teamId, c.req.param('id'));
      const body = await readJson(c, updateSchema);
      const url = body.url !== undefined ? await checkTarget(body.url) : undefined;
      const updated = await deps.storage.updateWebhook(teamId, hook.id, {
        ...(url !== undefined ? { url } : {}),
        ...(body.events !== undefined ? { events: body.events } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      });
      if (!updated) throw new ApiError(404, 'NotFound', 'Unknown webhook');
      return c.json({ webhook: out(updated) }, 200);
    })
    .delete('/:teamId/webhooks/:id', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      await requireManager(teamId, c.get('auth').userId);
      const hook = await webhookOf(teamId, c.req.param('id'));
      await deps.storage.deleteWebhook(teamId, hook.id);
      return c.json({ id: hook.id, deleted: true }, 200);
    })
    .get('/:teamId/webhooks/:id/deliveries', auth, async (c) => {
      const teamId = idParam(c.req.param('teamId'), 'team');
      await requireManager(teamId, c.get('auth').userId);
      const hook = await webhookOf(teamId, c.req.param('id'));
      const attempts = await deps.storage.listAttempts(hook.id, LOG_LENGTH);
      return c.json(
        {
          pending: await deps.storage.pendingDeliveries(hook.id),
          attempts: attempts.map((a) => ({
            id: a.id,
            deliveryId: a.deliveryId,
            event: a.event,
            at: iso(a.at),
            attempt: a.attempt,
            ok: a.ok,
            statusCode: a.statusCode,
            error: a.error,
            durationMs: a.durationMs,
          })),
        },
        200,
      );
    });
}
