/**
 * The review written into a copy of the user's own workbook (`ka-review review in.xlsx --into out.xlsx`),
 * as the add-in writes it into the open workbook: the user's sheets, their parts and their shared strings
 * are carried over byte for byte; only the package's directories change (workbook.xml, its relationships,
 * [Content_Types].xml) and styles.xml gains the review's styles at its end (existing style indices keep
 * their meaning). The review itself is rendered by the one file renderer (render.ts + charts.ts) into a
 * package of its own, whose parts are then moved in under fresh part names: cells' style indices
 * remapped, shared strings made inline (the user's string table is not touched), table ids made unique.
 * What happens to reviews already in the workbook is engine/core/marks.ts's plan, as in Excel: the same
 * review is replaced, earlier ones are kept renamed with their period (their charts, tables and names
 * follow), the oldest beyond the limit removed.
 */
import JSZip from "jszip";
import { DEFAULT_KEEP_REVIEWS, EarlierReview, ReviewModel, parseMarks, planReviewSheets, staleMarkNames } from "../../engine";
import { xmlDecode } from "./xlsxStream";
import { reviewFileBytes } from "./reviewFile";

const REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name.replace(/[:]/g, "\\:")}="([^"]*)"`).exec(tag);
  return m ? xmlDecode(m[1]) : null;
}

function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name}=")[^"]*(")`);
  return re.test(tag)
    ? tag.replace(re, (_m, a: string, b: string) => `${a}${esc(value)}${b}`)
    : tag.replace(/(\/?>)$/, (end) => ` ${name}="${esc(value)}"${end}`);
}

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

function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
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
  tag: string;
  id: string;
  type: string;
  target: string;
  external: boolean;
}

function parseRels(xml: string | null): Rel[] {
  if (!xml) return [];
  return [...xml.matchAll(/<Relationship\b[^>]*\/?>/g)].map((m) => ({
    tag: m[0],
    id: attr(m[0], "Id") ?? "",
    type: attr(m[0], "Type") ?? "",
    target: attr(m[0], "Target") ?? "",
    external: attr(m[0], "TargetMode") === "External",
  }));
}

function relsXml(rels: Array<{ id: string; type: string; target: string; external?: boolean }>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map((r) => `<Relationship Id="${esc(r.id)}" Type="${esc(r.type)}" Target="${esc(r.target)}"${r.external ? ' TargetMode="External"' : ""}/>`).join("") +
    "</Relationships>"
  );
}

async function text(zip: JSZip, part: string): Promise<string | null> {
  const f = zip.file(part);
  return f ? f.async("string") : null;
}

/** A sheet reference inside formulas: 'Old name'! or Old! (unquoted names are letters, digits, _ and .). */
function renameInFormulas(xml: string, from: string, to: string): string {
  const quotedFrom = `'${from.replace(/'/g, "''")}'!`;
  const quotedTo = `'${to.replace(/'/g, "''")}'!`;
  let out = xml.split(esc(quotedFrom)).join(esc(quotedTo)).split(quotedFrom).join(quotedTo);
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(from))
    out = out.replace(new RegExp(`(^|[^A-Za-z0-9_.'])${from.replace(/\./g, "\\.")}!`, "g"), (_m, pre: string) => `${pre}${esc(quotedTo)}`);
  return out;
}

/** Parts a part points to, transitively (a sheet's tables, drawing, the drawing's charts). */
async function partTree(zip: JSZip, part: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(part)) return seen;
  seen.add(part);
  for (const r of parseRels(await text(zip, relsPathOf(part)))) if (!r.external) await partTree(zip, resolve(part, r.target), seen);
  return seen;
}

