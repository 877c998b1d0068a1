/**
 * The review written into a copy of the user's own workbook (`ka-review review in.xlsx --into out.xlsx`),
 * as the add-in writes it into the open workbook: the user's sheets, their parts and their shared strings
 * are carried over byte for byte; only the package's directories change (workbook.xml, its relationships,
 * [Content_Types].xml, a calculation chain that named a removed sheet) and styles.xml gains the review's
 * styles at its end (existing style indices keep their meaning). The review itself is rendered by the one
 * file renderer (render.ts + charts.ts) into a package of its own, whose parts are then moved in under
 * fresh part names: cells' style indices remapped, shared strings made inline (the user's string table
 * is not touched), table ids and names made unique.
 * Every part this touches is read and written as a namespace-aware document (ooxmlDom.ts), never spliced
 * as text: whoever wrote the workbook (Excel, LibreOffice, openpyxl, ExcelJS, SheetJS) and wherever it
 * declared its prefixes, what is written declares every prefix it uses.
 * What happens to reviews already in the workbook is engine/core/marks.ts's plan, as in Excel: the same
 * review is replaced, earlier ones are kept renamed with their period (their charts, tables and names
 * follow), the oldest beyond the limit removed.
 */
import JSZip from "jszip";
import { DEFAULT_KEEP_REVIEWS, EarlierReview, ReviewModel, parseMarks, planReviewSheets, staleMarkNames } from "../../engine";
import { reviewFileBytes } from "./reviewFile";
import {
  Document,
  Element,
  NS,
  PartXmlError,
  childElements,
  descendants,
  elementLike,
  ensureChild,
  firstChildElement,
  newDocument,
  parseXml,
  serializeXml,
} from "./ooxmlDom";

const REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";

/** CT_Workbook's sequence (ECMA-376 Part 1, 18.2.27): where a new <definedNames> goes. */
const WORKBOOK_ORDER = [
  "fileVersion",
  "fileSharing",
  "workbookPr",
  "workbookProtection",
  "bookViews",
  "sheets",
  "functionGroups",
  "externalReferences",
  "definedNames",
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
] as const;

/** CT_Stylesheet's sequence (18.8.39). */
const STYLES_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"] as const;
const STYLE_ITEM: Record<string, string> = { numFmts: "numFmt", fonts: "font", fills: "fill", borders: "border", cellXfs: "xf", dxfs: "dxf" };

/** "xl/worksheets/sheet1.xml" + "../tables/table1.xml" -> "xl/tables/table1.xml". */
function resolve(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = fromPart.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

/** The relationships part of a part; of the package itself ("") it is _rels/.rels. */
function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return i < 0 ? `_rels/${part}.rels` : `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

/** Path from one part's folder to another part ("../charts/chart3.xml"). */
function relative(fromPart: string, toPart: string): string {
  const from = fromPart.split("/").slice(0, -1);
  const to = toPart.split("/");
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => ".."), ...to.slice(i)].join("/");
}

interface Rel {
  el: Element;
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** The parts of one package as documents: each parsed once, written back only when changed. */
class Package {
  private readonly docs = new Map<string, Document | null>();
  private readonly dirty = new Set<string>();

  constructor(readonly zip: JSZip) {}

  static async open(bytes: Uint8Array): Promise<Package> {
    return new Package(await JSZip.loadAsync(bytes));
  }

  has(part: string): boolean {
    return this.zip.file(part) !== null;
  }

  async doc(part: string): Promise<Document | null> {
    if (!this.docs.has(part)) {
      const f = this.zip.file(part);
      this.docs.set(part, f ? parseXml(await f.async("string"), part) : null);
    }
    return this.docs.get(part)!;
  }

  async root(part: string): Promise<Element | null> {
    return (await this.doc(part))?.documentElement ?? null;
  }

  /** A part's document, marked to be written back. */
  async edit(part: string): Promise<Document | null> {
    const d = await this.doc(part);
    if (d) this.dirty.add(part);
    return d;
  }

  put(part: string, doc: Document): void {
    this.docs.set(part, doc);
    this.dirty.add(part);
  }

  remove(part: string): void {
    this.zip.remove(part);
    this.docs.set(part, null);
    this.dirty.delete(part);
  }

  async rels(part: string): Promise<Rel[]> {
    const root = await this.root(relsPathOf(part));
    if (!root) return [];
    return childElements(root, "Relationship").map((el) => ({
      el,
      id: el.getAttribute("Id") ?? "",
      type: el.getAttribute("Type") ?? "",
      target: el.getAttribute("Target") ?? "",
      external: el.getAttribute("TargetMode") === "External",
    }));
  }

  /** Parts a part points to, transitively (a sheet's tables, drawing, the drawing's charts). */
  async partTree(part: string, seen = new Set<string>()): Promise<Set<string>> {
    if (seen.has(part)) return seen;
    seen.add(part);
    for (const r of await this.rels(part)) if (!r.external) await this.partTree(resolve(part, r.target), seen);
    return seen;
  }

  flush(): void {
    for (const part of this.dirty) {
      const d = this.docs.get(part);
      if (d) this.zip.file(part, serializeXml(d));
    }
    this.dirty.clear();
  }
}

/** A sheet reference inside formulas: 'Old name'! or Old! (unquoted names are letters, digits, _ and .). */
function renameInFormula(formula: string, from: string, to: string): string {
  const quotedFrom = `'${from.replace(/'/g, "''")}'!`;
  const quotedTo = `'${to.replace(/'/g, "''")}'!`;
  let out = formula.split(quotedFrom).join(quotedTo);
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(from))
    out = out.replace(new RegExp(`(^|[^A-Za-z0-9_.'])${from.replace(/\./g, "\\.")}!`, "g"), (_m, pre: string) => `${pre}${quotedTo}`);
  return out;
}

