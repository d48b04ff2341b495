/**
 * DOM reads a page cannot clobber.
 *
 * Named properties shadow built-ins on `document`, `window` and every `<form>` (LegacyOverrideBuiltIns): an
 * `<input name="ownerDocument">` makes `form.ownerDocument` that input, `<input name="closest">` makes
 * `form.closest` an element, `<img name="createTreeWalker">` does the same to `document`. Chrome's isolated world
 * shares the DOM with the page, so the extension sees these too. Everything here reads through the getter or method
 * on the interface prototype instead (`Node.prototype.ownerDocument.get.call(form)`), which named properties cannot
 * reach. The prototypes are taken from this context's own globals once, on each accessor's first use (in the
 * isolated world / Firefox Xray they are not the page's, whenever they are read): not at load, where reading the
 * interface objects made the isolated world build them during every page's load (~2–3 ms of the always-on content
 * script's start-up in a CPU profile, issue 18). Minimal DOMs in unit tests (linkedom) have no such globals: plain
 * reads there.
 */

import { lazy } from '../core/lazy';

type Ctor = 'Node' | 'Element' | 'Document' | 'DocumentFragment' | 'HTMLFormElement' | 'HTMLElement';

function descriptor(ctor: Ctor, name: string): PropertyDescriptor | undefined {
  const c = (globalThis as Record<string, unknown>)[ctor];
  if (typeof c !== 'function') return undefined;
  // The interface prototype or, in DOMs that define it higher up, the nearest one above it that has it.
  for (let proto: unknown = (c as { prototype?: unknown }).prototype; proto && typeof proto === 'object'; proto = Object.getPrototypeOf(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (d) return d;
  }
  return undefined;
}

/** A getter read per element of the page walk: fixed arity, no rest array (like method0 / method1). */
function getter<T>(ctor: Ctor, name: string): (o: object) => T {
  const impl = lazy((): ((o: object) => T) => {
    const get = descriptor(ctor, name)?.get;
    if (get) return (o) => get.call(o) as T;
    return (o) => (o as Record<string, unknown>)[name] as T;
  });
  return (o) => impl()(o);
}

function method<A extends unknown[], R>(ctor: Ctor, name: string): (o: object, ...args: A) => R {
  const impl = lazy((): ((o: object, ...args: A) => R) => {
    const fn: unknown = descriptor(ctor, name)?.value;
    if (typeof fn === 'function') return (o, ...args) => Reflect.apply(fn, o, args) as R;
    return ownMethod<A, R>(name);
  });
  return (o, ...args) => impl()(o, ...args);
}

/**
 * method() for the per-element calls of the page walk (issue 18: thousands per page): a fixed arity, no rest
 * array; the same prototype function (`fn.call`, like getter()).
 */
function method0<R>(ctor: Ctor, name: string): (o: object) => R {
  const impl = lazy((): ((o: object) => R) => {
    const fn: unknown = descriptor(ctor, name)?.value;
    if (typeof fn === 'function') return (o) => (fn as (this: object) => R).call(o);
    const own = ownMethod<[], R>(name);
    return (o) => own(o);
  });
  return (o) => impl()(o);
}

function method1<A, R>(ctor: Ctor, name: string): (o: object, a: A) => R {
  const impl = lazy((): ((o: object, a: A) => R) => {
    const fn: unknown = descriptor(ctor, name)?.value;
    if (typeof fn === 'function') return (o, a) => (fn as (this: object, a: A) => R).call(o, a);
    const own = ownMethod<[A], R>(name);
    return (o, a) => own(o, a);
  });
  return (o, a) => impl()(o, a);
}

/** Minimal DOMs without the interface globals: the object's own method. */
function ownMethod<A extends unknown[], R>(name: string): (o: object, ...args: A) => R {
  return (o, ...args) => {
    const own: unknown = (o as Record<string, unknown>)[name];
    if (typeof own !== 'function') throw new TypeError(`${name} is not a function`);
    return Reflect.apply(own, o, args) as R;
  };
}

export const nodeType = getter<number>('Node', 'nodeType');
export const ownerDocument = getter<Document | null>('Node', 'ownerDocument');
export const parentElement = getter<Element | null>('Node', 'parentElement');
export const firstChild = getter<ChildNode | null>('Node', 'firstChild');
export const nextSibling = getter<ChildNode | null>('Node', 'nextSibling');
export const textContent = getter<string | null>('Node', 'textContent');
export const isConnected = getter<boolean>('Node', 'isConnected');
export const localName = getter<string>('Element', 'localName');
export const shadowRoot = getter<ShadowRoot | null>('Element', 'shadowRoot');
export const childElementCount = getter<number>('Element', 'childElementCount');
export const previousElementSibling = getter<Element | null>('Element', 'previousElementSibling');
export const nextElementSibling = getter<Element | null>('Element', 'nextElementSibling');
export const getAttribute = method1<string, string | null>('Element', 'getAttribute');
export const hasAttribute = method1<string, boolean>('Element', 'hasAttribute');
export const hasAttributes = method0<boolean>('Element', 'hasAttributes');
export const closest = method<[string], Element | null>('Element', 'closest');
export const matches = method<[string], boolean>('Element', 'matches');
export const querySelector = method<[string], Element | null>('Element', 'querySelector');
export const elementQueryAll = method<[string], NodeListOf<Element>>('Element', 'querySelectorAll');
export const documentElement = getter<Element | null>('Document', 'documentElement');
export const docTitle = getter<string>('Document', 'title');
export const getElementById = method<[string], Element | null>('Document', 'getElementById');
export const createTreeWalker = method<[Node, number], TreeWalker>('Document', 'createTreeWalker');
export const requestSubmit = method<[HTMLElement?], undefined>('HTMLFormElement', 'requestSubmit');
export const click = method<[], undefined>('HTMLElement', 'click');
export const getRootNode = method0<Node>('Node', 'getRootNode');
export const boundingRect = method0<DOMRect>('Element', 'getBoundingClientRect');
export const docQueryAll = method<[string], NodeListOf<Element>>('Document', 'querySelectorAll');
/** A shadow root's querySelectorAll (ShadowRoot inherits it from DocumentFragment). */
export const fragmentQueryAll = method<[string], NodeListOf<Element>>('DocumentFragment', 'querySelectorAll');

/** The form a control belongs to (its `form` property is on the control's own prototype, never a form's). */
export function formOf(el: Element): HTMLFormElement | null {
  const owner = (el as { form?: unknown }).form;
  if (typeof HTMLFormElement === 'function' ? owner instanceof HTMLFormElement : owner) return owner as HTMLFormElement;
  const up = closest(el, 'form');
  return up as HTMLFormElement | null;
}
