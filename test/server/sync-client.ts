// A minimal sync client for tests: outbox with per-team seqs, push, paged pull, rebase with the shared merge rules.
import { createHlc, type Hlc } from '../../shared/hlc';
import { uuidv7 } from '../../shared/id';
import { applyMutation, type MutationOp, maxHlc, type SyncRow } from '../../shared/sync/merge';

export interface OutboxEntry {
  seq: number;
  op: MutationOp;
  table: string;
  key: string;
  fields?: Record<string, unknown>;
  hlc: string;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked by the tests that use it.
type WireJson = any;

/** How the client reaches the server: returns status and parsed JSON, or throws when the network fails. */
export type Transport = (
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
) => Promise<{ status: number; body: WireJson }>;

export interface SyncClientOptions {
  clientId: string;
  token: string;
  teamId: string;
  transport: Transport;
  wallClock: () => number;
}

const rowId = (table: string, key: string) => `${table}/${key}`;

export class SyncClient {
  readonly clientId: string;
  readonly hlc: Hlc;
  /** The server's rows as last pulled (the base the outbox is rebased on). */
  readonly base = new Map<string, SyncRow & { table: string }>();
  outbox: OutboxEntry[] = [];
  private nextSeq = 1;
  cursor = '';
  serverVersion = 0;
  online = true;

  constructor(private readonly options: SyncClientOptions) {
    this.clientId = options.clientId;
    this.hlc = createHlc({ clientId: options.clientId, wallClock: options.wallClock });
  }

  /** Rows as the user sees them: the server rows with the pending outbox re-applied on top. */
  visible(): Map<string, SyncRow & { table: string }> {
    const out = new Map(this.base);
    for (const m of this.outbox) {
      const id = rowId(m.table, m.key);
      out.set(id, { ...applyMutation(out.get(id), m), table: m.table });
    }
    return out;
  }

  private enqueue(op: MutationOp, table: string, key: string, fields?: Record<string, unknown>): OutboxEntry {
    const entry: OutboxEntry = { seq: this.nextSeq++, op, table, key, hlc: this.hlc.now() };
    if (fields) entry.fields = fields;
    this.outbox.push(entry);
    return entry;
  }

  create(table: string, fields: Record<string, unknown>): OutboxEntry {
    return this.enqueue('upsert', table, uuidv7(), fields);
  }
  patch(table: string, key: string, fields: Record<string, unknown>): OutboxEntry {
    return this.enqueue('patch', table, key, fields);
  }
  remove(table: string, key: string): OutboxEntry {
    return this.enqueue('delete', table, key);
  }
  restore(table: string, key: string): OutboxEntry {
    return this.enqueue('restore', table, key);
  }

  private acknowledge(lastSeq: number): void {
    this.outbox = this.outbox.filter((m) => m.seq > lastSeq);
  }

  /** Push up to `batch` outbox entries. With `loseResponse` the server gets the request but the answer is dropped. */
  async push({ batch = 50, loseResponse = false } = {}): Promise<{ status: number; body: unknown } | undefined> {
    if (!this.online || this.outbox.length === 0) return undefined;
    const mutations = this.outbox.slice(0, batch);
    const res = await this.options.transport('POST', '/v1/sync/push', this.options.token, {
      protocolVersion: 1,
      teamId: this.options.teamId,
      clientId: this.clientId,
      mutations,
    });
    if (loseResponse) return undefined;
    if (res.status === 200) this.acknowledge(res.body.lastSeq);
    return res;
  }

  /** Pull one page; returns whether more pages wait. */
  async pullPage({ limit = 100 } = {}): Promise<boolean> {
    if (!this.online) return false;
    const query = `teamId=${this.options.teamId}&clientId=${this.clientId}&limit=${limit}&cursor=${this.cursor}`;
    const res = await this.options.transport('GET', `/v1/sync/pull?${query}`, this.options.token);
    if (res.status === 410) {
      this.cursor = '';
      this.base.clear();
      return true;
    }
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(res.body)}`);
    for (const change of res.body.changes as (SyncRow & { table: string })[]) {
      const row = {
        key: change.key,
        table: change.table,
        fields: change.fields,
        hlc: change.hlc,
        deleted: change.deleted,
      };
      this.base.set(rowId(change.table, change.key), row);
      const newest = maxHlc(row);
      if (newest) this.hlc.receive(newest);
    }
    this.cursor = res.body.cursor;
    this.serverVersion = res.body.version;
    // lastSeq acknowledges pushes whose response was lost.
    this.acknowledge(res.body.lastSeq);
    return res.body.hasMore;
  }

  async pullAll(limit = 100): Promise<void> {
    while (await this.pullPage({ limit })) {
      // keep paging
    }
  }

  /** Push everything, then pull everything. */
  async sync(): Promise<void> {
    let guard = 0;
    while (this.online && this.outbox.length > 0) {
      const res = await this.push();
      if (res && res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`);
      if (++guard > 1000) throw new Error('push does not drain');
    }
    await this.pullAll();
  }
}
