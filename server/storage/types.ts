// The storage interface of the sync server: accounts, teams, invites, tokens and the versioned rows of each team.
import type { Role } from '../../shared/schemas/team';
import { expandClock } from '../../shared/sync/clock';
import type { SyncRow } from '../../shared/sync/merge';
import type { Rejection } from '../../shared/sync/protocol';
import type { CalendarStorage } from '../calendar/storage';
import type { PlanMutation } from '../sync/push-plan';
import type { AccountStorage } from './accounts';
import type { ApiStorage } from './api';

export interface TeamRecord {
  id: string;
  name: string;
  personal: boolean;
  version: number;
}

export interface UserRecord {
  id: string;
  name: string;
}

export interface AuthRecord {
  userId: string;
  tokenId: string;
  userName: string;
}

/** One push as the route hands it to the storage: validated envelope, the caller and its role. */
export interface PushInput {
  teamId: string;
  clientId: string;
  userId: string;
  role: Role;
  mutations: PlanMutation[];
  now: number;
}

export type PushOutcome =
  | {
      kind: 'ok';
      lastSeq: number;
      version: number;
      /** Every refusal this push answers, resent seqs included (as first decided). */
      rejected: Rejection[];
      /** Seqs whose HLC was clamped to the server's clock. */
      clamped: number[];
      /** True when this push changed rows, i.e. moved the team's version. */
      bumped: boolean;
      /** The rows this push wrote, in protocol 2's wire form and pull order, when they are few (pokes carry them). */
      changes?: PulledChange[];
    }
  | { kind: 'gap'; expectedSeq: number }
  | { kind: 'clientIdTaken' };

export interface PullPosition {
  version: number;
  table: string;
  key: string;
}

export interface StoredChange extends SyncRow {
  table: string;
  version: number;
}

/**
 * A pulled change as the wire carries it: its JSON text, assembled from the stored JSON of its fields and clocks
 * without parsing them (a pull is mostly this), plus what the route needs to build the next cursor.
 */
export interface PulledChange {
  table: string;
  key: string;
  version: number;
  json: string;
}

/**
 * A change of a pull page: as PulledChange, or with its wire form as UTF-8 bytes when the storage can read them
 * that way (SQLite builds each change's JSON in the query): the route copies them into the page as they are,
 * with no JavaScript string built, joined and encoded again per row.
 */
export interface PulledPageChange extends Omit<PulledChange, 'json'> {
  json: string | Uint8Array;
}

/** Row keys and table names are UUIDs and registry names: JSON strings as they are, without an escape pass. */
const PLAIN = /^[A-Za-z0-9_-]*$/;
const quote = (text: string): string => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * The wire form of one change, from stored text: `fields` and `hlcs` are JSON inserted as they are, `hlc` the
 * row's HLC (shared/sync/clock.ts). Protocol 2 carries the compact clock; a protocol 1 client gets the per-field
 * map it knows, expanded here (the only path that parses a stored row).
 */
export function changeJson(
  protocolVersion: number,
  table: string,
  key: string,
  version: number,
  deleted: boolean,
  fields: string,
  hlc: string,
  hlcs: string | null,
): string {
  const head = `{"table":${quote(table)},"key":${quote(key)},"version":${version},"deleted":${deleted},"fields":${fields}`;
  if (protocolVersion >= 2) return `${head},"hlc":"${hlc}"${hlcs === null ? '' : `,"hlcs":${hlcs}`}}`;
  const map = expandClock(JSON.parse(fields), deleted, hlc, hlcs === null ? null : JSON.parse(hlcs));
  return `${head},"hlc":${JSON.stringify(map)}}`;
}

/** Pushes that write more rows than this poke teammates without them (they pull). */
export const POKE_MAX_ROWS = 20;

/** The wire form (protocol 2) of the rows a push wrote, sorted as a pull returns them; none when too many. */
export function pushedChanges(
  version: number,
  writes: readonly { table: string; key: string; fields: string; hlc: string; hlcs: string | null; deleted: boolean }[],
): PulledChange[] | undefined {
  if (writes.length === 0 || writes.length > POKE_MAX_ROWS) return undefined;
  return [...writes]
    .sort((a, b) => (a.table === b.table ? (a.key < b.key ? -1 : 1) : a.table < b.table ? -1 : 1))
    .map((w) => ({
      table: w.table,
      key: w.key,
      version,
      json: changeJson(2, w.table, w.key, version, w.deleted, w.fields, w.hlc, w.hlcs),
    }));
}

