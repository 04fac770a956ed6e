// Who writes with which HLC client id: each pushed HLC ends in its device's client id, and the pusher is
// known, so members can be named in activity feeds built from the per-field HLCs.
import type { PushMutation } from './types';

/** The distinct HLC client ids of the mutations a push applied (refused ones say nothing about the writer). */
export function writerClients(mutations: readonly PushMutation[]): string[] {
  const clients = new Set<string>();
  // An HLC is `<13-digit ms>-<4 hex counter>-<clientId>`, so the client id starts at index 19.
  for (const mutation of mutations) if (!mutation.reject) clients.add(mutation.hlc.slice(19));
  return [...clients];
}