const intAttr = (el: Element, name: string, fallback = 0): number => {
  const v = el.getAttribute(name);
  const n = v === null || v === "" ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
};

function setCount(list: Element, itemName: string): void {
  list.setAttribute("count", String(childElements(list, itemName).length));
}

/**
 * The review's styles appended after the workbook's (in place, in `target`): index maps for cell
 * formats and differential formats.
 */
function mergeStyles(target: Document, review: Document): { xf: number[]; dxf: number[] } {
  const tRoot = target.documentElement!;
  const rRoot = review.documentElement!;
  const items = (root: Element, tag: string): Element[] => {
    const list = firstChildElement(root, tag);
    return list ? childElements(list, STYLE_ITEM[tag]) : [];
  };
  const append = (tag: string, els: Element[]): void => {
    if (els.length === 0) return;
    const list = ensureChild(tRoot, tag, STYLES_ORDER);
    for (const el of els) list.appendChild(el);
    setCount(list, STYLE_ITEM[tag]);
  };
  const adopt = (el: Element) => target.importNode(el, true) as Element;

  // Custom number formats get ids above the workbook's own; built-in ids (< 164) mean the same everywhere.
  let nextFmt = Math.max(163, ...items(tRoot, "numFmts").map((x) => intAttr(x, "numFmtId"))) + 1;
  const fmtMap = new Map<number, number>();
  append(
    "numFmts",
    items(rRoot, "numFmts").map((x) => {
      const el = adopt(x);
      const id = nextFmt++;
      fmtMap.set(intAttr(x, "numFmtId"), id);
      el.setAttribute("numFmtId", String(id));
      return el;
    }),
  );
  const base = { font: items(tRoot, "fonts").length, fill: items(tRoot, "fills").length, border: items(tRoot, "borders").length };
  const styleXfs = firstChildElement(tRoot, "cellStyleXfs");
  const hasStyleXf = !!styleXfs && childElements(styleXfs, "xf").length > 0;
  append("fonts", items(rRoot, "fonts").map(adopt));
  append("fills", items(rRoot, "fills").map(adopt));
  append("borders", items(rRoot, "borders").map(adopt));
  const xfBase = items(tRoot, "cellXfs").length;
  const rXfs = items(rRoot, "cellXfs");
  append(
    "cellXfs",
    rXfs.map((x) => {
      const el = adopt(x);
      const num = intAttr(x, "numFmtId");
      el.setAttribute("numFmtId", String(fmtMap.get(num) ?? num));
      el.setAttribute("fontId", String(intAttr(x, "fontId") + base.font));
      el.setAttribute("fillId", String(intAttr(x, "fillId") + base.fill));
      el.setAttribute("borderId", String(intAttr(x, "borderId") + base.border));
      // The review's cell style is the workbook's Normal; a workbook without cell styles has none to point at.
      if (hasStyleXf) el.setAttribute("xfId", "0");
      else el.removeAttribute("xfId");
      if (!el.hasAttribute("applyFont")) el.setAttribute("applyFont", "1");
      return el;
    }),
  );
  const dxfBase = items(tRoot, "dxfs").length;
  const rDxfs = items(rRoot, "dxfs");
  append("dxfs", rDxfs.map(adopt));
  return { xf: rXfs.map((_, i) => xfBase + i), dxf: rDxfs.map((_, i) => dxfBase + i) };
}

