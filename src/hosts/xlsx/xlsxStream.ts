/**
 * A streaming .xlsx reader over bytes in memory, for Node and the browser alike (fflate for the
 * zip, no file system, no DOM). Each worksheet's XML is inflated chunk by chunk and its rows handed
 * over in blocks, so a 1,048,575-row sheet never exists as a string, a DOM or a grid.
 * Why not ExcelJS here: its in-memory reader held 1.59 GB for 297k rows, and its streaming reader
 * needs Node's file system (it parks sheets in temp files when they precede the shared strings, as
 * they do in files ExcelJS itself writes) and only finds parts named sheetN.xml. ExcelJS still writes
 * every file we produce; tests read every corpus file with both and require the same grids.
 * Cell values follow what ExcelJS gives: shared and inline strings (rich text joined), numbers,
 * booleans, errors as { error }, formulas as their cached result, date-formatted numbers as Dates.
 */
import { Inflate, inflateSync } from "fflate";
import type { CellError, DefinedName, RawCell, SheetGrid, WorkbookGrids } from "../../engine";
import { ZipEntry, zipDirectory } from "./zipGuard";

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface XlsxSheet {
  name: string;
  /** The sheet part's size once inflated (its XML), from the zip directory. */
  xmlBytes: number;
  /** Hidden or very hidden in the workbook (read all the same). */
  hidden?: "hidden" | "veryHidden";
}

export interface SheetEnd {
  /** Excel row numbers of hidden rows. */
  hiddenRows: number[];
  merges: MergeRange[];
  /** Rows with any cell (Excel row numbers can skip). */
  rows: number;
}

export class XlsxFormatError extends Error {}

const decoder = new TextDecoder("utf-8");

function entryBytes(buf: Uint8Array, e: ZipEntry): Uint8Array {
  const data = buf.subarray(e.dataStart, e.dataStart + e.compressed);
  if (e.method === 0) return data;
  if (e.method === 8) return inflateSync(data, { out: new Uint8Array(e.uncompressed) });
  throw new XlsxFormatError(`${e.name}: compression method ${e.method}`);
}

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Does an element's name end at xml[i] (a space, ">" or "/")? "<row" is also the start of "<rowBreaks". */
function nameEndsAt(xml: string, i: number): boolean {
  const c = xml.charCodeAt(i);
  return c === 32 || c === 62 || c === 47 || c === 10 || c === 13 || c === 9;
}

/**
 * Element names as a part writes them: most writers use the default namespace (<row>), some a prefix
 * (<x:row>, the OpenXML SDK's habit). Reading only unprefixed names would read such a sheet as empty.
 */
class Tags {
  readonly row: string;
  readonly rowEnd: string;
  readonly c: string;
  readonly cEnd: string;
  readonly v: string;
  readonly vOpen: string;
  readonly vEnd: string;
  readonly vcEnd: string;
  readonly is: string;
  readonly t: string;
  readonly tEnd: string;
  readonly rPh: string;
  readonly rPhEnd: string;
  readonly si: string;
  readonly siEnd: string;
  readonly dataEnd: string;
  constructor(readonly prefix: string) {
    const p = prefix ? `${prefix}:` : "";
    this.row = `<${p}row`;
    this.rowEnd = `</${p}row>`;
    this.c = `<${p}c`;
    this.cEnd = `</${p}c>`;
    this.v = `<${p}v`;
    this.vOpen = `<${p}v>`;
    this.vEnd = `</${p}v>`;
    this.vcEnd = `</${p}v></${p}c>`;
    this.is = `<${p}is>`;
    this.t = `<${p}t`;
    this.tEnd = `</${p}t>`;
    this.rPh = `<${p}rPh`;
    this.rPhEnd = `</${p}rPh>`;
    this.si = `<${p}si`;
    this.siEnd = `</${p}si>`;
    this.dataEnd = `</${p}sheetData>`;
  }
}

const PLAIN = new Tags("");

/** The tags of a part whose root element is `root` (worksheet, sst), from the start of its XML. */
function tagsOf(xml: string, root: string): Tags {
  const m = new RegExp(`<(?:([A-Za-z_][\\w.-]*):)?${root}[\\s>/]`).exec(xml.slice(0, 4096));
  return m?.[1] ? new Tags(m[1]) : PLAIN;
}

/** XML text to its characters (&amp; &lt; &#20013; &#x4E2D;). */
export function xmlDecode(s: string): string {
  if (s.indexOf("&") < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITY[e] ?? m;
  });
}

