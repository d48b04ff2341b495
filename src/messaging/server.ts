/**
 * Server side of the protocol: validates an untrusted message and dispatches it to a pure handler.
 * Never throws: every outcome is a typed `Response`.
 */
import { PRIVILEGED, requestSchemas, type ErrorCode, type Handlers, type MessageType, type Response, type SenderInfo } from './protocol';

const MAX_MESSAGE_KEYS = 2;

function refuse(code: ErrorCode, message: string): Response<never> {
  return { ok: false, error: { code, message } };
}

function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, value);
}

export async function dispatchMessage(raw: unknown, sender: SenderInfo, handlers: Handlers): Promise<Response<unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refuse('MALFORMED', 'message must be an object');
  const keys = Object.keys(raw);
  if (keys.length > MAX_MESSAGE_KEYS || keys.some((k) => k !== 'type' && k !== 'req')) {
    return refuse('MALFORMED', 'message must be { type, req }');
  }
  const { type, req } = raw as { type?: unknown; req?: unknown };
  if (!isMessageType(type)) return refuse('UNKNOWN_TYPE', `unknown message type ${JSON.stringify(String(type)).slice(0, 60)}`);
  if (PRIVILEGED.has(type) && !sender.privileged) return refuse('FORBIDDEN', `${type} may only be sent by extension pages`);
  const parsed = requestSchemas[type].safeParse(req);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse('MALFORMED', `${type}: ${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid'}`);
  }
  try {
    // The parsed request matches the schema of `type`, which is what this handler takes.
    const handler = handlers[type] as (r: unknown, s: SenderInfo) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, sender) };
  } catch (err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    return refuse(message === 'NOT_READY' ? 'NOT_READY' : 'FAILED', message);
  }
}

/**
 * Reduce a runtime.MessageSender to SenderInfo. `extensionOrigin` is runtime.getURL('') (ends with '/').
 * Privileged = one of this extension's own pages AND not inside a frame: a page in a tab must be its top frame
 * (frameId 0); pages without a tab (popup, options opened as a popup) are never framed by a web page. A web page
 * that frames warning.html (web-accessible) gets an unprivileged sender: it cannot trust or allow anything.
 */
export function describeSender(
  sender: {
    id?: string | undefined;
    url?: string | undefined;
    tab?: { id?: number | undefined } | undefined;
    frameId?: number | undefined;
  },
  ownId: string,
  extensionOrigin: string,
): SenderInfo {
  const fromOwnPage = sender.id === ownId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
  const topLevel = sender.tab === undefined || sender.frameId === 0;
  const frame = sender.frameId !== undefined ? { frameId: sender.frameId } : {};
  return { privileged: fromOwnPage && topLevel, tabId: sender.tab?.id ?? null, ...frame };
}
