/**
 * Server and front-end templates → the HTML a visitor would see, with server code removed and interpolations
 * replaced by their literal text. Real scam platforms ship as ThinkPHP / Laravel Blade / plain PHP views and
 * Vue / uni-app single-file components; the words a victim reads are the literal text between the tags and the
 * strings of their language tables (`{:lang('充值')}`, `{{ $t('recharge') }}` → "立即充值" from the table).
 *
 *   templateToHtml('<p>{:lang("余额")} {$user.money}</p><?php echo $x ?>')   → '<p>余额 </p>'
 *   templateToHtml('<h3>{$Think.lang.invite_desc}</h3>', { lang: {invite_desc: '邀请好友赚佣金'} }) → '<h3>邀请好友赚佣金</h3>'
 *   templateToHtml('<template><view>{{ $t("k") }}</view></template><script>…', { ext: 'vue', lang: {k: '抢单'} })
 *                                                                            → '<div>抢单</div>'
 * Patterns are linear (no nested quantifiers over the same characters); inputs are capped by the caller.
 */
import { parseLangTable } from './lang-table.ts';

export interface TemplateOptions {
  /** File extension without the dot (`php`, `vue`, `html` …); decides whether the SFC <template> part is cut out. */
  readonly ext?: string;
  /** Language table for the template (key → UI string); missing keys fall back to the key when it reads as text. */
  readonly lang?: ReadonlyMap<string, string>;
}