/** The value of attribute `name` in a tag's text ("<c r=\"A1\" t=\"s\">"), or null. */
function attr(tag: string, name: string): string | null {
  const key = ` ${name}="`;
  let i = tag.indexOf(key);
  if (i < 0) {
    // Attributes may also be separated by a newline or tab (rare: hand-edited or pretty-printed XML).
    if (!/[\n\r\t]/.test(tag)) return null;
    const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
    return m ? m[1] : null;
  }
  i += key.length;
  return tag.slice(i, tag.indexOf('"', i));
}

/** A copy of a piece of a big XML chunk, so that keeping it does not keep the whole chunk alive. */
function own(s: string): string {
  return s.length < 13 ? s : (s + " ").slice(0, -1);
}

/**
 * The next occurrence of a rare tag at or after a position, in one forward pass over a document
 * (an unbounded indexOf per string item would rescan to the end each time: quadratic).
 */
class NextTag {
  private pos: number;
  constructor(
    private readonly xml: string,
    private readonly tag: string,
  ) {
    this.pos = xml.indexOf(tag);
  }
  at(from: number): number {
    while (this.pos >= 0 && this.pos < from) this.pos = this.xml.indexOf(this.tag, from);
    return this.pos;
  }
}

/** Plain text of a string item: its <t> runs joined, phonetic guides (<rPh>) left out. */
function textRuns(xml: string, from: number, to: number, phonetic: NextTag, tags: Tags): string {
  let out = "";
  let p = from;
  for (;;) {
    const t = xml.indexOf(tags.t, p);
    if (t < 0 || t >= to) break;
    const ph = phonetic.at(p);
    if (ph >= 0 && ph < t) {
      p = xml.indexOf(tags.rPhEnd, ph) + tags.rPhEnd.length;
      continue;
    }
    if (!nameEndsAt(xml, t + tags.t.length)) {
      p = t + tags.t.length; // <tab..., not <t>
      continue;
    }
    const gt = xml.indexOf(">", t);
    if (xml.charCodeAt(gt - 1) === 47) {
      p = gt + 1; // <t/>
      continue;
    }
    const end = xml.indexOf(tags.tEnd, gt);
    out += xmlDecode(xml.slice(gt + 1, end));
    p = end + tags.tEnd.length;
  }
  return out;
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  const tags = tagsOf(xml, "sst");
  const phonetic = new NextTag(xml, tags.rPh);
  let p = 0;
  for (;;) {
    const si = xml.indexOf(tags.si, p);
    if (si < 0) break;
    const gt = xml.indexOf(">", si);
    if (xml.charCodeAt(gt - 1) === 47) {
      out.push("");
      p = gt + 1;
      continue;
    }
    const end = xml.indexOf(tags.siEnd, gt);
    out.push(textRuns(xml, gt + 1, end, phonetic, tags));
    p = end + tags.siEnd.length;
  }
  return out;
}

/** Built-in number formats that show dates or times (ids from ECMA-376, incl. the CJK ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code shows a date when, outside quotes and [..], it has y m d h s (ExcelJS's rule). */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/** Per style index (the cell's s attribute): does it format numbers as dates? */
function dateStyles(xml: string): boolean[] {
  const formats = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\s[^>]*>/g)) {
    const id = /numFmtId="(\d+)"/.exec(m[0]);
    const code = /formatCode="([^"]*)"/.exec(m[0]);
    if (id && code) formats.set(Number(id[1]), xmlDecode(code[1]));
  }
  const xfs = /<(?:\w+:)?cellXfs[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml);
  if (!xfs) return [];
  return [...xfs[1].matchAll(/<(?:\w+:)?xf\s[^>]*>/g)].map((m) => {
    const id = Number(/numFmtId="(\d+)"/.exec(m[0])?.[1] ?? 0);
    const code = formats.get(id);
    return code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id);
  });
}

/** "AB12" -> 27 (0-based column 27), row from the digits. */
function refColumn(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const k = ref.charCodeAt(i);
    if (k < 65 || k > 90) break;
    c = c * 26 + (k - 64);
  }
  return c - 1;
}

function refRow(ref: string): number {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) >= 65) i++;
  return Number(ref.slice(i));
}

function parseMerges(xml: string): MergeRange[] {
  const out: MergeRange[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"/g)) {
    out.push({ top: refRow(m[1]), left: refColumn(m[1]), bottom: refRow(m[2]), right: refColumn(m[2]) });
  }
  return out;
}

