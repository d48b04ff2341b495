/** Typed client: `send('getVerdict', { url })` → the handler's response, or throws a MessageError. */
import { browser } from 'wxt/browser';
import type { ErrorCode, MessageType, Protocol, Response } from './protocol';

export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

export async function send<K extends MessageType>(type: K, req: Protocol[K]['req']): Promise<Protocol[K]['res']> {
  const res = (await browser.runtime.sendMessage({ type, req })) as Response<Protocol[K]['res']> | undefined;
  if (!res) throw new MessageError('FAILED', 'no response from the background worker');
  if (!res.ok) throw new MessageError(res.error.code, res.error.message);
  return res.value;
}
