// UI side of messaging: typed requests to the background, errors surfaced as exceptions with a readable message.
import browser from 'webextension-polyfill';
import type { Responses } from './handlers';
import type { MessageType, Reply, RequestOf } from './protocol';

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export async function send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Responses[T]> {
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<Responses[T]> | undefined;
  if (!reply) throw new RequestError('NoReply', 'Waypoint did not answer. Try again in a moment.');
  if (!reply.ok) throw new RequestError(reply.error, reply.message);
  return reply.result;
}