interface SheetRef {
  name: string;
  entry: ZipEntry;
  hidden?: "hidden" | "veryHidden";
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = (base ? `${base}/${target}` : target).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

function relationships(text: string | null, base: string): Array<{ id: string; type: string; target: string }> {
  if (!text) return [];
  return [...text.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)].map((m) => ({
    id: /\sId="([^"]*)"/.exec(m[0])?.[1] ?? "",
    type: /\sType="([^"]*)"/.exec(m[0])?.[1] ?? "",
    target: resolveTarget(base, xmlDecode(/\sTarget="([^"]*)"/.exec(m[0])?.[1] ?? "")),
  }));
}

/** An opened workbook: its sheets in tab order, ready to be read one by one. */
export class XlsxWorkbook {
  readonly sheets: XlsxSheet[];
  readonly date1904: boolean;
  /** Workbook-level defined names (sheet-scoped ones, such as print titles, are left out). */
  readonly definedNames: DefinedName[];
  private readonly refs: SheetRef[];
  private readonly strings: string[];
  private readonly dates: boolean[];

  constructor(private readonly buf: Uint8Array) {
    const entries = zipDirectory(buf);
    if (typeof entries === "string") throw new XlsxFormatError("the zip directory is missing or damaged");
    const byName = new Map(entries.map((e) => [e.name, e]));
    const text = (name: string): string | null => {
      const e = byName.get(name);
      return e ? decoder.decode(entryBytes(buf, e)) : null;
    };
    const root = relationships(text("_rels/.rels"), "");
    const wbPath = root.find((r) => r.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml";
    const wbXml = text(wbPath);
    if (wbXml === null) throw new XlsxFormatError(`no workbook part (${wbPath})`);
    const dir = wbPath.includes("/") ? wbPath.slice(0, wbPath.lastIndexOf("/")) : "";
    const rels = relationships(text(`${dir ? `${dir}/` : ""}_rels/${wbPath.slice(dir.length ? dir.length + 1 : 0)}.rels`), dir);
    const relById = new Map(rels.map((r) => [r.id, r]));
    const pr = /<(?:\w+:)?workbookPr\s[^>]*>/.exec(wbXml)?.[0] ?? "";
    this.date1904 = /date1904="(1|true)"/.test(pr);
    this.definedNames = [];
    for (const m of wbXml.matchAll(/<((?:\w+:)?definedName)\s([^>]*)>([^<]*)<\/\1>/g)) {
      if (/\slocalSheetId=/.test(` ${m[2]}`)) continue;
      const name = /(?:^|\s)name="([^"]*)"/.exec(m[2])?.[1];
      if (name) this.definedNames.push({ name: xmlDecode(name), formula: xmlDecode(m[3]) });
    }
    this.refs = [];
    for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
      const name = xmlDecode(/\sname="([^"]*)"/.exec(m[0])?.[1] ?? "");
      const rid = /\sr:id="([^"]*)"/.exec(m[0])?.[1] ?? /\s\w+:id="([^"]*)"/.exec(m[0])?.[1];
      const rel = rid ? relById.get(rid) : undefined;
      // Chart sheets and dialog sheets have no cells: only worksheets are read.
      if (!rel || !rel.type.endsWith("/worksheet")) continue;
      const entry = byName.get(rel.target);
      if (!entry) throw new XlsxFormatError(`sheet "${name}": part ${rel.target} is missing`);
      const state = /\sstate="([^"]*)"/.exec(m[0])?.[1];
      this.refs.push({ name, entry, hidden: state === "hidden" || state === "veryHidden" ? state : undefined });
    }
    const ss = rels.find((r) => r.type.endsWith("/sharedStrings"));
    this.strings = ss ? sharedStrings(text(ss.target) ?? "") : [];
    const st = rels.find((r) => r.type.endsWith("/styles"));
    this.dates = st ? dateStyles(text(st.target) ?? "") : [];
    this.sheets = this.refs.map((r) => ({ name: r.name, xmlBytes: r.entry.uncompressed, ...(r.hidden ? { hidden: r.hidden } : {}) }));
  }

  /**
   * Read sheet i: rows go to `onRow` in order (Excel row number, cells from column A; a row with no
   * value is not reported). The XML is inflated in chunks and only complete rows are parsed.
   */
  readSheet(i: number, onRow: (rowNumber: number, cells: RawCell[]) => void | false): SheetEnd {
    const e = this.refs[i].entry;
    const state = new SheetParser(this.strings, this.dates, this.date1904, onRow);
    const data = this.buf.subarray(e.dataStart, e.dataStart + e.compressed);
    if (e.method === 0) {
      state.feed(decoder.decode(data), true);
    } else if (e.method === 8) {
      const streamDecoder = new TextDecoder("utf-8");
      const inflate = new Inflate((chunk, final) => state.feed(streamDecoder.decode(chunk, { stream: !final }), final));
      const step = 1 << 20;
      if (data.length === 0) inflate.push(new Uint8Array(0), true);
      for (let p = 0; p < data.length && !state.stopped; p += step) inflate.push(data.subarray(p, p + step), p + step >= data.length);
    } else throw new XlsxFormatError(`${e.name}: compression method ${e.method}`);
    return state.end();
  }

  /** A sheet's first rows only (up to Excel row `rows`), inflating no more of it than needed. */
  firstRows(i: number, rows: number): SheetGrid {
    const out: RawCell[][] = [];
    this.readSheet(i, (r, cells) => {
      if (r > rows) return false;
      out[r - 1] = cells;
    });
    for (let r = 0; r < out.length; r++) out[r] ??= [];
    return { name: this.sheets[i].name, rows: out, firstRow: 1, firstColumn: 1 };
  }
}

