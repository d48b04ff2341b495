/** Counts-only events to the service worker (never URLs). Failures are ignored: a warning must not depend on them. */
import { send } from '../../messaging/client';
import type { PageEvent } from '../../messaging/protocol';

export function report(event: PageEvent): void {
  send('recordEvent', { event }).catch(() => undefined);
}
