// The versioned sync wire protocol: request and response schemas, limits and WebSocket messages (see docs/protocol.md).
import { z } from 'zod';
import { anyIdSchema, hlcSchema, idSchema } from '../schemas/common';
import {
  inviteRoleSchema,
  memberSchema,
  myTeamSchema,
  teamNameSchema,
  teamSchema,
  userNameSchema,
  userSchema,
} from '../schemas/team';
import { findUnstorableText, jsonTextIsStorable } from '../text';
import { compileTableFields, compileTableRow, REFUSED } from './field-checker';
import { isSyncTable, type SyncTableName, syncTables } from './tables';

/**
 * 2: pulled changes (and pokes that carry one) have compact clocks, `hlc` the row's HLC and `hlcs` the fields
 * whose HLC differs (shared/sync/clock.ts). 1: `hlc` is the per-field map; still served, since extensions
 * already installed update later than servers. Pushes are the same in both.
 */
export const PROTOCOL_VERSION = 2;
/** Clients older than this get 426 UpgradeRequired. */
export const MIN_PROTOCOL_VERSION = 1;

export const LIMITS = {
  /** Request bodies over this get 413. */
  maxBodyBytes: 1024 * 1024,
  maxMutationsPerPush: 1000,
  defaultPullLimit: 500,
  maxPullLimit: 1000,
  /** HLCs further ahead of the server clock than this are clamped. */
  maxClockAheadMs: 60_000,
  defaultInviteTtlHours: 7 * 24,
  maxInviteTtlHours: 30 * 24,
} as const;

export const API = {
  healthz: '/healthz',
  teams: '/v1/teams',
  invites: (teamId: string) => `/v1/teams/${teamId}/invites`,
  members: (teamId: string) => `/v1/teams/${teamId}/members`,
  join: '/v1/join',
  me: '/v1/me',
  currentToken: '/v1/tokens/current',
  push: '/v1/sync/push',
  pull: '/v1/sync/pull',
  ws: '/v1/sync/ws',
} as const;

