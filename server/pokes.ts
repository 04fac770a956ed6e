// The poke hub: tells the WebSocket connections of a team's members that the team's version moved.
// Listeners are indexed by team, and a poke is serialised once and handed to every listener as the same string.
import type { Role } from '../shared/schemas/team';

export interface PokeListener {
  userId: string;
  tokenId: string;
  /** Teams this connection wants pokes for; `all` follows the account's memberships, including new ones. */
  subscription: Set<string> | 'all';
  /** The teams the account belongs to (kept current by `memberAdded` / `memberRemoved`). */
  memberOf: Set<string>;
  /** Send one already serialised message (a poke). */
  send(data: string): void;
  /** The token was revoked: close with the revoked code. */
  revoke(): void;
  /** The account left (or was removed from) a team. */
  removed(teamId: string): void;
}

/**
 * A small push's changes, carried by its poke (protocol 2): a listener whose pull stands exactly at `from`
 * applies them and moves its cursor to `cursor`, without a pull. `changes` are the wire JSON of each change.
 */
export interface PokeChanges {
  from: number;
  cursor: string;
  changes: string[];
}

export interface PokeHub {
  add(listener: PokeListener): () => void;
  /** `carried`: the push's changes, for listeners to apply without a pull (see PokeChanges). */
  publish(teamId: string, version: number, carried?: PokeChanges): void;
  /** The role is informational: any member, guests included, gets pokes. */
  memberAdded(userId: string, teamId: string, role?: Role): void;
  /** Stop poking the account about the team and tell its sockets (local listeners only). */
  memberRemoved(userId: string, teamId: string): void;
  tokenRevoked(tokenId: string): void;
  /** Every team some connected listener belongs to (poked once after a LISTEN reconnect). */
  connectedTeams(): string[];
  /** Extra fan-out (e.g. PostgreSQL NOTIFY to other instances); local listeners are always poked. */
  onPublish?: (teamId: string, version: number) => void;
  /** Counts pokes delivered (for /metrics). */
  onDelivered?: (count: number) => void;
  size(): number;
}

export function createPokeHub(): PokeHub {
  const listeners = new Set<PokeListener>();
  const byTeam = new Map<string, Set<PokeListener>>();
  const byToken = new Map<string, Set<PokeListener>>();
  const byUser = new Map<string, Set<PokeListener>>();

  const index = (map: Map<string, Set<PokeListener>>, key: string, l: PokeListener) => {
    const set = map.get(key);
    if (set) set.add(l);
    else map.set(key, new Set([l]));
  };
  const unindex = (map: Map<string, Set<PokeListener>>, key: string, l: PokeListener) => {
    const set = map.get(key);
    if (!set) return;
    set.delete(l);
    if (set.size === 0) map.delete(key);
  };

  const hub: PokeHub = {
    add(listener) {
      listeners.add(listener);
      for (const teamId of listener.memberOf) index(byTeam, teamId, listener);
      index(byToken, listener.tokenId, listener);
      index(byUser, listener.userId, listener);
      return () => {
        if (!listeners.delete(listener)) return;
        for (const teamId of listener.memberOf) unindex(byTeam, teamId, listener);
        unindex(byToken, listener.tokenId, listener);
        unindex(byUser, listener.userId, listener);
      };
    },
    publish(teamId, version, carried) {
      const targets = byTeam.get(teamId);
      if (targets && targets.size > 0) {
        const plain = JSON.stringify({ type: 'poke', teamId, version });
        const data = carried
          ? `${plain.slice(0, -1)},"from":${carried.from},"cursor":${JSON.stringify(carried.cursor)},"changes":[${carried.changes.join(',')}]}`
          : plain;
        let delivered = 0;
        for (const l of targets) {
          // Membership is checked at delivery, not only at subscribe time.
          if (!l.memberOf.has(teamId)) continue;
          if (l.subscription !== 'all' && !l.subscription.has(teamId)) continue;
          l.send(data);
          delivered += 1;
        }
        if (delivered > 0) hub.onDelivered?.(delivered);
      }
      hub.onPublish?.(teamId, version);
    },
    memberAdded(userId, teamId) {
      for (const l of byUser.get(userId) ?? []) {
        if (l.memberOf.has(teamId)) continue;
        l.memberOf.add(teamId);
        index(byTeam, teamId, l);
      }
      // Everyone already in the team (and the newcomer's other devices) learns at once that the list changed.
      const data = JSON.stringify({ type: 'members', teamId });
      for (const l of byTeam.get(teamId) ?? []) l.send(data);
    },
    memberRemoved(userId, teamId) {
      for (const l of [...(byUser.get(userId) ?? [])]) {
        if (!l.memberOf.delete(teamId)) continue;
        unindex(byTeam, teamId, l);
        if (l.subscription !== 'all') l.subscription.delete(teamId);
        l.removed(teamId);
      }
    },
    tokenRevoked(tokenId) {
      for (const l of [...(byToken.get(tokenId) ?? [])]) l.revoke();
    },
    connectedTeams: () => [...byTeam.keys()],
    size: () => listeners.size,
  };
  return hub;
}
