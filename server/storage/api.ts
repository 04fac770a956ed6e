// The HTTP API and webhooks part of the storage interface (issue 13): personal API tokens, row reads for the REST
// surface, and the webhook registry with its durable delivery queue (filled inside the push transaction, drained
// by server/webhooks/dispatcher.ts).
import type { WebhookEventType } from '../webhooks/events';
import type { StoredChange } from './types';

export type ApiScope = 'read' | 'write';

export interface ApiTokenRecord {
  id: string;
  name: string;
  scope: ApiScope;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface ApiAuthRecord {
  userId: string;
  userName: string;
  tokenId: string;
  scope: ApiScope;
}

export interface WebhookRecord {
  id: string;
  teamId: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** Failed attempts in a row (reset by a success or by enabling again). */
  failures: number;
  /** Why the server turned it off, when it did. */
  disabledReason: string | null;
  createdAt: number;
  createdBy: string;
}

export interface DeliveryAttemptRecord {
  id: string;
  deliveryId: string;
  event: WebhookEventType;
  at: number;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** A delivery taken from the queue by one dispatcher (leased until it reports back). */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  teamId: string;
  event: WebhookEventType;
  /** The JSON body, as it was enqueued. */
  payload: string;
  /** Attempts made before this one. */
  attempts: number;
  url: string;
  secret: string;
}

export interface DeliveryResult {
  deliveryId: string;
  webhookId: string;
  now: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** When to try again after a failure; null gives up on this delivery. */
  retryAt: number | null;
  /** Failures in a row after which the webhook is disabled. */
  disableAfter: number;
}

export interface ApiStorage {
  createApiToken(input: {
    id: string;
    userId: string;
    name: string;
    scope: ApiScope;
    hash: string;
    now: number;
  }): Promise<ApiTokenRecord>;
  listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
  /** False when the account has no such live token. */
  revokeApiToken(userId: string, tokenId: string, now: number): Promise<boolean>;
  /** The live token with this hash (its last use recorded at most once a minute). */
  authenticateApiToken(hash: string, now: number): Promise<ApiAuthRecord | undefined>;

  /** One row of a team (tombstones included), or undefined. */
  readRow(teamId: string, table: string, key: string): Promise<StoredChange | undefined>;
  /** Live rows of a table in key order after `afterKey` (UUIDv7 keys: creation order). */
  scanRows(input: { teamId: string; table: string; afterKey: string; limit: number }): Promise<StoredChange[]>;
  /** Drop the seq and refusal records of a one-push client id (each REST write pushes under a fresh one). */
  forgetClient(teamId: string, clientId: string): Promise<void>;

  createWebhook(
    input: Omit<WebhookRecord, 'failures' | 'disabledReason' | 'enabled'> & { secret: string },
  ): Promise<void>;
  listWebhooks(teamId: string): Promise<WebhookRecord[]>;
  getWebhook(teamId: string, id: string): Promise<WebhookRecord | undefined>;
  /** Enabling clears the failure count and the reason. */
  updateWebhook(
    teamId: string,
    id: string,
    patch: { url?: string; events?: WebhookEventType[]; enabled?: boolean },
  ): Promise<WebhookRecord | undefined>;
  /** Deletes the webhook, its queue and its log. */
  deleteWebhook(teamId: string, id: string): Promise<boolean>;
  /** The latest attempts, newest first. */
  listAttempts(webhookId: string, limit: number): Promise<DeliveryAttemptRecord[]>;
  /** Deliveries due now of enabled webhooks, leased for `leaseMs` so no other dispatcher takes them meanwhile. */
  claimDeliveries(input: { now: number; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]>;
  /** Record an attempt: the delivery is done, rescheduled or given up; the webhook's failure count moves. */
  finishDelivery(result: DeliveryResult): Promise<void>;
  /** Deliveries still waiting (tests, metrics). */
  pendingDeliveries(webhookId: string): Promise<number>;
}

/** Attempts kept per webhook for the log. */
export const ATTEMPTS_KEPT = 50;