/** `wp_` + 43 base64url characters (256 random bits). */
export const TOKEN_PREFIX = 'wp_';
export const tokenSchema = z.string().regex(/^wp_[A-Za-z0-9_-]{43}$/, 'Malformed token');
/** Same alphabet as the client part of an HLC. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Malformed clientId');
export const inviteCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Malformed invite code');

export const ERROR_CODES = [
  'BadRequest',
  'BadJson',
  'Invalid',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'SeqGap',
  'ResetRequired',
  'PayloadTooLarge',
  'UpgradeRequired',
  'RateLimited',
  'InviteInvalid',
  'InternalError',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const errorBodySchema = z.object({ error: z.string(), message: z.string() }).loose();
export type ErrorBody = z.infer<typeof errorBodySchema>;

// ---- accounts and teams ------------------------------------------------------------------------------------

export const createTeamRequestSchema = z.strictObject({
  teamName: teamNameSchema,
  userName: userNameSchema,
  /** Required when the server runs with WAYPOINT_SIGNUP=closed. */
  adminCode: z.string().max(200).optional(),
});
export type CreateTeamRequest = z.input<typeof createTeamRequestSchema>;
export const authResponseSchema = z.object({
  team: teamSchema,
  user: userSchema,
  /** Shown once: the server keeps only its hash. */
  token: tokenSchema,
  /** The account's private space. */
  personalTeam: teamSchema,
  role: z.string(),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

export const createInviteRequestSchema = z.strictObject({
  role: inviteRoleSchema,
  expiresInHours: z.number().int().min(1).max(LIMITS.maxInviteTtlHours).optional(),
});
export type CreateInviteRequest = z.input<typeof createInviteRequestSchema>;
export const createInviteResponseSchema = z.object({ code: z.string(), expiresAt: z.string(), role: inviteRoleSchema });
export type CreateInviteResponse = z.infer<typeof createInviteResponseSchema>;

export const joinRequestSchema = z.strictObject({ code: inviteCodeSchema, userName: userNameSchema });
export type JoinRequest = z.input<typeof joinRequestSchema>;

export const meResponseSchema = z.object({ user: userSchema, teams: z.array(myTeamSchema) });
export type MeResponse = z.infer<typeof meResponseSchema>;
export const membersResponseSchema = z.object({ members: z.array(memberSchema) });
export type MembersResponse = z.infer<typeof membersResponseSchema>;

// ---- push --------------------------------------------------------------------------------------------------

export const MUTATION_OPS = ['upsert', 'patch', 'delete', 'restore'] as const;
/** Positive safe integer: floats, zero, negatives and strings are malformed. */
export const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const rawMutationSchema = z.strictObject({
  seq: seqSchema,
  op: z.enum(MUTATION_OPS),
  table: z.string().max(64),
  key: idSchema,
  // Checked field by field in validateMutationFields; a record schema here would only copy the object.
  fields: z
    .custom<Record<string, unknown>>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
      'fields must be an object',
    )
    .optional(),
  hlc: hlcSchema,
});

export interface WireMutation {
  seq: number;
  op: (typeof MUTATION_OPS)[number];
  table: SyncTableName;
  key: string;
  fields?: Record<string, unknown>;
  hlc: string;
}

export type Issue = { message: string; path: PropertyKey[] };

const requiredCache = new Map<SyncTableName, string[]>();
/** The fields an upsert must carry: those without a default that do not accept undefined. */
export function requiredFields(table: SyncTableName): string[] {
  let required = requiredCache.get(table);
  if (!required) {
    const shape = syncTables[table].shape as Record<string, z.ZodType>;
    required = Object.keys(shape).filter((name) => !shape[name]!.safeParse(undefined).success);
    requiredCache.set(table, required);
  }
  return required;
}

// One object schema per table for the fields a mutation may carry: zod compiles object parsers, so one parse of
// the whole `fields` object is several times faster than a parse per field.
const partialCache = new Map<SyncTableName, z.ZodType>();
function partialSchema(table: SyncTableName): z.ZodType {
  let schema = partialCache.get(table);
  if (!schema) {
    schema = syncTables[table].partial().strict();
    partialCache.set(table, schema);
  }
  return schema;
}

const checkerCache = new Map<SyncTableName, ReturnType<typeof compileTableFields>>();
/** The compiled checker of a table's fields (shared/sync/field-checker.ts), built on first use. */
function fieldCheckerOf(table: SyncTableName): ReturnType<typeof compileTableFields> {
  let checker = checkerCache.get(table);
  if (!checker) {
    checker = compileTableFields(syncTables[table].shape as Record<string, z.ZodType>);
    checkerCache.set(table, checker);
  }
  return checker;
}

const fieldIssues = (error: z.ZodError, table: string): Issue[] =>
  error.issues.slice(0, 5).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const key = String(issue.keys[0] ?? '').slice(0, 64);
      return { message: `Unknown field "${key}" in ${table}`, path: ['fields', key] };
    }
    const name = String(issue.path[0] ?? '');
    return {
      message: `${[name, ...issue.path.slice(1).map(String)].join('.')}: ${issue.message}`,
      path: ['fields', ...issue.path],
    };
  });

/**
 * Check a mutation's fields against its table: only known fields, each valid, no text a storage cannot hold
 * (see shared/text.ts); an upsert carries every required field; delete and restore carry none. Returns the
 * parsed fields (only the keys sent).
 */
export function validateMutationFields(
  table: string,
  op: WireMutation['op'],
  fields: Record<string, unknown> | undefined,
  /** The caller knows every string in `fields` is storable (see jsonTextIsStorable): skip that walk. */
  storableText = false,
): { ok: true; fields?: Record<string, unknown> } | { ok: false; issues: Issue[] } {
  if (!isSyncTable(table))
    return { ok: false, issues: [{ message: `Unknown table "${table.slice(0, 64)}"`, path: ['table'] }] };
  if (op === 'delete' || op === 'restore') {
    if (fields !== undefined) return { ok: false, issues: [{ message: `${op} carries no fields`, path: ['fields'] }] };
    return { ok: true };
  }
  if (fields === undefined) return { ok: false, issues: [{ message: `${op} needs fields`, path: ['fields'] }] };
  const unstorable = storableText ? null : findUnstorableText(fields);
  if (unstorable) {
    return {
      ok: false,
      issues: [
        {
          message: `${unstorable.path.map(String).join('.').slice(0, 100)}: ${unstorable.message}`,
          path: ['fields', ...unstorable.path],
        },
      ],
    };
  }
  // The compiled checker accepts valid fields without zod; zod runs only to explain a refusal.
  let data = fieldCheckerOf(table)(fields);
  if (data === REFUSED) {
    const parsed = partialSchema(table).safeParse(fields);
    if (!parsed.success) return { ok: false, issues: fieldIssues(parsed.error, table) };
    data = parsed.data as Record<string, unknown>;
  }
  const issues: Issue[] = [];
  if (op === 'upsert') {
    for (const name of requiredFields(table)) {
      if (!Object.hasOwn(fields, name)) {
        issues.push({ message: `upsert of ${table} lacks required field "${name}"`, path: ['fields', name] });
      }
    }
  }
  if (op === 'patch' && Object.keys(fields).length === 0)
    issues.push({ message: 'patch with no fields', path: ['fields'] });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, fields: data };
}

