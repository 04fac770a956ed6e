// Limits and close codes of the sync server beyond the sync protocol itself (docs/protocol.md, "Limits").
// Clients read these to explain a closed socket or a refused request in plain words.

/** WebSocket close codes besides WS_CLOSE (shared/sync/protocol.ts). */
export const WS_LIMIT_CLOSE = {
  /** More messages than the per-connection rate allows. */
  rateLimited: 4429,
  /** The client did not read: more than `wsMaxQueuedBytes` were waiting to be sent. */
  slowConsumer: 4508,
  /** The account was removed from (or left) a team; reconnect to get the remaining teams. */
  membershipEnded: 4410,
  /** The server (or its database) is unavailable for a moment; reconnect with back-off. */
  unavailable: 4503,
} as const;

export const SERVER_LIMITS = {
  /** Messages a socket may send per window (auth, subscribe, ping). */
  wsMessagesPerWindow: 30,
  wsMessageWindowMs: 10_000,
  /** Bytes queued to one socket before it is closed as a slow consumer. */
  wsMaxQueuedBytes: 256 * 1024,
  /** Open WebSockets per client address. */
  wsConnectionsPerAddress: 32,
  /** Open TCP connections per client address (HTTP and WebSocket together). */
  connectionsPerAddress: 128,
  /** Live tokens (devices) per account; issuing one more revokes the least recently used. */
  tokensPerAccount: 20,
  /** Default: a token unused for this many days stops working (WAYPOINT_TOKEN_IDLE_DAYS; 0 = never). */
  defaultTokenIdleDays: 90,
  /** Used and expired invites are deleted this long after they stopped being redeemable. */
  inviteRetentionMs: 24 * 3_600_000,
  /** JSON nesting deeper than this is refused (400). */
  maxJsonDepth: 64,
  /** Status page requests per address per minute. */
  statusPagePerMinute: 60,
} as const;
