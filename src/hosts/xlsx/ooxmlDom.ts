/**
 * The XML parts of another program's package, read and written as namespace-aware documents
 * (@xmldom/xmldom). Why not strings: writers put namespace declarations where they like (openpyxl
 * declares `xmlns:r` on each `<sheet>`, the Open XML SDK prefixes the main namespace with `x:`,
 * LibreOffice and Excel order attributes their own way); an element spliced in as text inherits
 * whatever is in scope there, and a prefix the writer declared elsewhere is undeclared in it. Built
 * with createElementNS and setAttributeNS, an element carries its namespaces, and the serializer
 * declares any prefix that is not in scope where it lands.
 */
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import type { Document, Element } from "@xmldom/xmldom";

export type { Document, Element };

export const NS = {
  main: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
  contentTypes: "http://schemas.openxmlformats.org/package/2006/content-types",
  chart: "http://schemas.openxmlformats.org/drawingml/2006/chart",
} as const;

/** A part that is not well-formed, namespace-correct XML: named, so the user hears which file part. */
export class PartXmlError extends Error {
  constructor(
    readonly part: string,
    readonly detail: string,
  ) {
    super(`${part}: ${detail}`);
  }
}

/** Parse strictly: a warning about markup is tolerated, an error or a fatal error (an unbound prefix among them) is not. */
export function parseXml(text: string, part: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new PartXmlError(part, message);
    },
  });
  try {
    return parser.parseFromString(text, "application/xml");
  } catch (e) {
    if (e instanceof PartXmlError) throw e;
    throw new PartXmlError(part, e instanceof Error ? e.message : String(e));
  }
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The document as text, with the XML declaration Office writes when the source had none. */
export function serializeXml(doc: Document): string {
  const text = new XMLSerializer().serializeToString(doc);
  return text.startsWith("<?xml") ? text : DECLARATION + text;
}

/** A new document with one empty root element in `ns` (a relationships part, say). */
export function newDocument(ns: string, root: string): Document {
  return parseXml(`${DECLARATION}<${root} xmlns="${ns}"/>`, root);
}

/** Child elements of `el`, optionally only those with this local name (any prefix, the parent's namespace). */
export function childElements(el: Element, localName?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as Element;
    if (localName === undefined || e.localName === localName) out.push(e);
  }
  return out;
}

export function firstChildElement(el: Element, localName: string): Element | null {
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === localName) return n as Element;
  return null;
}

/** Every descendant element with this namespace and local name, as a fixed array (xmldom's lists are live). */
export function descendants(root: Element | Document, ns: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, localName));
}

/** An element in the namespace and with the prefix of `like` (a sibling or parent already in the part). */
export function elementLike(like: Element, localName: string): Element {
  const doc = like.ownerDocument!;
  return doc.createElementNS(like.namespaceURI, like.prefix ? `${like.prefix}:${localName}` : localName);
}

/**
 * Put `el` into `parent` where its schema's sequence wants it: before the first child whose local name
 * comes later in `order`, else at the end (an extLst, say, stays last).
 */
export function insertInSequence(parent: Element, el: Element, order: readonly string[]): void {
  const rank = order.indexOf(el.localName ?? "");
  for (const c of childElements(parent)) {
    const r = order.indexOf(c.localName ?? "");
    if (r > rank) {
      parent.insertBefore(el, c);
      return;
    }
  }
  parent.appendChild(el);
}

/** The list element of a styles or workbook part, created in sequence when the part has none. */
export function ensureChild(parent: Element, localName: string, order: readonly string[]): Element {
  const found = firstChildElement(parent, localName);
  if (found) return found;
  const el = elementLike(parent, localName);
  insertInSequence(parent, el, order);
  return el;
}