const TRANSLATE_CALL = /(?:\$t|\$tc|\bt|\b__|\blang|\bL|\btrans|\btrans_choice|\$lang|i18n\.t|@lang)\s*\(\s*(['"`])([^'"`\n]{1,120})\1/;
const STRING_LITERAL = /^\s*(['"`])([^'"`\n]{1,200})\1\s*$/;
const THINK_TAGS =
  /\{\/?(?:volist|foreach|if|else|elseif|notempty|empty|eq|neq|gt|egt|lt|elt|heq|nheq|include|block|extend|php|switch|case|default|present|notpresent|in|notin|between|notbetween|assign|load|css|js|literal|range|for|defined|taglib|layout)\b[^{}\n]{0,400}\}/gi;
const BLADE_DIRECTIVE =
  /@(?:lang|if|elseif|else|endif|foreach|endforeach|forelse|endforelse|empty|for|endfor|while|endwhile|section|endsection|show|stop|yield|extends|include|includeIf|includeWhen|each|csrf|method|php|endphp|push|endpush|prepend|endprepend|stack|auth|endauth|guest|endguest|isset|endisset|unless|endunless|can|endcan|cannot|endcannot|component|endcomponent|slot|endslot|error|enderror|json|vite|livewire\w*|verbatim|endverbatim|switch|case|break|default|endswitch|once|endonce|env|endenv|production|endproduction)\b(?:\s*\((?:[^()\n]|\([^()\n]*\)){0,400}\))?/g;

/** Does a translation key read as visible text (Chinese words, or words with spaces) rather than an identifier? */
function readsAsText(key: string): boolean {
  if (/[\u3400-\u9fff\uac00-\ud7af\u3040-\u30ff]/.test(key)) return true;
  if (/^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+$/i.test(key)) return false; // common.submit_btn
  if (/[a-z][A-Z]/.test(key)) return false; // camelCase identifier: paymentChannel
  return /^[A-Za-z][A-Za-z' ,!?]{1,80}$/.test(key);
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What a translation key prints: the table's string (full key, else its last dotted part), or the key itself when
 *  it reads as text, else nothing. */
function translate(key: string, lang: ReadonlyMap<string, string> | undefined): string {
  const hit = lang?.get(key) ?? lang?.get(key.split('.').pop() ?? '');
  if (hit !== undefined) return escapeText(hit);
  return readsAsText(key) ? escapeText(key) : '';
}

/** The visible text an interpolated expression stands for: a translated key, a string literal, or nothing. */
function resolveExpr(expr: string, lang: ReadonlyMap<string, string> | undefined): string {
  const call = TRANSLATE_CALL.exec(expr);
  if (call) return translate(call[2] ?? '', lang);
  const lit = STRING_LITERAL.exec(expr);
  if (lit) return escapeText(lit[2] ?? '');
  return '';
}

/** The outermost <template>…</template> of a Vue / uni-app single-file component (or the whole source). */
function sfcTemplate(src: string): string {
  const open = /<template(?:\s[^>]*)?>/i.exec(src);
  const close = src.toLowerCase().lastIndexOf('</template>');
  if (!open || close < open.index) return src;
  return src.slice(open.index + open[0].length, close);
}

/** uni-app / UI-kit components → the HTML elements they render (buttons and inputs matter to the extractor). */
function mapComponents(src: string): string {
  return src
    .replace(/<(\/?)(?:u-|van-|el-|uni-|a-|t-|nut-|up-)?button\b/gi, '<$1button')
    .replace(/<(?:u-|van-|el-|uni-|a-|nut-|up-)(?:input|field|search)\b([^>]*?)\/?>/gi, '<input$1>')
    .replace(/<\/(?:u-|van-|el-|uni-|a-|nut-|up-)(?:input|field|search)\s*>/gi, '')
    .replace(/<(\/?)view\b/gi, '<$1div')
    .replace(/<(\/?)text\b/gi, '<$1span')
    .replace(/<(\/?)navigator\b/gi, '<$1a')
    .replace(/<(\/?)scroll-view\b/gi, '<$1div')
    .replace(/<(\/?)swiper(?:-item)?\b/gi, '<$1div');
}

/** Vue bindings `:placeholder="$t('k')"` → `placeholder="text"`; other bound attributes and event handlers go. */
function resolveBindings(src: string, lang: ReadonlyMap<string, string> | undefined): string {
  return src
    .replace(/\s(?:v-bind)?:([a-z][\w-]*)\s*=\s*"([^"]{0,400})"/gi, (_m, name: string, expr: string) => {
      const text = resolveExpr(expr, lang);
      return text ? ` ${name}="${text.replace(/"/g, '&quot;')}"` : '';
    })
    .replace(/\s(?:@|v-on:)[\w.-]+\s*=\s*"[^"]{0,400}"/g, '')
    .replace(/\sv-(?:if|else-if|show|for|model|html|text)\s*=\s*"[^"]{0,400}"/g, '');
}

/** Template source → HTML with the visitor-visible literal text only. */
export function templateToHtml(source: string, opts: TemplateOptions = {}): string {
  const ext = (opts.ext ?? '').toLowerCase();
  const lang = opts.lang;
  let s = ext === 'vue' || ext === 'nvue' ? sfcTemplate(source) : source;
  // PHP blocks: keep what a translation call inside them prints, drop the rest.
  s = s.replace(/<\?(?:php|=)?([\s\S]*?)(?:\?>|$)/g, (_m, code: string) => resolveExpr(code, lang));
  s = s.replace(/\{\{--[\s\S]*?--\}\}/g, '');
  s = s.replace(/\{!!([\s\S]{0,400}?)!!\}/g, (_m, e: string) => resolveExpr(e, lang));
  s = s.replace(/\{\{([\s\S]{0,400}?)\}\}/g, (_m, e: string) => resolveExpr(e, lang));
  s = s.replace(/\{%[\s\S]{0,400}?%\}/g, '');
  s = s.replace(/\{:([^{}\n]{0,400})\}/g, (_m, e: string) => resolveExpr(e, lang));
  // ThinkPHP's language variable `{$Think.lang.key}` (optionally `|filter`) prints the table's string for `key`.
  s = s.replace(/\{\$Think\.lang\.([A-Za-z0-9_\u3400-\u9fff-]{1,120})(?:\|[^{}\n]{0,200})?\}/gi, (_m, key: string) => translate(key, lang));
  s = s.replace(/\{\$[^{}\n]{0,400}\}/g, '');
  s = s.replace(THINK_TAGS, '');
  s = s.replace(BLADE_DIRECTIVE, (m) => (m.startsWith('@lang') ? resolveExpr(m.slice(1), lang) : ''));
  if (ext === 'vue' || ext === 'nvue' || /<(?:view|u-button|van-button)\b/i.test(s)) s = mapComponents(resolveBindings(s, lang));
  return s;
}

/** Is this source a server / front-end template (needs templateToHtml) rather than a served page? */
export function looksLikeTemplate(source: string, ext = ''): boolean {
  if (/^(?:php|vue|nvue|tpl|blade|twig|ejs|hbs)$/i.test(ext)) return true;
  return /<\?php|<\?=|\{\$[a-z_]|\{:lang\(|\{\{\s*\$t\(|@extends\(|@section\(|<template[\s>][\s\S]*<\/template>\s*<script/i.test(source.slice(0, 200_000));
}

export { parseLangTable };