/** Parses a worksheet's XML as it arrives: complete <row> elements only, the rest kept for the next chunk. */
class SheetParser {
  /** The reader asked for no more rows. */
  stopped = false;
  private carry = "";
  /** Element names of this part (prefixed or not), known from its root element. */
  private tags: Tags | null = null;
  private tail = "";
  private inData = true;
  private rowCount = 0;
  private lastRow = 0;
  private readonly hidden: number[] = [];

  constructor(
    private readonly strings: string[],
    private readonly dates: boolean[],
    private readonly date1904: boolean,
    private readonly onRow: (rowNumber: number, cells: RawCell[]) => void | false,
  ) {}

  feed(text: string, final: boolean): void {
    if (this.stopped) return;
    if (!this.inData) {
      this.tail += text;
      return;
    }
    const xml = this.carry + text;
    const tags = (this.tags ??= tagsOf(xml, "worksheet"));
    // Rows end before </sheetData>: look for it only after the last complete row, not through the whole chunk.
    const lastRow = xml.lastIndexOf(tags.rowEnd);
    const dataEnd = xml.indexOf(tags.dataEnd, lastRow > 0 ? lastRow : 0);
    const limit = dataEnd >= 0 ? dataEnd : final ? xml.length : lastRow < 0 ? 0 : lastRow + tags.rowEnd.length;
    if (limit > 0) {
      this.rows(xml, limit);
      this.carry = xml.slice(limit);
    } else this.carry = xml;
    if (dataEnd >= 0) {
      this.inData = false;
      this.tail = this.carry;
      this.carry = "";
    }
  }

  end(): SheetEnd {
    if (this.stopped) return { hiddenRows: this.hidden, merges: [], rows: this.rowCount };
    if (this.inData) {
      // No </sheetData> (an empty <sheetData/>, or a truncated part): what is left is rows, then the rest.
      this.rows(this.carry, this.carry.length);
      this.tail = this.carry;
    }
    return { hiddenRows: this.hidden, merges: parseMerges(this.tail), rows: this.rowCount };
  }

  /** Every complete row in xml[0..limit). */
  private rows(xml: string, limit: number): void {
    const tags = (this.tags ??= tagsOf(xml, "worksheet"));
    let p = 0;
    for (;;) {
      const r = xml.indexOf(tags.row, p);
      if (r < 0 || r >= limit) return;
      if (!nameEndsAt(xml, r + tags.row.length)) {
        p = r + tags.row.length; // <rowBreaks> or the like
        continue;
      }
      const gt = xml.indexOf(">", r);
      const tag = xml.slice(r, gt);
      const rAttr = attr(tag, "r");
      const rowNumber = rAttr !== null ? Number(rAttr) : this.lastRow + 1;
      this.lastRow = rowNumber;
      if (xml.charCodeAt(gt - 1) === 47) {
        p = gt + 1;
        continue;
      }
      const end = xml.indexOf(tags.rowEnd, gt);
      if (end < 0) throw new XlsxFormatError("a row of the sheet is cut short (the file is truncated or damaged)");
      const cells = this.cells(xml, gt + 1, end, tags);
      if (cells.length > 0) {
        // As ExcelJS reports them: hidden rows that hold values.
        const h = attr(tag, "hidden");
        if (h === "1" || h === "true") this.hidden.push(rowNumber);
        this.rowCount++;
        if (this.onRow(rowNumber, cells) === false) {
          this.stopped = true;
          return;
        }
      }
      p = end + tags.rowEnd.length;
    }
  }