/** The wire JSON of a pulled change as text. */
export const changeText = (change: PulledPageChange): string =>
  typeof change.json === 'string' ? change.json : Buffer.from(change.json).toString('utf8');

/** A pulled change as objects, with the per-field map merge works on (tests, tools). */
export function parsePulled(change: PulledPageChange): StoredChange {
  const parsed = JSON.parse(changeText(change)) as Omit<StoredChange, 'hlc'> & {
    hlc: string | Record<string, string>;
    hlcs?: Record<string, string>;
  };
  const { hlcs, ...rest } = parsed;
  const hlc =
    typeof parsed.hlc === 'string' ? expandClock(parsed.fields, parsed.deleted, parsed.hlc, hlcs) : parsed.hlc;
  return { ...rest, hlc };
}

export type PullOutcome =
  | { kind: 'ok'; changes: PulledPageChange[]; hasMore: boolean; lastSeq: number; version: number }
  | { kind: 'reset' };

export type RedeemOutcome =
  | { kind: 'ok'; team: TeamRecord; role: Role; user: UserRecord; personalTeam: TeamRecord; tokenId: string }
  | { kind: 'invalid' };

export interface NewAccount {
  userName: string;
  tokenHash: string;
}

export interface ShareRecord {
  id: string;
  teamId: string;
  projectId: string;
  createdAt: number;
  /** The name of the account that created the link. */
  createdBy: string;
  revokedAt: number | null;
}

/** The live rows of one project, by table (tombstoned rows left out). */
export interface ProjectSnapshot {
  project: StoredChange | undefined;
  rows: Record<string, StoredChange[]>;
}

export interface Storage extends AccountStorage, ApiStorage, CalendarStorage {
  readonly kind: 'sqlite' | 'postgres';
  /** A team with its owner: a new account (and its private space) with a first token. */
  createTeam(input: { teamName: string; owner: NewAccount; now: number }): Promise<{
    team: TeamRecord;
    user: UserRecord;
    personalTeam: TeamRecord;
    tokenId: string;
  }>;
  getTeam(teamId: string): Promise<TeamRecord | undefined>;
  getRole(teamId: string, userId: string): Promise<Role | undefined>;
  /** Members, each with the HLC client ids its devices write with (so clients can name who changed what). */
  listMembers(teamId: string): Promise<{ id: string; name: string; role: Role; clients: string[] }[]>;
  listTeamsOf(userId: string): Promise<(TeamRecord & { role: Role })[]>;
  getUser(userId: string): Promise<UserRecord | undefined>;

  createInvite(input: {
    teamId: string;
    role: Role;
    codeHash: string;
    expiresAt: number;
    createdBy: string;
    now: number;
  }): Promise<void>;
  /**
   * Use an invite once. With `existingUserId` the membership is added to that account (and a new token issued
   * for it); otherwise a new account with its private space is created.
   */
  redeemInvite(input: {
    codeHash: string;
    now: number;
    account: NewAccount;
    existingUserId?: string;
  }): Promise<RedeemOutcome>;

  authenticate(tokenHash: string, now: number): Promise<AuthRecord | undefined>;
  revokeToken(tokenId: string, now: number): Promise<void>;

  /** Apply one push atomically with server/sync/push-plan.ts: load, plan, save in one transaction. */
  push(input: PushInput): Promise<PushOutcome>;
  /** `protocolVersion` picks the wire form of the changes (default: the newest). */
  pull(input: {
    teamId: string;
    clientId?: string;
    after?: PullPosition;
    limit: number;
    protocolVersion?: number;
  }): Promise<PullOutcome>;
  /** Drop tombstones last written before `olderThan` (ms) and move the team horizons; returns how many. */
  compactTombstones(input: { olderThan: number }): Promise<number>;

  createShare(input: {
    id: string;
    teamId: string;
    projectId: string;
    tokenHash: string;
    userId: string;
    now: number;
  }): Promise<ShareRecord>;
  /** The links of a project that are not revoked. */
  listShares(teamId: string, projectId: string): Promise<ShareRecord[]>;
  /** False when the team has no such (unrevoked) link. */
  revokeShare(teamId: string, shareId: string, now: number): Promise<boolean>;
  findShare(tokenHash: string): Promise<ShareRecord | undefined>;
  /** The project row and the rows of the given tables whose `projectId` field is this project. */
  projectSnapshot(teamId: string, projectId: string, tables: string[]): Promise<ProjectSnapshot>;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