/** The review's styles appended after the workbook's: index maps for cell formats and differential formats. */
function mergeStyles(target: string, review: string): { xml: string; xf: number[]; dxf: number[] } {
  const list = (xml: string, tag: string): { whole: string | null; items: string[] } => {
    const m = new RegExp(`<${tag}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${tag}>)`).exec(xml);
    if (!m) return { whole: null, items: [] };
    const child = { numFmts: "numFmt", fonts: "font", fills: "fill", borders: "border", cellXfs: "xf", dxfs: "dxf" }[tag]!;
    const items = [...(m[1] ?? "").matchAll(new RegExp(`<${child}\\b[^>]*?(?:/>|>[\\s\\S]*?</${child}>)`, "g"))].map((x) => x[0]);
    return { whole: m[0], items };
  };
  const t = Object.fromEntries(["numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"].map((k) => [k, list(target, k)]));
  const r = Object.fromEntries(["numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"].map((k) => [k, list(review, k)]));
  // Custom number formats get ids above the workbook's own; built-in ids (< 164) mean the same everywhere.
  let nextFmt = Math.max(163, ...t.numFmts.items.map((x) => Number(attr(x, "numFmtId")))) + 1;
  const fmtMap = new Map<number, number>();
  const newFmts = r.numFmts.items.map((x) => {
    const id = nextFmt++;
    fmtMap.set(Number(attr(x, "numFmtId")), id);
    return setAttr(x, "numFmtId", String(id));
  });
  const base = { font: t.fonts.items.length, fill: t.fills.items.length, border: t.borders.items.length };
  const newXfs = r.cellXfs.items.map((x) => {
    let y = x.replace(/^<xf\b[^>]*>/, (open) => {
      let o = open;
      const num = Number(attr(o, "numFmtId") ?? 0);
      o = setAttr(o, "numFmtId", String(fmtMap.get(num) ?? num));
      o = setAttr(o, "fontId", String(Number(attr(o, "fontId") ?? 0) + base.font));
      o = setAttr(o, "fillId", String(Number(attr(o, "fillId") ?? 0) + base.fill));
      o = setAttr(o, "borderId", String(Number(attr(o, "borderId") ?? 0) + base.border));
      return setAttr(o, "xfId", "0");
    });
    if (!y.includes("applyFont")) y = y.replace(/^<xf\b/, '<xf applyFont="1"');
    return y;
  });
  const replaceList = (xml: string, tag: string, items: string[], after: string[]): string => {
    const body = `<${tag} count="${items.length}">${items.join("")}</${tag}>`;
    const cur = list(xml, tag).whole;
    if (cur) return xml.replace(cur, () => body);
    // Absent: insert before the first later element of CT_Stylesheet's sequence, or before the end.
    for (const next of after) {
      const i = xml.search(new RegExp(`<${next}\\b`));
      if (i >= 0) return xml.slice(0, i) + body + xml.slice(i);
    }
    return xml.replace(/<\/styleSheet>\s*$/, () => `${body}</styleSheet>`);
  };
  const order = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"];
  const later = (tag: string) => order.slice(order.indexOf(tag) + 1);
  let xml = target;
  if (newFmts.length) xml = replaceList(xml, "numFmts", [...t.numFmts.items, ...newFmts], later("numFmts"));
  xml = replaceList(xml, "fonts", [...t.fonts.items, ...r.fonts.items], later("fonts"));
  xml = replaceList(xml, "fills", [...t.fills.items, ...r.fills.items], later("fills"));
  xml = replaceList(xml, "borders", [...t.borders.items, ...r.borders.items], later("borders"));
  xml = replaceList(xml, "cellXfs", [...t.cellXfs.items, ...newXfs], later("cellXfs"));
  if (r.dxfs.items.length) xml = replaceList(xml, "dxfs", [...t.dxfs.items, ...r.dxfs.items], later("dxfs"));
  return {
    xml,
    xf: r.cellXfs.items.map((_, i) => t.cellXfs.items.length + i),
    dxf: r.dxfs.items.map((_, i) => t.dxfs.items.length + i),
  };
}

/** Shared strings of the review package, as the inner XML of each <si>. */
function sharedItems(xml: string | null): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => m[1] ?? "<t></t>");
}

