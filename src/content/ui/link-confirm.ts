/**
 * Clicking a link that goes to a *listed* (block-level) site asks first, in the page: a small alert dialog with
 * "Stay here" (primary, focused) and "Open it anyway" (enabled after CONTINUE_DELAY_MS). Opening replays the
 * click; the navigation guard's interstitial may still stop the site itself.
 */
import type { Verdict } from '../../core/types';
import { h, shieldIcon } from '../dom';
import { report } from './events';
import { createModal, deliberateActivation, occlusionProvable } from './modal';
import { CONTINUE_DELAY_MS, KEYBOARD_ATTR } from './overlay';
import { CONFIRM_CSS } from './styles';
import { categoryLabel, reasonLines, t } from './text';

let open = false;

export function confirmLink(href: string, verdict: Verdict, onOpen: () => void): void {
  if (open) return;
  open = true;
  let host = href;
  try {
    host = new URL(href).hostname;
  } catch {
    // keep the raw href
  }
  let enableAt = Number.POSITIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = (): void => {
    go.disabled = true;
    enableAt = performance.now() + CONTINUE_DELAY_MS;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => (go.disabled = false), CONTINUE_DELAY_MS);
  };
  const modal = createModal({
    kind: 'link-confirm',
    css: CONFIRM_CSS,
    labelledBy: 'ss-link-title',
    describedBy: 'ss-link-lead',
    // restart the delay: a trick timed to catch a click must not get one through
    onTamper: () => arm(),
    onCancel: () => done(false),
    onSuppressed: () => undefined,
  });
  const stay = h('button', { type: 'button', class: 'primary', 'data-testid': 'lc-stay', autofocus: '' }, t('linkConfirmStay'));
  const go = h('button', { type: 'button', class: 'secondary', 'data-testid': 'lc-open', disabled: '' }, t('linkConfirmOpen'));
  const reasons = reasonLines(verdict, 3);
  modal.dialog.append(
    h('span', { class: 'brand' }, shieldIcon(), t('extName')),
    h('h2', { id: 'ss-link-title' }, t('linkConfirmTitle')),
    h('p', { id: 'ss-link-lead' }, t('linkConfirmLead', host)),
    h('span', { class: 'type' }, h('b', null, `${t('warnTypeLabel')}: `), categoryLabel(verdict.category)),
    h('ul', null, ...reasons.map((r) => h('li', null, r))),
    h('div', { class: 'actions' }, stay, go),
  );
  function done(openIt: boolean): void {
    if (timer !== null) clearTimeout(timer);
    modal.close();
    open = false;
    if (openIt) {
      report('link-confirm-continued');
      onOpen();
    }
  }
  stay.addEventListener('click', (e) => {
    if (e.isTrusted) done(false);
  });
  const provable = occlusionProvable();
  go.addEventListener('click', (e) => {
    if (performance.now() < enableAt) return;
    // Same rule as the overlay's "continue": nothing painted over it, and from the keyboard where that is unprovable.
    const how = deliberateActivation(e, modal.unobstructed(), provable);
    if (how === 'use-keyboard') {
      go.textContent = t('ovContinueKeyboard');
      go.focus({ preventScroll: true });
      modal.host.setAttribute(KEYBOARD_ATTR, '');
    }
    if (how === 'ok') done(true);
  });
  modal.show();
  arm();
  stay.focus({ preventScroll: true });
  modal.dialog.scrollTop = 0;
  report('link-confirm-shown');
}
