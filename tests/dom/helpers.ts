import { parseHTML } from 'linkedom';

/** A Document from HTML text (linkedom's parser; tests never assign innerHTML). */
export function docFrom(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** Attaches an open shadow root to `host` and fills it with parsed nodes. */
export function attachShadowHtml(host: Element, html: string): ShadowRoot {
  const root = host.attachShadow({ mode: 'open' });
  const frag = docFrom(`<!doctype html><html><body>${html}</body></html>`);
  const body = frag.body;
  for (const n of [...body.childNodes]) root.appendChild(host.ownerDocument.importNode(n, true));
  return root;
}