/** A review sheet's XML made to live in the user's package. */
function adoptSheet(xml: string, strings: string[], xf: number[], dxf: number[]): string {
  let out = xml.replace(/<c\b([^>]*?)(\/>|>([\s\S]*?)<\/c>)/g, (whole, attrs: string, _end: string, body?: string) => {
    let a = attrs.replace(/\ss="(\d+)"/, (_m, s: string) => ` s="${xf[Number(s)] ?? xf[0]}"`);
    if (!/\ss="/.test(a)) a += ` s="${xf[0]}"`;
    if (/\st="s"/.test(a) && body !== undefined) {
      const idx = Number(/<v>(\d+)<\/v>/.exec(body)?.[1]);
      a = a.replace(/\st="s"/, ' t="inlineStr"');
      return `<c${a}><is>${strings[idx] ?? "<t></t>"}</is></c>`;
    }
    return body === undefined ? `<c${a}/>` : `<c${a}>${body}</c>`;
  });
  out = out.replace(/(<cfRule\b[^>]*?\sdxfId=")(\d+)(")/g, (_m, p: string, d: string, q: string) => `${p}${dxf[Number(d)] ?? d}${q}`);
  // Row-level styles too.
  out = out.replace(/(<row\b[^>]*?\ss=")(\d+)(")/g, (_m, p: string, s: string, q: string) => `${p}${xf[Number(s)] ?? s}${q}`);
  out = out.replace(/(<col\b[^>]*?\sstyle=")(\d+)(")/g, (_m, p: string, s: string, q: string) => `${p}${xf[Number(s)] ?? s}${q}`);
  return out;
}

/**
 * workbook.xml with these <definedName> elements added: into its <definedNames>, or a new one where
 * CT_Workbook puts it — after <sheets>, <functionGroups> and <externalReferences> (a workbook with links
 * to other files has the last), before <calcPr> and the rest. An emptied <definedNames> is removed.
 */
export function withDefinedNames(wb: string, names: string[]): string {
  let out = wb;
  if (names.length) {
    if (/<definedNames\b[^>]*\/>/.test(out)) out = out.replace(/<definedNames\b[^>]*\/>/, () => `<definedNames>${names.join("")}</definedNames>`);
    else if (/<\/definedNames>/.test(out)) out = out.replace(/<\/definedNames>/, () => `${names.join("")}</definedNames>`);
    else {
      const after = ["</externalReferences>", "</functionGroups>", "</sheets>"].find((t) => out.includes(t));
      const selfClosed = /<functionGroups\b[^>]*\/>/.exec(out);
      const anchor = after ?? selfClosed?.[0] ?? "</sheets>";
      const at = after === "</sheets>" && selfClosed ? out.indexOf(selfClosed[0]) + selfClosed[0].length : out.indexOf(anchor) + anchor.length;
      out = `${out.slice(0, at)}<definedNames>${names.join("")}</definedNames>${out.slice(at)}`;
    }
  }
  return out.replace(/<definedNames>\s*<\/definedNames>/, "");
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
 * not modified.
 */
export async function writeReviewInto(input: Uint8Array, model: ReviewModel, opts: { keepReviews?: number; created?: Date } = {}): Promise<IntoResult> {
  const zip = await JSZip.loadAsync(input);
  const rootRels = parseRels(await text(zip, "_rels/.rels"));
  const wbPart = resolve("", rootRels.find((r) => r.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml");
  let wb = (await text(zip, wbPart))!;
  const wbRelsPath = relsPathOf(wbPart);
  let wbRels = parseRels(await text(zip, wbRelsPath));
  let contentTypes = (await text(zip, "[Content_Types].xml"))!;
  const stylesRel = wbRels.find((r) => r.type.endsWith("/styles"));

  type SheetEntry = { tag: string; name: string; rid: string; part: string | null };
  const sheetsOf = (xml: string): SheetEntry[] =>
    [...xml.matchAll(/<sheet\b[^>]*\/?>/g)].map((m) => {
      const rid = attr(m[0], "r:id") ?? "";
      const rel = wbRels.find((r) => r.id === rid);
      return { tag: m[0], name: attr(m[0], "name") ?? "", rid, part: rel ? resolve(wbPart, rel.target) : null };
    });
  const names = [...wb.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)]
    .filter((m) => !/\slocalSheetId=/.test(m[1]))
    .map((m) => ({ name: attr(m[0], "name") ?? "", formula: xmlDecode(m[2]) }));
  const before = sheetsOf(wb);
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
  const keptParts = new Set<string>();
  for (const s of before) if (!removeSet.has(s.name) && s.part) for (const p of await partTree(zip, s.part)) keptParts.add(p);
  for (const s of before.filter((x) => removeSet.has(x.name) && x.part)) {
    for (const p of await partTree(zip, s.part!)) {
      if (keptParts.has(p)) continue;
      zip.remove(p);
      zip.remove(relsPathOf(p));
      contentTypes = contentTypes.replace(new RegExp(`<Override\\b[^>]*PartName="/${p.replace(/[.[\]]/g, "\\$&")}"[^>]*/>`), "");
    }
    wb = wb.replace(s.tag, "");
    wbRels = wbRels.filter((r) => r.id !== s.rid);
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
  wb = wb.replace(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g, (whole, attrs: string) => {
    const name = attr(whole, "name") ?? "";
    if (removeNames.has(name)) return "";
    const local = attr(attrs, "localSheetId");
    if (local === null) return whole;
    const to = newIndex.get(Number(local));
    return to === undefined ? "" : setAttr(whole.slice(0, whole.indexOf(">") + 1), "localSheetId", String(to)) + whole.slice(whole.indexOf(">") + 1);
  });

  // 2. Earlier reviews keep their sheets under names with their period; tables, charts and names follow.
  for (const r of plan.rename) {
    const s = before.find((x) => x.name === r.from)!;
    wb = wb.replace(s.tag, () => setAttr(s.tag, "name", r.to));
    wb = wb.replace(/(<definedName\b[^>]*>)([^<]*)(<\/definedName>)/g, (_m, a: string, f: string, b: string) => a + renameInFormulas(f, r.from, r.to) + b);
    const period = marks.find((m) => m.sheet === r.from)!.period.replace(/[^A-Za-z0-9]/g, "_");
    for (const p of s.part ? await partTree(zip, s.part) : []) {
      let xml = await text(zip, p);
      if (xml === null) continue;
      if (/\/tables\/[^/]+\.xml$/.test(p)) {
        xml = xml.replace(/<table\b[^>]*>/, (t) =>
          setAttr(setAttr(t, "name", `${attr(t, "name")}_${period}`), "displayName", `${attr(t, "displayName")}_${period}`),
        );
      } else if (/\/charts\/[^/]+\.xml$/.test(p)) {
        xml = xml.replace(/(<c:f>)([^<]*)(<\/c:f>)/g, (_m, a: string, f: string, b: string) => a + renameInFormulas(f, r.from, r.to) + b);
      } else continue;
      zip.file(p, xml);
    }
  }

  // 3. The review, rendered by the file renderer with names that avoid every sheet left in the workbook.
  const remaining = sheetsOf(wb).map((s) => s.name);
  const rendered = await reviewFileBytes(model, opts.created, plan.earlier, remaining);
  const review = await JSZip.loadAsync(rendered.bytes);
  const rRootRels = parseRels(await text(review, "_rels/.rels"));
  const rWbPart = resolve("", rRootRels.find((r) => r.type.endsWith("/officeDocument"))!.target);
  const rWb = (await text(review, rWbPart))!;
  const rWbRels = parseRels(await text(review, relsPathOf(rWbPart)));
  const rStylesRel = rWbRels.find((r) => r.type.endsWith("/styles"))!;
  const rStringsRel = rWbRels.find((r) => r.type.endsWith("/sharedStrings"));
  const strings = sharedItems(rStringsRel ? await text(review, resolve(rWbPart, rStringsRel.target)) : null);

  let stylesXml = stylesRel ? await text(zip, resolve(wbPart, stylesRel.target)) : null;
  const rStyles = (await text(review, resolve(rWbPart, rStylesRel.target)))!;
  if (!stylesXml) {
    // A workbook with no styles part (rare, but valid): the review's becomes the workbook's.
    stylesXml = rStyles
      .replace(/<cellXfs\b[\s\S]*?<\/cellXfs>/, '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>')
      .replace(/<dxfs\b[\s\S]*?<\/dxfs>|<dxfs\b[^>]*\/>/, "");
    stylesXml = stylesXml.replace(/<numFmts\b[\s\S]*?<\/numFmts>/, "");
  }
  const merged = mergeStyles(stylesXml, rStyles);
  if (stylesRel) zip.file(resolve(wbPart, stylesRel.target), merged.xml);
  else {
    zip.file("xl/styles.xml", merged.xml);
    wbRels.push({ tag: "", id: "rIdKaStyles", type: rStylesRel.type, target: relative(wbPart, "xl/styles.xml"), external: false });
    contentTypes = contentTypes.replace(
      "</Types>",
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    );
  }

  // Fresh part names and ids: the next free number of each kind of part.
  const used = new Set(Object.keys(zip.files));
  const fresh = (dir: string, stem: string): string => {
    for (let n = 1; ; n++) {
      const p = `${dir}/${stem}${n}.xml`;
      if (!used.has(p)) {
        used.add(p);
        return p;
      }
    }
  };
  let tableId = 0;
  for (const p of Object.keys(zip.files).filter((x) => /\/tables\/[^/]+\.xml$/.test(x))) {
    const id = Number(attr(/<table\b[^>]*>/.exec((await text(zip, p)) ?? "")?.[0] ?? "", "id"));
    if (Number.isFinite(id)) tableId = Math.max(tableId, id);
  }
  const tableNames = new Set<string>();
  for (const p of Object.keys(zip.files).filter((x) => /\/tables\/[^/]+\.xml$/.test(x)))
    tableNames.add((attr(/<table\b[^>]*>/.exec((await text(zip, p)) ?? "")?.[0] ?? "", "name") ?? "").toLowerCase());
  let sheetId = Math.max(0, ...sheetsOf(wb).map((s) => Number(attr(s.tag, "sheetId") ?? 0)));
  let rid = 0;
  const freshRid = () => {
    do rid++;
    while (wbRels.some((r) => r.id === `rIdKa${rid}`));
    return `rIdKa${rid}`;
  };
  const rTypes = new Map<string, string>();
  for (const m of ((await text(review, "[Content_Types].xml")) ?? "").matchAll(/PartName="\/([^"]+)"\s+ContentType="([^"]+)"/g)) rTypes.set(m[1], m[2]);

  /** Move one part of the review (and what it points to) into the workbook; returns its new name. */
  const moved = new Map<string, string>();
  const move = async (part: string): Promise<string> => {
    if (moved.has(part)) return moved.get(part)!;
    const dir = part.slice(0, part.lastIndexOf("/"));
    const stem = part.slice(part.lastIndexOf("/") + 1).replace(/\d*\.xml$/, "");
    const to = fresh(dir, stem);
    moved.set(part, to);
    let xml = (await text(review, part))!;
    if (/\/worksheets\//.test(part)) xml = adoptSheet(xml, strings, merged.xf, merged.dxf);
    if (/\/tables\//.test(part)) {
      xml = xml.replace(/<table\b[^>]*>/, (t) => {
        let name = attr(t, "name") ?? "KA_table";
        for (let n = 2; tableNames.has(name.toLowerCase()); n++) name = `${attr(t, "name")}_${n}`;
        tableNames.add(name.toLowerCase());
        return setAttr(setAttr(setAttr(t, "id", String(++tableId)), "name", name), "displayName", name);
      });
    }
    const rels = parseRels(await text(review, relsPathOf(part)));
    const out: Array<{ id: string; type: string; target: string; external?: boolean }> = [];
    for (const r of rels) {
      if (r.external) out.push(r);
      else out.push({ id: r.id, type: r.type, target: relative(to, await move(resolve(part, r.target))) });
    }
    zip.file(to, xml);
    if (out.length) zip.file(relsPathOf(to), relsXml(out));
    const ct = rTypes.get(part);
    if (ct) contentTypes = contentTypes.replace("</Types>", () => `<Override PartName="/${to}" ContentType="${ct}"/></Types>`);
    return to;
  };

  const rSheets = [...rWb.matchAll(/<sheet\b[^>]*\/?>/g)].map((m) => ({
    name: attr(m[0], "name") ?? "",
    part: resolve(rWbPart, rWbRels.find((r) => r.id === attr(m[0], "r:id"))!.target),
  }));
  const firstNew = sheetsOf(wb).length;
  const newSheetTags: string[] = [];
  for (const s of rSheets) {
    const part = await move(s.part);
    const id = freshRid();
    wbRels.push({ tag: "", id, type: REL_WORKSHEET, target: relative(wbPart, part), external: false });
    newSheetTags.push(`<sheet name="${esc(s.name)}" sheetId="${++sheetId}" r:id="${id}"/>`);
    if (!rTypes.has(s.part)) contentTypes = contentTypes.replace("</Types>", () => `<Override PartName="/${part}" ContentType="${CT_SHEET}"/></Types>`);
  }
  wb = wb.replace(/<\/sheets>/, () => `${newSheetTags.join("")}</sheets>`);
  // The review's names: the marks, and print titles under the sheets' new indices.
  const rNames = [...rWb.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)].map((m) => {
    const local = attr(m[1], "localSheetId");
    return local === null ? m[0] : m[0].replace(/localSheetId="\d+"/, `localSheetId="${firstNew + Number(local)}"`);
  });
  wb = withDefinedNames(wb, rNames);
  // The active tab may have pointed at a removed sheet.
  wb = wb.replace(
    /(<workbookView\b[^>]*?\sactiveTab=")(\d+)(")/,
    (_m, a: string, n: string, b: string) => `${a}${Math.min(Number(n), sheetsOf(wb).length - 1)}${b}`,
  );
  wb = wb.replace(
    /(<workbookView\b[^>]*?\sfirstSheet=")(\d+)(")/,
    (_m, a: string, n: string, b: string) => `${a}${Math.min(Number(n), sheetsOf(wb).length - 1)}${b}`,
  );

  zip.file(wbPart, wb);
  zip.file(wbRelsPath, relsXml(wbRels));
  zip.file("[Content_Types].xml", contentTypes);
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return { bytes, written: rSheets.map((s) => s.name), renamed: plan.rename, removed: plan.remove, earlier: plan.earlier };
}
