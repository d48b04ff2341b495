/**
 * The message table is safe by default (issue 15, class 3): every message has one entry naming who may send it,
 * and only the seven messages the content scripts need are open to it. A new message without an entry does not
 * exist (UNKNOWN_TYPE); one with an entry is for extension pages unless it says `from: 'content'`.
 */
import { describe, expect, it, vi } from 'vitest';
import { MESSAGES, PRIVILEGED, requestSchemas, type Handlers, type MessageType, type SenderInfo } from '../../../src/messaging/protocol';
import { dispatchMessage } from '../../../src/messaging/server';

const CONTENT_MESSAGES = ['checkPage', 'loadContentUi', 'recordEvent', 'frameStatus', 'frameStep', 'frameReplay', 'frameAddress', 'frameVerdict'];
const content: SenderInfo = { privileged: false, tabId: 7, frameId: 0 };

describe('message table', () => {
  const types = Object.keys(MESSAGES) as MessageType[];

  it('has one entry per message with a request schema and a sender kind', () => {
    expect(types.length).toBeGreaterThan(10);
    expect(Object.keys(requestSchemas).sort()).toEqual([...types].sort());
    for (const type of types) {
      const entry = MESSAGES[type];
      expect(typeof entry.request.safeParse, `${type}: request schema`).toBe('function');
      expect(['extension', 'content'], `${type}: from`).toContain(entry.from);
      expect(entry).toHaveProperty('response');
    }
  });

  it('opens exactly the content script messages to content scripts; everything else is privileged', () => {
    expect(types.filter((t) => MESSAGES[t].from === 'content').sort()).toEqual([...CONTENT_MESSAGES].sort());
    expect([...PRIVILEGED].sort()).toEqual(types.filter((t) => !CONTENT_MESSAGES.includes(t)).sort());
  });

  it('a content-script sender is refused every privileged message before its request is even parsed', async () => {
    const handler = vi.fn(async () => null);
    const handlers = new Proxy({}, { get: () => handler }) as unknown as Handlers;
    for (const type of PRIVILEGED) {
      expect(await dispatchMessage({ type, req: {} }, content, handlers), type).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('a message without an entry does not exist', async () => {
    const handlers = new Proxy({}, { get: () => vi.fn(async () => null) }) as unknown as Handlers;
    expect(await dispatchMessage({ type: 'grantEverything', req: {} }, { privileged: true, tabId: null }, handlers)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TYPE' },
    });
  });
});
