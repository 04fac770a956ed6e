// The WebSocket that tells this browser when a team it belongs to changed, so it pulls at once.
import { API, type WsServerMessage } from '@@/shared/sync/protocol';
import type { Account } from './account';

export interface PokeOptions {
  account: Account;
  /** `message` is the whole poke: protocol 2 pokes may carry the push's changes (see engine.isBehind). */
  onPoke: (teamId: string, version: number, message: WsServerMessage & { type: 'poke' }) => void;
  /** The team's member list changed (someone joined). */
  onMembers?: (teamId: string) => void;
  /** Called when the socket (re)connects: changes may have been missed while it was down. */
  onOpen: () => void;
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
}

const PING_MS = 20_000;

export function connectPokes({
  account,
  onPoke,
  onMembers,
  onOpen,
  WebSocketImpl = WebSocket,
  random = Math.random,
}: PokeOptions) {
  let socket: WebSocket | undefined;
  let closed = false;
  let attempts = 0;
  let ping: ReturnType<typeof setInterval> | undefined;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  const url = `${account.serverUrl.replace(/^http/, 'ws')}${API.ws}`;

  function open() {
    if (closed) return;
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => {
      // The token travels in the first message, never in the URL (URLs end up in logs).
      ws.send(JSON.stringify({ type: 'auth', token: account.token }));
    };
    ws.onmessage = (event) => {
      let message: WsServerMessage;
      try {
        message = JSON.parse(String(event.data)) as WsServerMessage;
      } catch {
        return;
      }
      if (message.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe' }));
      if (message.type === 'subscribed') {
        attempts = 0;
        onOpen();
      }
      if (message.type === 'poke') onPoke(message.teamId, message.version, message);
      if (message.type === 'members') onMembers?.(message.teamId);
    };
    ws.onclose = (event) => {
      clearInterval(ping);
      if (closed || event.code === 4401 || event.code === 4403) return;
      attempts += 1;
      const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6)) * (0.5 + random() / 2);
      reconnect = setTimeout(open, delay);
    };
    ws.onerror = () => ws.close();
    // Pings keep intermediaries from dropping an idle socket (and keep the MV3 worker alive while connected).
    ping = setInterval(() => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'ping' }));
    }, PING_MS);
  }

  open();
  return {
    close() {
      closed = true;
      clearInterval(ping);
      clearTimeout(reconnect);
      socket?.close();
    },
    /** Reconnect now (coming back online) instead of waiting for the back-off. */
    retry() {
      if (socket && socket.readyState <= 1) return;
      clearTimeout(reconnect);
      attempts = 0;
      open();
    },
  };
}