/**
 * A row pulled from a server, checked with its table's schema before it is stored: a server (or anything in
 * between) must not be able to put an object where a title belongs. Tombstones may carry partial fields.
 */
export function parsePulledFields(
  table: SyncTableName,
  fields: unknown,
  deleted: boolean,
): { ok: true; fields: Record<string, unknown> } | { ok: false; message: string } {
  // The compiled checkers accept a valid row without zod (a first sync parses 100,000 of them); zod runs only
  // to explain a refusal, so the message is zod's as before.
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) {
    const checked = (deleted ? fieldCheckerOf(table) : rowCheckerOf(table))(fields as Record<string, unknown>);
    if (checked !== REFUSED) return { ok: true, fields: checked };
  }
  const schema = deleted ? partialSchema(table) : stripSchema(table);
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, fields: parsed.data as Record<string, unknown> };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.path.map(String).join('.') || 'fields'}: ${issue?.message ?? 'invalid'}` };
}

const stripCache = new Map<SyncTableName, z.ZodType>();
/** The table's schema that drops unknown keys (a newer server's fields), built once: `strip()` makes a copy. */
function stripSchema(table: SyncTableName): z.ZodType {
  let schema = stripCache.get(table);
  if (!schema) {
    schema = syncTables[table].strip();
    stripCache.set(table, schema);
  }
  return schema;
}

const rowCheckerCache = new Map<SyncTableName, ReturnType<typeof compileTableRow>>();
/** The compiled checker of a table's whole row (shared/sync/field-checker.ts), built on first use. */
function rowCheckerOf(table: SyncTableName): ReturnType<typeof compileTableRow> {
  let checker = rowCheckerCache.get(table);
  if (!checker) {
    checker = compileTableRow(syncTables[table].shape as Record<string, z.ZodType>);
    rowCheckerCache.set(table, checker);
  }
  return checker;
}

export const mutationSchema = rawMutationSchema.transform((m, ctx): WireMutation => {
  const result = validateMutationFields(m.table, m.op, m.fields);
  if (!result.ok) {
    for (const issue of result.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  const out: WireMutation = { seq: m.seq, op: m.op, table: m.table as SyncTableName, key: m.key, hlc: m.hlc };
  if (result.fields) out.fields = result.fields;
  return out;
});

const pushEnvelopeSchema = z.strictObject({
  protocolVersion: z.number().int(),
  teamId: anyIdSchema,
  clientId: clientIdSchema,
  mutations: z.array(z.unknown()).max(LIMITS.maxMutationsPerPush),
});

const MUTATION_KEYS = new Set(['seq', 'op', 'table', 'key', 'fields', 'hlc']);
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HLC = /^\d{13}-[0-9a-f]{4}-[A-Za-z0-9_-]{1,64}$/;
/** 13 digits, a dash, 4 hex digits, a dash and a client id of up to 64 characters. */
const HLC_MAX_LENGTH = 13 + 1 + 4 + 1 + 64;

/** rawMutationSchema's rules as plain checks: this runs for every mutation of every push. */
function checkMutationShape(m: unknown): Issue[] | z.infer<typeof rawMutationSchema> {
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    return [{ message: 'a mutation must be an object', path: [] }];
  const issues: Issue[] = [];
  for (const k of Object.keys(m)) {
    if (!MUTATION_KEYS.has(k)) issues.push({ message: `Unrecognized key "${k.slice(0, 64)}"`, path: [k] });
  }
  const { seq, op, table, key, fields, hlc } = m as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    issues.push({ message: 'seq must be a positive integer', path: ['seq'] });
  }
  if (typeof op !== 'string' || !(MUTATION_OPS as readonly string[]).includes(op)) {
    issues.push({ message: `op must be one of ${MUTATION_OPS.join(', ')}`, path: ['op'] });
  }
  if (typeof table !== 'string' || table.length > 64)
    issues.push({ message: 'table must be a table name', path: ['table'] });
  if (typeof key !== 'string' || !UUID7.test(key)) issues.push({ message: 'Expected a UUIDv7', path: ['key'] });
  if (typeof hlc !== 'string' || hlc.length > HLC_MAX_LENGTH || !HLC.test(hlc))
    issues.push({ message: 'Malformed HLC', path: ['hlc'] });
  if (fields !== undefined && (typeof fields !== 'object' || fields === null || Array.isArray(fields))) {
    issues.push({ message: 'fields must be an object', path: ['fields'] });
  }
  return issues.length > 0 ? issues : (m as z.infer<typeof rawMutationSchema>);
}

export interface ParsedPush {
  protocolVersion: number;
  teamId: string;
  clientId: string;
  mutations: WireMutation[];
}

/**
 * The server's validation of a push: the same rules as pushRequestSchema, without a zod transform per
 * mutation. Returns the parsed push or the first problems found, each with its path
 * (`mutations.<index>.fields.<name>`): a client drops the named mutations, renumbers the rest and pushes
 * again, so one invalid mutation never blocks an outbox (see shared/sync/decisions.ts).
 */
export function parsePushRequest(
  raw: unknown,
  /** The JSON text `raw` was parsed from, when the caller has it: jsonTextIsStorable spares the per-string walk. */
  text?: string,
): { success: true; data: ParsedPush } | { success: false; issues: Issue[] } {
  const storableText = text !== undefined && jsonTextIsStorable(text);
  const envelope = pushEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return {
      success: false,
      issues: envelope.error.issues.slice(0, 20).map((i) => ({ message: i.message, path: i.path })),
    };
  }
  const { mutations: rawMutations, ...rest } = envelope.data;
  const issues: Issue[] = [];
  const mutations: WireMutation[] = [];
  for (let i = 0; i < rawMutations.length && issues.length < 20; i++) {
    const m = checkMutationShape(rawMutations[i]);
    if (Array.isArray(m)) {
      for (const issue of m) issues.push({ message: issue.message, path: ['mutations', i, ...issue.path] });
      continue;
    }
    if (i > 0 && m.seq !== (rawMutations[i - 1] as { seq: number }).seq + 1) {
      issues.push({ message: 'mutations must have consecutive seqs', path: ['mutations', i, 'seq'] });
      continue;
    }
    const result = validateMutationFields(m.table, m.op, m.fields, storableText);
    if (!result.ok) {
      for (const issue of result.issues) issues.push({ message: issue.message, path: ['mutations', i, ...issue.path] });
      continue;
    }
    const out: WireMutation = { seq: m.seq, op: m.op, table: m.table as SyncTableName, key: m.key, hlc: m.hlc };
    if (result.fields) out.fields = result.fields;
    mutations.push(out);
  }
  if (issues.length > 0) return { success: false, issues };
  return { success: true, data: { ...rest, mutations } };
}

/** The push body as one zod schema (for clients and docs); the server uses the equivalent parsePushRequest. */
export const pushRequestSchema = z
  .strictObject({
    protocolVersion: z.number().int(),
    teamId: anyIdSchema,
    clientId: clientIdSchema,
    mutations: z.array(mutationSchema).max(LIMITS.maxMutationsPerPush),
  })
  .superRefine((body, ctx) => {
    // Seqs in one push must be consecutive so that "skip seq <= last, refuse a gap" is well defined.
    for (let i = 1; i < body.mutations.length; i++) {
      const prev = body.mutations[i - 1]!.seq;
      if (body.mutations[i]!.seq !== prev + 1) {
        ctx.addIssue({
          code: 'custom',
          message: 'mutations must have consecutive seqs',
          path: ['mutations', i, 'seq'],
        });
        return;
      }
    }
  });
export type PushRequest = z.input<typeof pushRequestSchema>;

export const rejectionSchema = z.object({ seq: z.number(), code: z.string(), message: z.string() });
export type Rejection = z.infer<typeof rejectionSchema>;
export const pushResponseSchema = z.object({
  lastSeq: z.number(),
  version: z.number(),
  rejected: z.array(rejectionSchema),
  clamped: z.array(z.number()),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
export const seqGapSchema = z.object({ error: z.literal('SeqGap'), message: z.string(), expectedSeq: z.number() });

// ---- pull --------------------------------------------------------------------------------------------------

export const pullQuerySchema = z.object({
  teamId: anyIdSchema,
  clientId: clientIdSchema.optional(),
  cursor: z.string().max(1024).optional(),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,6}$/, 'limit must be a positive integer')
    .transform((v) => Math.min(Number(v), LIMITS.maxPullLimit))
    .optional(),
  protocolVersion: z
    .string()
    .regex(/^[0-9]{1,6}$/)
    .transform(Number)
    .optional(),
});

/** A pulled change in protocol 2: the row's HLC, and only the per-field HLCs that differ from it. */
export const changeSchema = z.object({
  table: z.string(),
  key: z.string(),
  version: z.number(),
  deleted: z.boolean(),
  fields: z.record(z.string(), z.unknown()),
  hlc: hlcSchema,
  hlcs: z.record(z.string(), hlcSchema).optional(),
});
export type Change = z.infer<typeof changeSchema>;
/** A pulled change in protocol 1 (what a server answers a pull that declares version 1, or none). */
export const changeV1Schema = changeSchema.omit({ hlcs: true }).extend({ hlc: z.record(z.string(), hlcSchema) });
export type ChangeV1 = z.infer<typeof changeV1Schema>;
/** What a poke carries (protocol 2), checked like a pull page before a client applies it. */
export const carriedPokeSchema = z.object({
  version: z.number().int(),
  from: z.number().int(),
  cursor: z.string().max(1024),
  changes: z.array(changeSchema).max(100),
});
export type CarriedPoke = z.infer<typeof carriedPokeSchema>;
/** A pulled change without a change's shape (a broken or hostile server): the client sets it aside, not the page. */
export interface MalformedChange {
  malformed: true;
  table: string;
  key: string;
  message: string;
}
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * changeSchema's rules as plain checks, with its output (unknown keys dropped): every row of every pull page
 * goes through here. Null when zod must say what is wrong.
 */
function asChange(item: unknown): Change | null {
  if (!isRecord(item)) return null;
  const { table, key, version, deleted, fields, hlc, hlcs } = item;
  if (typeof table !== 'string' || typeof key !== 'string' || typeof deleted !== 'boolean') return null;
  if (typeof version !== 'number' || !Number.isFinite(version) || !isRecord(fields)) return null;
  if (typeof hlc !== 'string' || !HLC.test(hlc)) return null;
  if (hlcs === undefined) return { table, key, version, deleted, fields, hlc };
  if (!isRecord(hlcs)) return null;
  for (const field in hlcs) {
    const value = hlcs[field];
    if (typeof value !== 'string' || !HLC.test(value)) return null;
  }
  return { table, key, version, deleted, fields, hlc, hlcs: hlcs as Record<string, string> };
}
const pulledChangesSchema = z.array(z.unknown()).transform((items) =>
  items.map((item): Change | MalformedChange => {
    const fast = asChange(item);
    if (fast) return fast;
    const parsed = changeSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const raw = (typeof item === 'object' && item !== null ? item : {}) as { table?: unknown; key?: unknown };
    const issue = parsed.error.issues[0];
    return {
      malformed: true,
      table: typeof raw.table === 'string' ? raw.table.slice(0, 64) : '?',
      key: typeof raw.key === 'string' ? raw.key.slice(0, 64) : '?',
      message: `${issue?.path.map(String).join('.') || 'change'}: ${issue?.message ?? 'invalid'}`,
    };
  }),
);
export const pullResponseSchema = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  lastSeq: z.number(),
  /** The team's version when this page was read: compare with pokes. */
  version: z.number(),
  changes: pulledChangesSchema,
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// ---- WebSocket ---------------------------------------------------------------------------------------------

export const wsClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().max(200) }),
  /** No teamId/teamIds: every team of the account, including ones joined later. */
  z.object({
    type: z.literal('subscribe'),
    teamId: anyIdSchema.optional(),
    teamIds: z.array(anyIdSchema).max(1000).optional(),
  }),
  z.object({ type: z.literal('ping') }),
]);
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

export type WsServerMessage =
  | { type: 'ready'; userId: string }
  | { type: 'subscribed'; teamIds: string[] }
  /**
   * The team is at `version`. Protocol 2: a small push also carries its changes (`changes`, as a pull
   * answers them) with the version before it (`from`) and the cursor after them, for clients caught up at `from`.
   */
  | { type: 'poke'; teamId: string; version: number; from?: number; cursor?: string; changes?: unknown[] }
  /** Someone joined the team: refetch its members. */
  | { type: 'members'; teamId: string }
  | { type: 'pong' }
  | { type: 'error'; error: string; message: string };

/** Close codes the server uses on /v1/sync/ws. */
export const WS_CLOSE = { unauthorized: 4401, authTimeout: 4408, badMessage: 4400, revoked: 4403 } as const;
/** The client must send `auth` within this long after opening. */
export const WS_AUTH_TIMEOUT_MS = 10_000;
