/**
 * CSS for ScamSentinel's in-page UI, applied inside closed shadow roots. `all: initial` on every top element so
 * nothing inherits from the page; sizes in px (the page's rem/em must not shrink the warning). Colours meet WCAG AA:
 * #1f1f1f on #fff (16:1), #fff on #0b57d0 (6.3:1), #fff on #b3261e (6.5:1), #fff on #8a3c00 (7.4:1),
 * #3d2c00 on #ffe08a (11:1), #5c1111 on #fde7e7 (9.7:1).
 */

/**
 * Generic families only: the page's @font-face rules apply inside our closed root too (fonts are per document), so a
 * named family ("PingFang SC", Arial, -apple-system) could be redefined by the page with glyphs that make "Stop!
 * This page looks like a scam" read as anything it likes. Generic keywords cannot be redefined.
 */
const FONT = 'system-ui, sans-serif';

export const BADGE_CSS = `
:host { all: initial; }
.b { all: initial; display: inline-flex; align-items: center; gap: 3px; box-sizing: border-box; cursor: help;
  font: 700 12px/1.2 ${FONT}; padding: 2px 7px; border-radius: 10px; border: 1px solid transparent; white-space: nowrap; }
.b:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.block { background: #b3261e; color: #fff; }
.warn { background: #8a3c00; color: #fff; }
.caution { background: #ffe08a; color: #3d2c00; border-color: #8a6d00; }
.tip { all: initial; position: fixed; margin: 0; inset: auto; z-index: 2147483647; box-sizing: border-box; display: none;
  width: max-content; max-width: min(360px, calc(100vw - 16px)); padding: 10px 12px; border-radius: 8px;
  background: #1f1f1f; color: #fff; font: 400 14px/1.45 ${FONT}; box-shadow: 0 4px 16px rgba(0,0,0,.35); white-space: normal; }
.tip.open, .tip:popover-open { display: block; }
.tip p { all: initial; display: block; font: inherit; color: inherit; margin: 0 0 4px; }
.tip p.t { font-weight: 700; }
`;

const MODAL_BASE = `
:host { all: initial; }
dialog { all: initial; box-sizing: border-box; position: fixed; inset: 0; margin: auto; z-index: 2147483647;
  width: min(600px, calc(100vw - 24px)); max-height: calc(100vh - 24px); overflow: auto; height: fit-content;
  background: #fff; color: #1f1f1f; border-top: 8px solid #b3261e; border-radius: 12px;
  box-shadow: 0 12px 48px rgba(0,0,0,.5); padding: 24px 28px; font: 400 17px/1.55 ${FONT};
  visibility: visible; opacity: 1; pointer-events: auto; text-align: start; direction: ltr; }
dialog:not([open]) { display: none; }
dialog[open] { display: block; }
dialog::backdrop { background: rgba(15, 15, 15, .72); }
* { box-sizing: border-box; }
h2 { all: unset; display: block; font-weight: 700; font-size: 24px; line-height: 1.3; color: #8c1d18; margin: 0 0 10px; }
h3 { all: unset; display: block; font-weight: 700; font-size: 17px; line-height: 1.4; color: #1f1f1f; margin: 16px 0 4px; }
p { all: unset; display: block; margin: 0 0 8px; }
ul { all: unset; display: block; margin: 0; padding: 0 0 0 22px; list-style: disc outside; }
li { all: unset; display: list-item; margin: 2px 0; overflow-wrap: anywhere; }
.brand { display: flex; align-items: center; gap: 6px; font-weight: 700; font-size: 14px; color: #5f5f5f; margin: 0 0 6px; letter-spacing: .02em; }
.brand svg { color: #b3261e; flex: none; }
.type { display: block; margin: 4px 0 0; }
.type b { font-weight: 700; }
.hot { font-weight: 700; }
.actions { display: flex; flex-wrap: wrap; gap: 12px; margin: 22px 0 0; }
button { all: unset; box-sizing: border-box; display: inline-flex; align-items: center; justify-content: center;
  min-height: 48px; padding: 10px 20px; border-radius: 8px; cursor: pointer; font-weight: 600; font-size: 17px; line-height: 1.3; text-align: center; }
button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 3px; }
button.primary { background: #0b57d0; color: #fff; border: 2px solid #0b57d0; flex: 1 1 240px; }
button.primary:hover { background: #0842a0; }
button.secondary { background: #fff; color: #1f1f1f; border: 2px solid #5f5f5f; flex: 1 1 240px; }
button.secondary:hover:not([disabled]) { background: #f1f1f1; }
button[disabled] { cursor: not-allowed; color: #5f5f5f; border-color: #9e9e9e; background: #f4f4f4; }
.tamper { display: block; margin: 14px 0 0; padding: 10px 12px; border-radius: 8px; background: #fde7e7; color: #5c1111; font-weight: 700; }
.tamper[hidden], section[hidden] { display: none; }
section { display: block; }
@media (max-height: 720px), (max-width: 480px) {
  dialog { padding: 16px 20px; font-size: 15px; line-height: 1.45; }
  h2 { font-size: 20px; } h3 { font-size: 15px; margin-top: 10px; }
  .actions { margin-top: 14px; } button { min-height: 44px; font-size: 15px; }
}
`;

export const OVERLAY_CSS = MODAL_BASE;

export const CONFIRM_CSS = `${MODAL_BASE}
dialog { width: min(520px, calc(100vw - 24px)); }
.site { font-weight: 700; overflow-wrap: anywhere; }
`;

export const BANNER_CSS = `
:host { all: initial; }
.bar { all: initial; position: fixed; inset: 0 0 auto 0; margin: 0; z-index: 2147483647; box-sizing: border-box;
  display: none; width: 100%; padding: 12px 16px; background: #ffe08a; color: #3d2c00; border: 0; border-bottom: 3px solid #8a6d00;
  font: 400 16px/1.5 ${FONT}; box-shadow: 0 2px 10px rgba(0,0,0,.25); }
.bar.open, .bar:popover-open { display: flex; align-items: center; gap: 12px; }
.msg { flex: 1 1 auto; }
button { all: unset; box-sizing: border-box; display: inline-flex; align-items: center; justify-content: center; flex: none;
  cursor: pointer; min-height: 36px; padding: 4px 14px; border-radius: 6px; border: 2px solid #3d2c00; color: #3d2c00; font-weight: 600; font-size: 15px; }
button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;
