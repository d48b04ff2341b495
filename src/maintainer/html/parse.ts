/**
 * Parse HTML the way a browser does, in Node (maintainer CLI, corpus ingest, training, eval).
 *
 * linkedom alone does not build the HTML5 tree: a fragment without <html>/<body> (a template, a saved partial)
 * becomes a document with an empty body, so the extractor saw nothing. parse5 is the spec parser (tree
 * construction, implied <html><head><body>, entities, foster parenting, misnested tags); its serialised full
 * document is then loaded into linkedom, which gives the DOM API (TreeWalker, querySelector) that src/dom reads.
 *
 *   parseDocument('<p>充值</p>')  → Document whose body holds <p>充值</p>
 *   parseDocument(full page)      → the same tree a browser builds for it
 */
import { parse, serialize } from 'parse5';
import { parseHTML } from 'linkedom';

/** Decode bytes as a browser would pick the encoding: BOM, then <meta charset> / http-equiv in the first 1 KB,
 *  else UTF-8 (GBK/Big5 pages are common in the scam corpus). */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_-]+)/i.exec(head);
  const label = m?.[1]?.toLowerCase();
  if (label && label !== 'utf-8' && label !== 'utf8') {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // unknown label: fall through to UTF-8
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** A spec-built Document for any HTML string (full page or fragment). */
export function parseDocument(html: string): Document {
  const tree = parse(html, { scriptingEnabled: true });
  const full = serialize(tree);
  return parseHTML(full).document as unknown as Document;
}
