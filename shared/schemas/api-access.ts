// Personal API tokens and webhooks as the extension's options page manages them (server: server/routes/v1/api-tokens.ts
// and server/webhooks/routes.ts): the answers' shapes and the paths, shared so both sides agree.
import { z } from 'zod';
import { anyIdSchema } from './common';

export const API_SCOPES = ['read', 'write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const WEBHOOK_EVENT_NAMES = [
  'task.created',
  'task.completed',
  'task.assigned',
  'task.due_changed',
  'project.status_changed',
  'comment.added',
  'risk.added',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

export const apiTokenSchema = z.object({
  id: anyIdSchema,
  name: z.string(),
  scope: z.enum(API_SCOPES),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokensResponseSchema = z.object({ tokens: z.array(apiTokenSchema) });
export const apiTokenCreatedSchema = z.object({ token: z.string(), apiToken: apiTokenSchema });
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;

export const webhookSchema = z.object({
  id: anyIdSchema,
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_NAMES)),
  enabled: z.boolean(),
  failures: z.number().int(),
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;
export const webhooksResponseSchema = z.object({ webhooks: z.array(webhookSchema) });
export const webhookCreatedSchema = z.object({ webhook: webhookSchema, secret: z.string() });
export type WebhookCreated = z.infer<typeof webhookCreatedSchema>;
export const webhookResponseSchema = z.object({ webhook: webhookSchema });

export const deliveryAttemptSchema = z.object({
  id: z.string(),
  deliveryId: z.string(),
  event: z.enum(WEBHOOK_EVENT_NAMES),
  at: z.string(),
  attempt: z.number().int(),
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;
export const deliveryLogSchema = z.object({ pending: z.number().int(), attempts: z.array(deliveryAttemptSchema) });
export type DeliveryLog = z.infer<typeof deliveryLogSchema>;

export const API_ACCESS_PATHS = {
  apiTokens: '/v1/api-tokens',
  apiToken: (id: string) => `/v1/api-tokens/${id}`,
  webhooks: (teamId: string) => `/v1/teams/${teamId}/webhooks`,
  webhook: (teamId: string, id: string) => `/v1/teams/${teamId}/webhooks/${id}`,
  deliveries: (teamId: string, id: string) => `/v1/teams/${teamId}/webhooks/${id}/deliveries`,
} as const;
