// REST writes go through sync: each one is a mutation with a fresh server HLC, validated by the same field rules
// (validateMutationFields) and applied by the same push (server/sync/push-plan.ts via the storage), so refusals,
// merge and permissions are the ones the extension gets, and teammates see the change through the usual poke.
import { createHlc, type Hlc } from '../../../shared/hlc';
import { uuidv7 } from '../../../shared/id';
import type { Role } from '../../../shared/schemas/team';
import { LIMITS, validateMutationFields, type WireMutation } from '../../../shared/sync/protocol';
import type { Deps } from '../../context';
import { ApiError, invalid } from '../../errors';
import type { StoredChange } from '../../storage/types';

/** One clock per API token and process: its HLCs only grow, and sort after every stamp the row carries. */
const clocks = new Map<string, Hlc>();
const MAX_CLOCKS = 10_000;

function clockOf(tokenId: string, now: () => number): Hlc {
  let clock = clocks.get(tokenId);
  if (!clock) {
    if (clocks.size >= MAX_CLOCKS) clocks.clear();
    // The HLC client id names the token, so the members list and the activity feed can tell who wrote.
    clock = createHlc({ clientId: `api-${tokenId}`, wallClock: now, maxDriftMs: LIMITS.maxClockAheadMs });
    clocks.set(tokenId, clock);
  }
  return clock;
}

export interface RestWrite {
  teamId: string;
  role: Role;
  userId: string;
  tokenId: string;
  op: WireMutation['op'];
  table: 'tasks';
  key: string;
  fields?: Record<string, unknown>;
  /** The row as it is now, so the new stamp sorts after each of its fields. */
  current?: StoredChange;
}

const STATUS_OF: Record<string, 400 | 403 | 404 | 409> = { Forbidden: 403, NotFound: 404, Invalid: 400 };

/** Push one mutation as its own client (seq 1); refusals become 4xx answers. Returns the team's new version. */
export async function pushWrite(deps: Deps, write: RestWrite): Promise<number> {
  const checked = validateMutationFields(write.table, write.op, write.fields);
  if (!checked.ok) throw invalid({ issues: checked.issues.map((i) => ({ ...i, path: i.path.slice(1) })) }, 'task');
  const clock = clockOf(write.tokenId, deps.now);
  for (const stamp of Object.values(write.current?.hlc ?? {})) clock.receive(stamp);
  // A fresh client id per write: two requests at once can never be taken for a resend of each other.
  const clientId = `api-${uuidv7(deps.now())}`;
  const mutation: WireMutation = {
    seq: 1,
    op: write.op,
    table: write.table,
    key: write.key,
    hlc: clock.now(),
    ...(checked.fields ? { fields: checked.fields } : {}),
  };
  const outcome = await deps.storage.push({
    teamId: write.teamId,
    clientId,
    userId: write.userId,
    role: write.role,
    mutations: [mutation],
    now: deps.now(),
  });
  // The seq record of a one-push client is never read again.
  await deps.storage.forgetClient(write.teamId, clientId).catch(() => undefined);
  if (outcome.kind !== 'ok') throw new Error(`REST push answered ${outcome.kind}`);
  const refusal = outcome.rejected[0];
  if (refusal) throw new ApiError(STATUS_OF[refusal.code] ?? 409, refusal.code, refusal.message);
  if (outcome.bumped) {
    const { teamId } = write;
    const version = outcome.version;
    setImmediate(() => deps.hub.publish(teamId, version));
  }
  return outcome.version;
}