/** A styles part for a workbook that has none (rare, but valid): the review's fonts, fills and borders, one plain cell format. */
function stylesFromReview(review: Document): Document {
  const doc = parseXml(serializeXml(review), "xl/styles.xml");
  const root = doc.documentElement!;
  for (const tag of ["numFmts", "dxfs"]) {
    const el = firstChildElement(root, tag);
    if (el) root.removeChild(el);
  }
  const xfs = firstChildElement(root, "cellXfs");
  if (xfs) {
    for (const c of childElements(xfs)) xfs.removeChild(c);
    const xf = elementLike(xfs, "xf");
    for (const a of ["numFmtId", "fontId", "fillId", "borderId"]) xf.setAttribute(a, "0");
    if (firstChildElement(root, "cellStyleXfs")) xf.setAttribute("xfId", "0");
    xfs.appendChild(xf);
    setCount(xfs, "xf");
  }
  return doc;
}

/**
 * A review sheet made to live in the user's package, in place: style indices remapped, shared strings
 * inline (the user's string table is not touched), conditional formats pointing at the merged dxfs.
 */
function adoptSheet(sheet: Document, strings: Element[], xf: number[], dxf: number[]): void {
  const root = sheet.documentElement!;
  const main = root.namespaceURI ?? NS.main;
  const remap = (el: Element, name: string, map: number[], fallback?: number) => {
    const v = el.getAttribute(name);
    if (v === null || v === "") {
      if (fallback !== undefined) el.setAttribute(name, String(fallback));
      return;
    }
    el.setAttribute(name, String(map[Number(v)] ?? fallback ?? v));
  };
  const sheetData = firstChildElement(root, "sheetData");
  for (const row of sheetData ? childElements(sheetData, "row") : []) {
    remap(row, "s", xf);
    for (const c of childElements(row, "c")) {
      remap(c, "s", xf, xf[0]);
      if (c.getAttribute("t") !== "s") continue;
      const v = firstChildElement(c, "v");
      const si = strings[Number(v?.textContent ?? NaN)];
      if (v) c.removeChild(v);
      c.setAttribute("t", "inlineStr");
      const is = sheet.createElementNS(main, c.prefix ? `${c.prefix}:is` : "is");
      if (si) for (const part of childElements(si)) is.appendChild(sheet.importNode(part, true));
      else is.appendChild(sheet.createElementNS(main, c.prefix ? `${c.prefix}:t` : "t"));
      c.appendChild(is);
    }
  }
  const cols = firstChildElement(root, "cols");
  for (const col of cols ? childElements(cols, "col") : []) remap(col, "style", xf);
  for (const rule of descendants(root, main, "cfRule")) if (rule.hasAttribute("dxfId")) remap(rule, "dxfId", dxf);
}

/**
 * Defined names added to a workbook document: into its <definedNames>, or a new one where CT_Workbook
 * puts it — after <sheets>, <functionGroups> and <externalReferences> (a workbook with links to other
 * files has the last), before <calcPr> and the rest. An emptied <definedNames> is removed.
 */
