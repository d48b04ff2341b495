/**
 * The pre-payment overlay: a full-page alert dialog (see modal.ts for why a hostile page cannot hide it) that says
 * what kind of scam this looks like, why (list entry + date, words, fields), what to do (leave, do not transfer,
 * 96110 / 165 / local police), and offers "Leave this site" (primary, focused) and a deliberate
 * "I understand the risk, continue" — disabled for its first CONTINUE_DELAY_MS, and followed by a second
 * confirmation on block-level (listed) sites. Repeated tampering by the page (TAMPER_LIMIT) turns "continue" off
 * for good and reports `tamper` (the toolbar badge turns red). Only trusted events count as the user's choice.
 */
import type { Verdict } from '../../core/types';
import { h, shieldIcon } from '../dom';
import { createModal, deliberateActivation, occlusionProvable, type Modal } from './modal';
import { report } from './events';
import { OVERLAY_CSS } from './styles';
import { categoryLabel, reasonLines, t } from './text';

export const CONTINUE_DELAY_MS = 1000;
/** Tricks repaired on one overlay before "continue" is switched off and `tamper` is reported. */
export const TAMPER_LIMIT = 2;
/** Host attribute set once "continue" is switched off for tampering (tests and the page may read it; it grants nothing). */
export const TAMPERED_ATTR = 'data-scamsentinel-tampered';
export const MODE_ATTR = 'data-scamsentinel-mode';
/** Set when a pointer click on "continue" was turned into "press Enter" (occlusion not provable; grants nothing). */
export const KEYBOARD_ATTR = 'data-scamsentinel-keyboard';
/** Set while "continue" is enabled (after its delay) — tests wait on it; the page could time the delay anyway. */
export const ARMED_ATTR = 'data-scamsentinel-armed';

/**
 * action        a payment step on a warn / block page
 * instructions  off-page payment instructions on a warn / block page
 * unchecked     a payment step on a page whose verdict could not be had (the check did not finish in time, or the
 *               page kept changing its URL while it was held): same deliberate continue, never a silent pass
 */
export type OverlayMode = 'action' | 'instructions' | 'unchecked';

export interface OverlayOptions {
  readonly verdict: Verdict;
  readonly mode: OverlayMode;
  /** The user chose to go on: replay the blocked action. */
  readonly onContinue: () => void;
  /** The user pressed Escape: the action is dropped, the page stays. */
  readonly onCancel: () => void;
  readonly onLeave: () => void;
}

let current: { modal: Modal } | null = null;

export function isOverlayOpen(): boolean {
  return current !== null;
}

