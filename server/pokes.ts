// The poke hub: tells the WebSocket connections of a team's members that the team's version moved.
import type { Role } from '../shared/schemas/team';

export interface PokeListener {
  userId: string;
  tokenId: string;
  /** Teams this connection wants pokes for; `all` follows the account's memberships, including new ones. */
  subscription: Set<string> | 'all';
  /** The teams the account belongs to (kept current by `memberAdded`). */
  memberOf: Set<string>;
  poke(teamId: string, version: number): void;
  /** The team's member list changed (someone joined): the client refetches members. */
  members?(teamId: string): void;
  revoke(): void;
}

export interface PokeHub {
  add(listener: PokeListener): () => void;
  publish(teamId: string, version: number): void;
  /** The role is informational: any member, guests included, gets pokes. */
  memberAdded(userId: string, teamId: string, role?: Role): void;
  tokenRevoked(tokenId: string): void;
  /** Extra fan-out (e.g. PostgreSQL NOTIFY to other instances); local listeners are always poked. */
  onPublish?: (teamId: string, version: number) => void;
  size(): number;
}

export function createPokeHub(): PokeHub {
  const listeners = new Set<PokeListener>();
  const hub: PokeHub = {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(teamId, version) {
      for (const l of listeners) {
        // Membership is checked at delivery, not only at subscribe time.
        if (!l.memberOf.has(teamId)) continue;
        if (l.subscription !== 'all' && !l.subscription.has(teamId)) continue;
        l.poke(teamId, version);
      }
      hub.onPublish?.(teamId, version);
    },
    memberAdded(userId, teamId) {
      for (const l of listeners) if (l.userId === userId) l.memberOf.add(teamId);
      // Everyone already in the team (and the newcomer's other devices) learns at once that the list changed.
      for (const l of listeners) if (l.memberOf.has(teamId)) l.members?.(teamId);
    },
    tokenRevoked(tokenId) {
      for (const l of listeners) if (l.tokenId === tokenId) l.revoke();
    },
    size: () => listeners.size,
  };
  return hub;
}
