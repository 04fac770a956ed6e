// Personal API tokens and team webhooks from the extension: the options page asks the background, which calls the
// team server with this device's token. Secrets (a new API token, a new webhook's signing secret) are returned
// once to the page that asked and never stored on the device.
import {
  API_ACCESS_PATHS,
  type ApiScope,
  type ApiToken,
  type ApiTokenCreated,
  apiTokenCreatedSchema,
  apiTokensResponseSchema,
  type DeliveryLog,
  deliveryLogSchema,
  type Webhook,
  type WebhookCreated,
  type WebhookEventName,
  webhookCreatedSchema,
  webhookResponseSchema,
  webhooksResponseSchema,
} from '@@/shared/schemas/api-access';
import { z } from 'zod';
import type { WaypointDb } from '../db/database';
import { readAccount } from '../sync/account';
import { type Api, createApi } from '../sync/api';
import { SignedOutError } from './members';

const done = z.object({}).loose();

export function createApiAccess({
  db,
  api = (a) => createApi(a),
}: {
  db: WaypointDb;
  api?: (a: { serverUrl: string; token: string }) => Api;
}) {
  const client = async () => {
    const account = await readAccount(db);
    if (!account) throw new SignedOutError();
    return api(account);
  };
  return {
    async listTokens(): Promise<ApiToken[]> {
      return (await (await client()).request('GET', API_ACCESS_PATHS.apiTokens, apiTokensResponseSchema)).tokens;
    },
    async createToken(name: string, scope: ApiScope): Promise<ApiTokenCreated> {
      return (await client()).request('POST', API_ACCESS_PATHS.apiTokens, apiTokenCreatedSchema, { name, scope });
    },
    async revokeToken(id: string): Promise<void> {
      await (await client()).request('DELETE', API_ACCESS_PATHS.apiToken(id), done);
    },
    async listWebhooks(teamId: string): Promise<Webhook[]> {
      return (await (await client()).request('GET', API_ACCESS_PATHS.webhooks(teamId), webhooksResponseSchema))
        .webhooks;
    },
    async createWebhook(teamId: string, url: string, events: WebhookEventName[]): Promise<WebhookCreated> {
      return (await client()).request('POST', API_ACCESS_PATHS.webhooks(teamId), webhookCreatedSchema, { url, events });
    },
    async updateWebhook(
      teamId: string,
      id: string,
      patch: { enabled?: boolean; events?: WebhookEventName[]; url?: string },
    ): Promise<Webhook> {
      return (
        await (await client()).request('PATCH', API_ACCESS_PATHS.webhook(teamId, id), webhookResponseSchema, patch)
      ).webhook;
    },
    async deleteWebhook(teamId: string, id: string): Promise<void> {
      await (await client()).request('DELETE', API_ACCESS_PATHS.webhook(teamId, id), done);
    },
    async deliveries(teamId: string, id: string): Promise<DeliveryLog> {
      return (await client()).request('GET', API_ACCESS_PATHS.deliveries(teamId, id), deliveryLogSchema);
    },
  };
}
export type ApiAccess = ReturnType<typeof createApiAccess>;
