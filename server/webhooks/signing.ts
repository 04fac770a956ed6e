// Webhook signatures, as Stripe and GitHub do them: HMAC-SHA256 with the webhook's secret over
// `<unix seconds>.<body>`, sent as `Waypoint-Signature: t=<seconds>,v1=<hex>`. A receiver recomputes it over the raw
// body and refuses a timestamp too far from its clock (replays).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'waypoint-signature';
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export function signature(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signature(secret, timestampSeconds, body)}`;
}

/** Check a received signature header: true when one v1 matches and the timestamp is within `toleranceSeconds`. */
export function verifySignature(input: {
  secret: string;
  header: string | undefined;
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  if (!input.header) return false;
  const parts = input.header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(input.nowSeconds - t) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signature(input.secret, t, input.body));
  return parts
    .filter(([k]) => k === 'v1')
    .some(([, v]) => {
      const given = Buffer.from(v ?? '');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
