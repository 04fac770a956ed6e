// The webhook dispatcher: drains the durable delivery queue outside the push path. Each tick claims due deliveries
// (leased, so with several instances on one PostgreSQL each attempt is made once), POSTs the signed JSON body,
// and records the attempt: success, a retry with exponential back-off and jitter, or giving up after the last
// attempt. A webhook whose deliveries fail many times in a row is disabled until an owner or admin enables it.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Metrics } from '../metrics';
import type { ClaimedDelivery, DeliveryResult } from '../storage/api';
import type { Storage } from '../storage/types';
import { signatureHeader } from './signing';
import { checkWebhookUrl, resolveTarget, TargetRefused } from './targets';

export interface WebhookOptions {
  /** Deliver to loopback and private-network addresses too (WAYPOINT_WEBHOOK_ALLOW_PRIVATE=1; tests, LANs). */
  allowPrivateTargets?: boolean;
  /** How often the queue is checked (default 1 s). */
  pollMs?: number;
  /** First retry delay; each later one doubles (default 30 s), up to `retryMaxMs` (default 1 h). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts per delivery before it is given up (default 8). */
  maxAttempts?: number;
  /** Failed attempts in a row after which the webhook is disabled (default 20). */
  disableAfter?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
}

export interface WebhookDispatcher {
  start(): void;
  /** One pass over the due deliveries; resolves when their attempts are recorded. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const BATCH = 10;
const MAX_RESPONSE_BYTES = 64 * 1024;

interface Attempt {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/** POST to the checked address (pinned through `lookup`), with no redirects followed. */
async function post(url: URL, body: string, headers: Record<string, string>, options: Required<WebhookOptions>) {
  const target = await resolveTarget(url, options.allowPrivateTargets);
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else callback(null, target.address, target.family);
  };
  return new Promise<Attempt>((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: options.timeoutMs,
      },
      (response) => {
        let seen = 0;
        response.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () => {
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({ ok, statusCode: status, error: ok ? null : `The receiver answered HTTP ${status}` });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`No answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ok: false, statusCode: null, error: error.message.slice(0, 300) }));
    request.end(body);
  });
}

/**
 * The wait after the `made`-th failed attempt: `retryBaseMs` doubled per attempt, capped at `retryMaxMs`, with
 * ±20 % jitter (`random` in [0, 1)) so receivers that come back are not hit by every queued retry at once.
 */
export function retryDelay(made: number, options: { retryBaseMs: number; retryMaxMs: number }, random: number): number {
  const delay = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** (made - 1));
  return Math.round(delay * (0.8 + random * 0.4));
}

export function createWebhookDispatcher(input: {
  storage: Storage;
  options?: WebhookOptions;
  now?: () => number;
  logEvent?: (line: Record<string, unknown>) => void;
  metrics?: Metrics;
}): WebhookDispatcher {
  const { storage } = input;
  const now = input.now ?? Date.now;
  const options: Required<WebhookOptions> = {
    allowPrivateTargets: false,
    pollMs: 1_000,
    retryBaseMs: 30_000,
    retryMaxMs: 3_600_000,
    maxAttempts: 8,
    disableAfter: 20,
    timeoutMs: 10_000,
    ...input.options,
  };
  const leaseMs = options.timeoutMs * 3 + 5_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  const deliver = async (d: ClaimedDelivery): Promise<void> => {
    const started = performance.now();
    let attempt: Attempt;
    try {
      const url = checkWebhookUrl(d.url);
      const seconds = Math.floor(now() / 1000);
      attempt = await post(
        url,
        d.payload,
        {
          'content-type': 'application/json',
          'user-agent': 'Waypoint-Webhooks/1',
          'waypoint-event': d.event,
          'waypoint-delivery': d.id,
          'waypoint-signature': signatureHeader(d.secret, seconds, d.payload),
        },
        options,
      );
    } catch (error) {
      attempt = {
        ok: false,
        statusCode: null,
        error: error instanceof TargetRefused ? error.message : String(error).slice(0, 300),
      };
    }
    const made = d.attempts + 1;
    const result: DeliveryResult = {
      deliveryId: d.id,
      webhookId: d.webhookId,
      now: now(),
      ...attempt,
      durationMs: performance.now() - started,
      retryAt: attempt.ok || made >= options.maxAttempts ? null : now() + retryDelay(made, options, Math.random()),
      disableAfter: options.disableAfter,
    };
    await storage.finishDelivery(result);
    input.metrics?.inc('waypoint_webhook_attempts_total', 1, { outcome: attempt.ok ? 'delivered' : 'failed' });
  };

  const pass = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const claimed = await storage.claimDeliveries({ now: now(), leaseMs, limit: BATCH });
      await Promise.all(claimed.map(deliver));
      total += claimed.length;
      if (claimed.length < BATCH || stopped) return total;
    }
  };

  const runOnce = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const tick = () => {
    timer = setTimeout(async () => {
      try {
        await runOnce();
      } catch (error) {
        input.logEvent?.({ time: new Date().toISOString(), event: 'webhook-dispatch-failed', error: String(error) });
      }
      if (!stopped) tick();
    }, options.pollMs);
    timer.unref();
  };

  return {
    start() {
      stopped = false;
      if (!timer) tick();
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