  /** The cells of one row, trailing empties trimmed. */
  private cells(xml: string, from: number, to: number, tags: Tags): RawCell[] {
    const out: RawCell[] = [];
    let p = from;
    let next = 0;
    let width = 0;
    for (;;) {
      const c = xml.indexOf(tags.c, p);
      if (c < 0 || c >= to) break;
      if (!nameEndsAt(xml, c + tags.c.length)) {
        p = c + tags.c.length;
        continue;
      }
      const end = this.scanCellTag(xml, c + tags.c.length);
      const col = this.cellColumn >= 0 ? this.cellColumn : next;
      next = col + 1;
      const selfClosing = xml.charCodeAt(end) === 47;
      const gt = selfClosing ? end + 1 : end;
      if (selfClosing) {
        p = gt + 1;
        continue;
      }
      let value: RawCell;
      // The common cell, <c ...><v>123</v></c>, read without searching.
      const vs = gt + 1 + tags.vOpen.length;
      const ve = xml.startsWith(tags.vOpen, gt + 1) ? xml.indexOf("<", vs) : -1;
      if (ve > 0 && ve < to && xml.startsWith(tags.vcEnd, ve) && (this.cellType === null || this.cellType === "s" || this.cellType === "n")) {
        p = ve + tags.vcEnd.length;
        value = this.cellType === "s" ? (this.strings[digits(xml, vs, ve)] ?? null) : this.number(xml, vs, ve);
      } else {
        const close = xml.indexOf(tags.cEnd, gt);
        if (close < 0 || close > to) throw new XlsxFormatError("a cell of the sheet is cut short (the file is truncated or damaged)");
        p = close + tags.cEnd.length;
        value = this.value(xml, gt, close, tags);
      }
      if (value === null) continue;
      while (out.length < col) out.push(null);
      out[col] = value;
      width = col + 1;
    }
    out.length = width;
    return out;
  }

  /** The last cell tag's attributes, read in place (no substring per cell: this runs 12 million times a sheet). */
  private cellColumn = -1;
  private cellStyle = -1;
  private cellType: string | null = null;
  /** Phonetic guides in the chunk being parsed (for inline strings). */
  private phonetic: NextTag | null = null;
  private phoneticIn = "";

  /** Scan a cell tag's attributes from `p` (after "<c"); returns the index of its ">" or "/>". */
  private scanCellTag(xml: string, p: number): number {
    this.cellColumn = -1;
    this.cellStyle = -1;
    this.cellType = null;
    for (;;) {
      let ch = xml.charCodeAt(p);
      while (ch === 32 || ch === 10 || ch === 13 || ch === 9) ch = xml.charCodeAt(++p);
      if (ch === 62 || ch === 47) return p;
      if (ch !== ch) throw new XlsxFormatError("a cell of the sheet is cut short (the file is truncated or damaged)");
      const name = p;
      while (ch !== 61 && ch === ch) ch = xml.charCodeAt(++p);
      const single = p - name === 1 ? xml.charCodeAt(name) : 0;
      const quote = xml.charCodeAt(p + 1);
      const start = p + 2;
      const stop = xml.indexOf(quote === 39 ? "'" : '"', start);
      if (stop < 0) throw new XlsxFormatError("a cell of the sheet is cut short (the file is truncated or damaged)");
      if (single === 114) {
        // r="AB12": the column from its letters.
        let col = 0;
        for (let i = start; i < stop; i++) {
          const l = xml.charCodeAt(i);
          if (l < 65 || l > 90) break;
          col = col * 26 + (l - 64);
        }
        this.cellColumn = col - 1;
      } else if (single === 115) this.cellStyle = digits(xml, start, stop);
      else if (single === 116) this.cellType = xml.slice(start, stop);
      p = stop + 1;
    }
  }