export function addDefinedNames(wb: Document, names: Array<{ name: string; formula: string; localSheetId?: number; attrs?: Element }>): void {
  const root = wb.documentElement!;
  if (names.length) {
    const list = ensureChild(root, "definedNames", WORKBOOK_ORDER);
    for (const n of names) {
      const el = n.attrs ? (wb.importNode(n.attrs, false) as Element) : elementLike(list, "definedName");
      el.setAttribute("name", n.name);
      if (n.localSheetId !== undefined) el.setAttribute("localSheetId", String(n.localSheetId));
      el.appendChild(wb.createTextNode(n.formula));
      list.appendChild(el);
    }
  }
  const list = firstChildElement(root, "definedNames");
  if (list && childElements(list).length === 0) root.removeChild(list);
}

export interface IntoResult {
  bytes: Uint8Array;
  /** The review's sheets as named in the workbook. */
  written: string[];
  renamed: Array<{ from: string; to: string }>;
  removed: string[];
  /** The earlier reviews kept beside it (the cover links to each). */
  earlier: EarlierReview[];
}

/**
 * `input`: the user's .xlsx bytes (already through the zip guard). Returns a new package; `input` is
 * not modified. A part of the input that is not well-formed XML throws PartXmlError (named).
 */
export async function writeReviewInto(input: Uint8Array, model: ReviewModel, opts: { keepReviews?: number; created?: Date } = {}): Promise<IntoResult> {
  const pkg = await Package.open(input);
  const wbPart = resolve("", (await pkg.rels("")).find((r) => r.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml");
  const wbDoc = await pkg.edit(wbPart);
  if (!wbDoc) throw new PartXmlError(wbPart, "the workbook part is missing");
  const wb = wbDoc.documentElement!;
  const wbRelsPath = relsPathOf(wbPart);
  const wbRelsDoc = (await pkg.edit(wbRelsPath)) ?? newDocument(NS.rels, "Relationships");
  pkg.put(wbRelsPath, wbRelsDoc);
  const ctDoc = (await pkg.edit("[Content_Types].xml"))!;
  const ct = ctDoc.documentElement!;
  const sheetsEl = firstChildElement(wb, "sheets")!;

  const wbRels = async () => pkg.rels(wbPart);
  type SheetEntry = { el: Element; name: string; rid: string; sheetId: number; part: string | null };
  const sheetsNow = async (): Promise<SheetEntry[]> => {
    const rels = await wbRels();
    return childElements(sheetsEl, "sheet").map((el) => {
      const rid = el.getAttributeNS(NS.r, "id") ?? "";
      const rel = rels.find((r) => r.id === rid);
      return { el, name: el.getAttribute("name") ?? "", rid, sheetId: intAttr(el, "sheetId"), part: rel ? resolve(wbPart, rel.target) : null };
    });
  };
  const nameEls = () => {
    const list = firstChildElement(wb, "definedNames");
    return list ? childElements(list, "definedName") : [];
  };
  const overrideOf = (part: string) =>
    childElements(ct, "Override").find((o) => (o.getAttribute("PartName") ?? "").toLowerCase() === `/${part}`.toLowerCase()) ?? null;
  const addOverride = (part: string, type: string) => {
    if (overrideOf(part)) return;
    const o = elementLike(ct, "Override");
    o.setAttribute("PartName", `/${part}`);
    o.setAttribute("ContentType", type);
    ct.appendChild(o);
  };
  const addRel = (id: string, type: string, target: string) => {
    const el = wbRelsDoc.createElementNS(NS.rels, wbRelsDoc.documentElement!.prefix ? `${wbRelsDoc.documentElement!.prefix}:Relationship` : "Relationship");
    el.setAttribute("Id", id);
    el.setAttribute("Type", type);
    el.setAttribute("Target", target);
    wbRelsDoc.documentElement!.appendChild(el);
  };

  const before = await sheetsNow();
  const names = nameEls()
    .filter((el) => !el.hasAttribute("localSheetId"))
    .map((el) => ({ name: el.getAttribute("name") ?? "", formula: el.textContent ?? "" }));
  const marks = parseMarks(
    names,
    before.map((s) => s.name),
  );
  const plan = planReviewSheets(
    marks,
    before.map((s) => s.name),
    model.retailer,
    model.period,
    opts.keepReviews ?? DEFAULT_KEEP_REVIEWS,
  );

  // 1. Remove the replaced review and earlier reviews past the limit: their sheets, parts, names.
  const removeSet = new Set(plan.remove);
  const removedIndex = new Set(before.flatMap((s, i) => (removeSet.has(s.name) ? [i] : [])));
  const removedSheetIds = new Set(before.filter((s) => removeSet.has(s.name)).map((s) => s.sheetId));
  const keptParts = new Set<string>();
  for (const s of before) if (!removeSet.has(s.name) && s.part) for (const p of await pkg.partTree(s.part)) keptParts.add(p);
  const rels0 = await wbRels();
  for (const s of before.filter((x) => removeSet.has(x.name))) {
    for (const p of s.part ? await pkg.partTree(s.part) : []) {
      if (keptParts.has(p)) continue;
      pkg.remove(p);
      pkg.remove(relsPathOf(p));
      const o = overrideOf(p);
      if (o) ct.removeChild(o);
    }
    sheetsEl.removeChild(s.el);
    const rel = rels0.find((r) => r.id === s.rid);
    if (rel) rel.el.parentNode!.removeChild(rel.el);
  }
  // A calculation chain naming a removed sheet makes Excel repair the file: its entries for them go.
  const calcRel = rels0.find((r) => r.type.endsWith("/calcChain"));
  if (calcRel && removedSheetIds.size) {
    const calcPart = resolve(wbPart, calcRel.target);
    const calc = await pkg.edit(calcPart);
    if (calc) {
      let sheet = 0;
      for (const c of childElements(calc.documentElement!, "c")) {
        // `i` is carried over from the previous entry when absent (18.6.1).
        if (c.hasAttribute("i")) sheet = intAttr(c, "i");
        if (removedSheetIds.has(sheet)) calc.documentElement!.removeChild(c);
      }
      if (childElements(calc.documentElement!, "c").length === 0) {
        pkg.remove(calcPart);
        const o = overrideOf(calcPart);
        if (o) ct.removeChild(o);
        calcRel.el.parentNode!.removeChild(calcRel.el);
      } else {
        // The first remaining entry must say its sheet, since the one it inherited from may be gone.
        let carried = 0;
        for (const c of childElements(calc.documentElement!, "c")) {
          if (c.hasAttribute("i")) carried = intAttr(c, "i");
          else c.setAttribute("i", String(carried));
          break;
        }
      }
    }
  }
  // Sheet-scoped names follow their sheet's new index; names of removed sheets go.
  const newIndex = new Map<number, number>();
  before.forEach((_, i) => {
    if (!removedIndex.has(i)) newIndex.set(i, newIndex.size);
  });
  const removeNames = new Set([
    ...plan.removeNames,
    ...staleMarkNames(
      names,
      before.map((s) => s.name),
    ),
  ]);
  for (const el of nameEls()) {
    const local = el.getAttribute("localSheetId");
    const to = local === null ? null : newIndex.get(Number(local));
    if ((local === null && removeNames.has(el.getAttribute("name") ?? "")) || (local !== null && to === undefined)) {
      el.parentNode!.removeChild(el);
      continue;
    }
    if (local !== null) el.setAttribute("localSheetId", String(to));
  }

  // Names a new table may not take: Excel's tables and defined names share one namespace, case-insensitively.
  const taken = new Set<string>(nameEls().map((el) => (el.getAttribute("name") ?? "").toLowerCase()));
  const tableParts = Object.keys(pkg.zip.files).filter((x) => /\/tables\/[^/]+\.xml$/.test(x));
  let tableId = 0;
  for (const p of tableParts) {
    const t = await pkg.root(p);
    if (!t) continue;
    tableId = Math.max(tableId, intAttr(t, "id"));
    taken.add((t.getAttribute("name") ?? "").toLowerCase());
    taken.add((t.getAttribute("displayName") ?? "").toLowerCase());
  }
  const freeName = (wanted: string): string => {
    let name = wanted;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
    taken.add(name.toLowerCase());
    return name;
  };

  // 2. Earlier reviews keep their sheets under names with their period; tables, charts and names follow.
  for (const r of plan.rename) {
    const s = before.find((x) => x.name === r.from)!;
    s.el.setAttribute("name", r.to);
    for (const el of nameEls()) el.textContent = renameInFormula(el.textContent ?? "", r.from, r.to);
    const period = marks.find((m) => m.sheet === r.from)!.period.replace(/[^A-Za-z0-9]/g, "_");
    for (const p of s.part ? await pkg.partTree(s.part) : []) {
      if (/\/tables\/[^/]+\.xml$/.test(p)) {
        const t = (await pkg.edit(p))?.documentElement;
        if (!t) continue;
        const old = t.getAttribute("name") ?? "KA_table";
        taken.delete(old.toLowerCase());
        taken.delete((t.getAttribute("displayName") ?? "").toLowerCase());
        const name = freeName(`${old}_${period}`);
        t.setAttribute("name", name);
        t.setAttribute("displayName", name);
      } else if (/\/charts\/[^/]+\.xml$/.test(p)) {
        const chart = await pkg.edit(p);
        if (!chart) continue;
        for (const f of descendants(chart, NS.chart, "f")) f.textContent = renameInFormula(f.textContent ?? "", r.from, r.to);
      }
    }
  }

  // 3. The review, rendered by the file renderer with names that avoid every sheet left in the workbook.
  const remaining = (await sheetsNow()).map((s) => s.name);
  const rendered = await reviewFileBytes(model, opts.created, plan.earlier, remaining);
  const review = await Package.open(rendered.bytes);
  const rWbPart = resolve("", (await review.rels("")).find((r) => r.type.endsWith("/officeDocument"))!.target);
  const rWb = (await review.root(rWbPart))!;
  const rWbRels = await review.rels(rWbPart);
  const rStylesRel = rWbRels.find((r) => r.type.endsWith("/styles"))!;
  const rStringsRel = rWbRels.find((r) => r.type.endsWith("/sharedStrings"));
  const rStrings = rStringsRel ? await review.root(resolve(rWbPart, rStringsRel.target)) : null;
  const strings = rStrings ? childElements(rStrings, "si") : [];
  const rStyles = (await review.doc(resolve(rWbPart, rStylesRel.target)))!;

  const stylesRel = (await wbRels()).find((r) => r.type.endsWith("/styles"));
  let stylesPart = stylesRel ? resolve(wbPart, stylesRel.target) : null;
  let stylesDoc = stylesPart ? await pkg.edit(stylesPart) : null;
  if (!stylesDoc) {
    stylesPart = "xl/styles.xml";
    stylesDoc = stylesFromReview(rStyles);
    pkg.put(stylesPart, stylesDoc);
    if (!stylesRel) addRel("rIdKaStyles", REL_STYLES, relative(wbPart, stylesPart));
    addOverride(stylesPart, CT_STYLES);
  }
  const merged = mergeStyles(stylesDoc, rStyles);

  // Fresh part names and ids: the next free number of each kind of part (part names compare case-insensitively).
  const used = new Set(Object.keys(pkg.zip.files).map((p) => p.toLowerCase()));
  const fresh = (dir: string, stem: string): string => {
    for (let n = 1; ; n++) {
      const p = `${dir}/${stem}${n}.xml`;
      if (!used.has(p.toLowerCase())) {
        used.add(p.toLowerCase());
        return p;
      }
    }
  };
  const relIds = new Set((await wbRels()).map((r) => r.id));
  let rid = 0;
  const freshRid = () => {
    do rid++;
    while (relIds.has(`rIdKa${rid}`));
    relIds.add(`rIdKa${rid}`);
    return `rIdKa${rid}`;
  };
  const rCt = (await review.root("[Content_Types].xml"))!;
  const rTypes = new Map<string, string>();
  for (const o of childElements(rCt, "Override")) rTypes.set((o.getAttribute("PartName") ?? "").replace(/^\//, ""), o.getAttribute("ContentType") ?? "");
  // Default content types by extension the review relies on and the workbook lacks (images, say).
  const defaults = new Set(childElements(ct, "Default").map((d) => (d.getAttribute("Extension") ?? "").toLowerCase()));
  for (const d of childElements(rCt, "Default")) {
    if (defaults.has((d.getAttribute("Extension") ?? "").toLowerCase())) continue;
    const el = elementLike(ct, "Default");
    el.setAttribute("Extension", d.getAttribute("Extension") ?? "");
    el.setAttribute("ContentType", d.getAttribute("ContentType") ?? "");
    // Defaults come before Overrides in the schema's choice list (any order is allowed; Office writes them first).
    const firstOverride = firstChildElement(ct, "Override");
    if (firstOverride) ct.insertBefore(el, firstOverride);
    else ct.appendChild(el);
  }

  /** Move one part of the review (and what it points to) into the workbook; returns its new name. */
  const moved = new Map<string, string>();
  const move = async (part: string): Promise<string> => {
    if (moved.has(part)) return moved.get(part)!;
    const dir = part.slice(0, part.lastIndexOf("/"));
    const stem = part.slice(part.lastIndexOf("/") + 1).replace(/\d*\.xml$/, "");
    const to = fresh(dir, stem);
    moved.set(part, to);
    if (/\.xml$/.test(part)) {
      const doc = (await review.doc(part))!;
      if (/\/worksheets\//.test(part)) adoptSheet(doc, strings, merged.xf, merged.dxf);
      if (/\/tables\//.test(part)) {
        const t = doc.documentElement!;
        const name = freeName(t.getAttribute("name") ?? "KA_table");
        t.setAttribute("id", String(++tableId));
        t.setAttribute("name", name);
        t.setAttribute("displayName", name);
      }
      pkg.put(to, doc);
    } else {
      pkg.zip.file(to, await review.zip.file(part)!.async("uint8array"));
    }
    const rels = await review.rels(part);
    if (rels.length) {
      const relsDoc = newDocument(NS.rels, "Relationships");
      for (const r of rels) {
        const el = relsDoc.importNode(r.el, false) as Element;
        if (!r.external) el.setAttribute("Target", relative(to, await move(resolve(part, r.target))));
        relsDoc.documentElement!.appendChild(el);
      }
      pkg.put(relsPathOf(to), relsDoc);
    }
    const type = rTypes.get(part);
    if (type) addOverride(to, type);
    return to;
  };

  const rSheets = childElements(firstChildElement(rWb, "sheets")!, "sheet").map((el) => ({
    name: el.getAttribute("name") ?? "",
    part: resolve(rWbPart, rWbRels.find((r) => r.id === el.getAttributeNS(NS.r, "id"))!.target),
  }));
  const firstNew = childElements(sheetsEl, "sheet").length;
  let sheetId = Math.max(0, ...childElements(sheetsEl, "sheet").map((el) => intAttr(el, "sheetId")));
  for (const s of rSheets) {
    const part = await move(s.part);
    const id = freshRid();
    addRel(id, REL_WORKSHEET, relative(wbPart, part));
    const el = elementLike(sheetsEl, "sheet");
    el.setAttribute("name", s.name);
    el.setAttribute("sheetId", String(++sheetId));
    // Namespace-qualified: the serializer declares r: here if the workbook declared it elsewhere (openpyxl: on each sheet).
    el.setAttributeNS(NS.r, "r:id", id);
    sheetsEl.appendChild(el);
    addOverride(part, CT_SHEET);
  }
  // The review's names: the marks, and print titles under the sheets' new indices.
  const rNameList = firstChildElement(rWb, "definedNames");
  addDefinedNames(
    wbDoc,
    (rNameList ? childElements(rNameList, "definedName") : []).map((el) => ({
      name: el.getAttribute("name") ?? "",
      formula: el.textContent ?? "",
      localSheetId: el.hasAttribute("localSheetId") ? firstNew + intAttr(el, "localSheetId") : undefined,
      attrs: el,
    })),
  );
  // The active and first visible tab may have pointed at a removed sheet.
  const last = childElements(sheetsEl, "sheet").length - 1;
  const views = firstChildElement(wb, "bookViews");
  for (const v of views ? childElements(views, "workbookView") : [])
    for (const a of ["activeTab", "firstSheet"]) if (v.hasAttribute(a)) v.setAttribute(a, String(Math.min(intAttr(v, a), last)));

  pkg.flush();
  const bytes = await pkg.zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return { bytes, written: rSheets.map((s) => s.name), renamed: plan.rename, removed: plan.remove, earlier: plan.earlier };
}