// One function on purpose: the overlay's sections, its continue-arming timer and tamper
// count are private state of one open overlay, shared by the short inner handlers; much of the length is markup.
export function showOverlay(opts: OverlayOptions): void {
  if (current) return;
  const v = opts.verdict;
  const block = v.level === 'block';
  const unchecked = opts.mode === 'unchecked';
  const title = unchecked ? 'ovTitleUnchecked' : block ? 'ovTitleBlock' : 'ovTitleWarn';
  // A phishing page asks for the account itself (log-in, password, card): say so rather than "pay or recharge".
  const action = v.category === 'phishing' ? 'ovLeadCredentials' : 'ovLeadAction';
  const lead = unchecked ? 'ovLeadUnchecked' : opts.mode === 'action' ? action : 'ovLeadInstructions';
  let tampers = 0;
  let tampered = false;
  let enableAt = Number.POSITIVE_INFINITY;
  let enableTimer: ReturnType<typeof setTimeout> | null = null;

  const modal = createModal({
    kind: 'overlay',
    css: OVERLAY_CSS,
    labelledBy: 'ss-title',
    describedBy: 'ss-lead',
    onTamper: () => {
      tampers++;
      if (!tampered && tampers >= TAMPER_LIMIT) {
        tampered = true;
        modal.host.setAttribute(TAMPERED_ATTR, '');
        report('tamper');
        tamperNote.hidden = false;
        for (const b of [cont, yes]) {
          b.disabled = true;
          b.textContent = t('ovContinue');
        }
      }
      // A trick may have been timed to catch the user mid-click: restart the delay.
      if (!tampered) armContinue(confirmSection.hidden ? cont : yes);
    },
    onCancel: () => finish('cancel'),
    onSuppressed: () => alert(`${t('extName')}: ${t(title)}\n\n${t('ovTamper')}\n${t('warnAdviceLeave')}`),
  });

  // Which warning this is (tests read it; like the tamper marker it grants nothing).
  modal.host.setAttribute(MODE_ATTR, opts.mode);

  const leave = h('button', { type: 'button', class: 'primary', 'data-testid': 'ov-leave', autofocus: '' }, t('ovLeave'));
  const cont = h('button', { type: 'button', class: 'secondary', 'data-testid': 'ov-continue', disabled: '' }, t('ovContinueWait'));
  const back = h('button', { type: 'button', class: 'primary', 'data-testid': 'ov-confirm-back' }, t('ovConfirmBack'));
  const yes = h('button', { type: 'button', class: 'secondary', 'data-testid': 'ov-confirm-yes', disabled: '' }, t('ovContinueWait'));
  const tamperNote = h('p', { class: 'tamper', role: 'alert', 'data-testid': 'ov-tamper' }, t('ovTamper'));
  tamperNote.hidden = true;

  const reasons = reasonLines(v);
  const mainSection = h(
    'section',
    { 'data-testid': 'ov-main' },
    h('span', { class: 'brand' }, shieldIcon(), t('extName')),
    h('h2', { id: 'ss-title', 'data-testid': 'ov-title' }, t(title)),
    h('p', { id: 'ss-lead', 'data-testid': 'ov-lead' }, t(lead)),
    !unchecked && h('span', { class: 'type', 'data-testid': 'ov-category' }, h('b', null, `${t('warnTypeLabel')}: `), categoryLabel(v.category)),
    reasons.length > 0 && h('h3', null, t('ovWhyHeading')),
    reasons.length > 0 && h('ul', { 'data-testid': 'ov-reasons' }, ...reasons.map((r) => h('li', null, r))),
    h('h3', null, t('warnWhatToDoHeading')),
    h(
      'ul',
      { 'data-testid': 'ov-advice' },
      h('li', null, t('warnAdviceLeave')),
      h('li', null, t('warnAdviceCodes')),
      h('li', { class: 'hot' }, t('warnAdviceHotline')),
    ),
    h('div', { class: 'actions' }, leave, cont),
  );
  const confirmSection = h(
    'section',
    { 'data-testid': 'ov-confirm' },
    h('span', { class: 'brand' }, shieldIcon(), t('extName')),
    h('h2', { id: 'ss-confirm-title' }, t('ovConfirmTitle')),
    h('p', { id: 'ss-confirm-lead' }, t('ovConfirmLead')),
    h('div', { class: 'actions' }, back, yes),
  );
  confirmSection.hidden = true;
  modal.dialog.append(mainSection, confirmSection, tamperNote);

  function armContinue(button: HTMLButtonElement): void {
    modal.host.removeAttribute(ARMED_ATTR);
    button.disabled = true;
    button.textContent = t('ovContinueWait');
    enableAt = performance.now() + CONTINUE_DELAY_MS;
    if (enableTimer !== null) clearTimeout(enableTimer);
    enableTimer = setTimeout(() => {
      if (tampered) return;
      button.disabled = false;
      modal.host.setAttribute(ARMED_ATTR, '');
      button.textContent = t(button === yes ? 'ovConfirmYes' : 'ovContinue');
    }, CONTINUE_DELAY_MS);
  }

  function finish(how: 'leave' | 'continue' | 'cancel'): void {
    if (enableTimer !== null) clearTimeout(enableTimer);
    modal.close();
    current = null;
    if (how === 'leave') {
      report('overlay-left');
      opts.onLeave();
    } else if (how === 'continue') {
      report('overlay-continued');
      opts.onContinue();
    } else opts.onCancel();
  }

  const provable = occlusionProvable();
  const deliberate = (e: MouseEvent, button: HTMLButtonElement): boolean => {
    if (tampered || performance.now() < enableAt) return false;
    const how = deliberateActivation(e, modal.unobstructed(), provable);
    if (how === 'use-keyboard') {
      // Not proven unobstructed: confirm from the keyboard (the focused button, inside our modal).
      button.textContent = t('ovContinueKeyboard');
      button.focus({ preventScroll: true });
      modal.host.setAttribute(KEYBOARD_ATTR, '');
    }
    return how === 'ok';
  };

  leave.addEventListener('click', (e) => {
    if (e.isTrusted) finish('leave');
  });
  back.addEventListener('click', (e) => {
    if (e.isTrusted) finish('leave');
  });
  cont.addEventListener('click', (e) => {
    if (!deliberate(e, cont)) return;
    if (!block) return finish('continue');
    // Listed site: a second, separate confirmation.
    mainSection.hidden = true;
    confirmSection.hidden = false;
    modal.dialog.setAttribute('aria-labelledby', 'ss-confirm-title');
    modal.dialog.setAttribute('aria-describedby', 'ss-confirm-lead');
    armContinue(yes);
    back.focus({ preventScroll: true });
    modal.dialog.scrollTop = 0;
  });
  yes.addEventListener('click', (e) => {
    if (deliberate(e, yes)) finish('continue');
  });

  current = { modal };
  modal.show();
  armContinue(cont);
  // On short screens the dialog scrolls: keep its title in view while focus sits on "Leave".
  leave.focus({ preventScroll: true });
  modal.dialog.scrollTop = 0;
  report('overlay-shown');
}
