// Sync: push a client's outbox (idempotent per clientId and seq) and pull a team's changes by cursor.
import { Hono } from 'hono';
import {
  LIMITS,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  parsePushRequest,
  pullQuerySchema,
} from '../../shared/sync/protocol';
import { type AppEnv, type Deps, requireAuth, requireMember } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import { ApiError, invalid, readJsonText } from '../errors';
import type { PulledPageChange } from '../storage/types';

/** Pokes carry at most this much JSON of changes (a WebSocket frame stays small). */
const POKE_MAX_BYTES = 16 * 1024;

function checkProtocol(version: number | undefined): void {
  if (version === undefined) return;
  if (version < MIN_PROTOCOL_VERSION) {
    throw new ApiError(426, 'UpgradeRequired', `Protocol ${version} is no longer supported; update the client`, {
      minProtocolVersion: MIN_PROTOCOL_VERSION,
      protocolVersion: PROTOCOL_VERSION,
    });
  }
  if (version > PROTOCOL_VERSION) {
    throw new ApiError(400, 'BadRequest', `This server speaks protocol ${PROTOCOL_VERSION}, not ${version}`, {
      protocolVersion: PROTOCOL_VERSION,
    });
  }
}

const EMPTY = Buffer.alloc(0);
const COMMA = Buffer.from(',');
const PAGE_END = Buffer.from(']}');

/**
 * A pull page's bytes: `head`, the changes' JSON separated by commas, `]}`. Handed to the Node adapter as bytes,
 * which it writes as they are (a string would be measured, then encoded again, ~600 KB per page of 1,000 rows).
 */
export function pageBody(head: string, changes: readonly PulledPageChange[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = new Array(changes.length * 2 + 1);
  parts[0] = Buffer.from(head);
  for (let i = 0; i < changes.length; i++) {
    const json = changes[i]!.json;
    parts[2 * i + 1] = i === 0 ? EMPTY : COMMA;
    parts[2 * i + 2] = typeof json === 'string' ? Buffer.from(json) : json;
  }
  parts.push(PAGE_END);
  return Buffer.concat(parts);
}

export function createSyncRoutes(deps: Deps) {
  const auth = requireAuth(deps);
  return new Hono<AppEnv>()
    .post('/push', auth, async (c) => {
      const { text, value: raw } = await readJsonText(c);
      // Check the version first: an old client gets 426 even if the rest of its envelope changed shape.
      const declared = (raw as { protocolVersion?: unknown } | null)?.protocolVersion;
      if (typeof declared === 'number' && Number.isInteger(declared)) checkProtocol(declared);
      const parsed = parsePushRequest(raw, text);
      if (!parsed.success) throw invalid(parsed, 'push');
      const body = parsed.data;
      const { userId } = c.get('auth');
      const { role } = await requireMember(deps, body.teamId, userId);
      const outcome = await deps.storage.push({
        teamId: body.teamId,
        clientId: body.clientId,
        userId,
        role,
        mutations: body.mutations,
        now: deps.now(),
      });
      if (outcome.kind === 'gap') {
        return c.json(
          {
            error: 'SeqGap' as const,
            message: `Expected seq ${outcome.expectedSeq} next`,
            expectedSeq: outcome.expectedSeq,
          },
          409,
        );
      }
      if (outcome.kind === 'clientIdTaken') {
        throw new ApiError(403, 'Forbidden', 'This clientId belongs to another account; generate a new one');
      }
      // Teammates are poked once the pusher has its answer: the answer is on the wire first.
      if (outcome.bumped) {
        const { teamId } = body;
        const version = outcome.version;
        const changes = outcome.changes;
        const last = changes?.[changes.length - 1];
        // A small push rides along in its poke (protocol 2): teammates caught up at the version before apply it
        // without a pull. The cursor is the one a pull of exactly these rows would answer.
        const carried =
          changes && last && changes.reduce((n, ch) => n + ch.json.length, 0) <= POKE_MAX_BYTES
            ? {
                from: version - 1,
                cursor: encodeCursor({ version, table: last.table, key: last.key }),
                changes: changes.map((ch) => ch.json),
              }
            : undefined;
        setImmediate(() => deps.hub.publish(teamId, version, carried));
      }
      return c.json(
        { lastSeq: outcome.lastSeq, version: outcome.version, rejected: outcome.rejected, clamped: outcome.clamped },
        200,
      );
    })
    .get('/pull', auth, async (c) => {
      const parsed = pullQuerySchema.safeParse(c.req.query());
      if (!parsed.success) throw invalid(parsed.error, 'pull query');
      const query = parsed.data;
      checkProtocol(query.protocolVersion);
      let after: ReturnType<typeof decodeCursor>;
      try {
        after = decodeCursor(query.cursor);
      } catch {
        throw new ApiError(400, 'Invalid', 'Malformed cursor: pass back the cursor of an earlier pull, or none');
      }
      await requireMember(deps, query.teamId, c.get('auth').userId);
      const outcome = await deps.storage.pull({
        teamId: query.teamId,
        ...(query.clientId ? { clientId: query.clientId } : {}),
        ...(after ? { after } : {}),
        limit: query.limit ?? LIMITS.defaultPullLimit,
        // A pull that names no version is answered as protocol 1 was, for clients written before versions.
        protocolVersion: query.protocolVersion ?? 1,
      });
      if (outcome.kind === 'reset') {
        return c.json(
          {
            error: 'ResetRequired' as const,
            message: 'The cursor is older than the tombstone horizon: pull again from the start',
          },
          410,
        );
      }
      const last = outcome.changes[outcome.changes.length - 1];
      const cursor = last
        ? encodeCursor({ version: last.version, table: last.table, key: last.key })
        : (query.cursor ?? '');
      // Assembled from the stored JSON of each change: no parse and stringify of every row (see storage pull).
      const head = `{"cursor":${JSON.stringify(cursor)},"hasMore":${outcome.hasMore},"lastSeq":${outcome.lastSeq},"version":${outcome.version},"changes":[`;
      return c.body(pageBody(head, outcome.changes), 200, { 'content-type': 'application/json' });
    });
}
