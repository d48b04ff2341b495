/**
 * caution-level pages get a quieter banner at payment time instead of the overlay: it does not block the action.
 * Shown in the top layer as a manual popover where supported (page z-index cannot cover it), once per page URL.
 */
import type { Verdict } from '../../core/types';
import { createHost, h } from '../dom';
import { report } from './events';
import { BANNER_CSS } from './styles';
import { categoryLabel, t } from './text';

let shownFor = '';

export function showBanner(verdict: Verdict, pageUrl: string): void {
  if (shownFor === pageUrl) return;
  shownFor = pageUrl;
  const { host, root } = createHost('banner', BANNER_CSS);
  const close = h('button', { type: 'button', 'data-testid': 'banner-close' }, t('bannerClose'));
  const bar = h(
    'div',
    { class: 'bar', role: 'alert', 'data-testid': 'banner' },
    h('span', { class: 'msg' }, t('bannerText', categoryLabel(verdict.category))),
    close,
  );
  const popover = typeof bar.showPopover === 'function';
  if (popover) bar.setAttribute('popover', 'manual');
  root.append(bar);
  document.documentElement.append(host);
  if (popover) bar.showPopover();
  else bar.classList.add('open');
  close.addEventListener('click', (e) => {
    if (e.isTrusted) host.remove();
  });
  report('banner-shown');
}