  private value(xml: string, gt: number, close: number, tags: Tags): RawCell {
    const t = this.cellType;
    if (t === "inlineStr") {
      const is = xml.indexOf(tags.is, gt);
      if (!this.phonetic || this.phoneticIn !== xml) {
        this.phonetic = new NextTag(xml, tags.rPh);
        this.phoneticIn = xml;
      }
      return is >= 0 && is < close ? own(textRuns(xml, is, close, this.phonetic, tags)) : null;
    }
    let v = xml.indexOf(tags.v, gt);
    if (v < 0 || v >= close) return null; // a formula without a cached result, or an empty cell
    v = xml.indexOf(">", v);
    if (xml.charCodeAt(v - 1) === 47) return null;
    const vEnd = xml.indexOf(tags.vEnd, v);
    if (vEnd < 0 || vEnd > close) throw new XlsxFormatError("a cell value is not closed (the file is damaged)");
    if (t === "s") {
      const s = this.strings[digits(xml, v + 1, vEnd)];
      return s === undefined ? null : s;
    }
    const raw = xml.slice(v + 1, vEnd);
    switch (t) {
      case "str":
        return own(xmlDecode(raw));
      case "b":
        return Number(raw) !== 0;
      case "e":
        return { error: xmlDecode(raw) } as CellError;
      case "d": {
        const d = new Date(raw.length <= 10 ? `${raw}T00:00:00Z` : raw.endsWith("Z") ? raw : `${raw}Z`);
        return Number.isNaN(d.getTime()) ? xmlDecode(raw) : d;
      }
      default:
        return this.number(xml, v + 1, vEnd);
    }
  }

  /** A number cell's value, or its Date when its style formats it as a date. */
  private number(xml: string, from: number, to: number): RawCell {
    const n = decimal(xml, from, to);
    if (Number.isNaN(n)) return null;
    // As ExcelJS converts a date-formatted serial (same arithmetic, so the same millisecond).
    if (this.cellStyle >= 0 && this.dates[this.cellStyle]) return new Date(Math.round((n - 25569 + (this.date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
    return n;
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The number written in xml[from..to), exactly as parseFloat reads it. Plain decimals of up to 15
 * digits are read in place (an exact integer divided by an exact power of ten is correctly rounded,
 * so the result is parseFloat's to the bit); anything else (exponents, long digits) goes to parseFloat.
 */
export function decimal(xml: string, from: number, to: number): number {
  let i = from;
  let negative = false;
  if (xml.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let count = 0;
  let scale = -1;
  let seen = false;
  for (; i < to; i++) {
    const ch = xml.charCodeAt(i);
    if (ch === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    const d = ch - 48;
    if (d < 0 || d > 9 || count >= 15) return parseFloat(xml.slice(from, to));
    seen = true;
    mantissa = mantissa * 10 + d;
    if (mantissa > 0) count++;
    if (scale >= 0) scale++;
  }
  if (!seen) return NaN;
  if (scale > 22) return parseFloat(xml.slice(from, to));
  const n = scale > 0 ? mantissa / POW10[scale] : mantissa;
  return negative ? -n : n;
}

/** A non-negative integer written in xml[from..to); -1 if there is none. */
function digits(xml: string, from: number, to: number): number {
  let n = 0;
  let any = false;
  for (let i = from; i < to; i++) {
    const d = xml.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return any ? n : -1;
    n = n * 10 + d;
    any = true;
  }
  return any ? n : -1;
}

/**
 * A whole sheet as a grid, merged ranges filled with their first cell's value as Excel shows them
 * (and as ExcelJS reads them): for sheets small enough to hold.
 */
export function readSheetGrid(wb: XlsxWorkbook, i: number): SheetGrid {
  const rows: RawCell[][] = [];
  const end = wb.readSheet(i, (r, cells) => {
    rows[r - 1] = cells;
  });
  for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
  for (const m of end.merges) {
    const v = rows[m.top - 1]?.[m.left];
    if (v === null || v === undefined) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      const row = (rows[r - 1] ??= []);
      for (let c = m.left; c <= m.right; c++) {
        while (row.length < c) row.push(null);
        if (r !== m.top || c !== m.left) row[c] = v;
      }
    }
  }
  return {
    name: wb.sheets[i].name,
    rows,
    firstRow: 1,
    firstColumn: 1,
    hiddenRows: end.hiddenRows,
    ...(wb.sheets[i].hidden ? { hidden: wb.sheets[i].hidden } : {}),
  };
}

export function xlsxToGrids(buf: Uint8Array): WorkbookGrids {
  const wb = new XlsxWorkbook(buf);
  return { sheets: wb.sheets.map((_, i) => readSheetGrid(wb, i)), date1904: wb.date1904, definedNames: wb.definedNames };
}
