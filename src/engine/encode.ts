/**
 * The first pass over a sheet's data rows: each mapped column is encoded as it arrives, block by
 * block, into typed arrays (text into a per-column dictionary, numbers and dates into a Float64Array),
 * so the grid itself never has to be held. Nothing is interpreted here: how a text reads (a number,
 * a date, a fiscal label, a SKU of Products) depends on Settings and Products, which may come later
 * in the workbook; it is resolved afterwards once per distinct value, not once per cell.
 */
import { foldWidth, normalizeKey } from "./coerce";
import { RawCell } from "./grid";
import { grow } from "./table";

/** Cell codes below zero; zero and up index the column's dictionary. */
export const CELL_NUMBER = -1;
export const CELL_BLANK = -2;
export const CELL_DATE = -3;
export const CELL_BOOL = -4;
export const CELL_OTHER = -5;

/** Per dictionary string: whitespace only (a blank cell), or a total label ("Subtotal", "合计"). */
const FLAG_BLANK = 1;
const FLAG_TOTAL = 2;

const TOTAL_EXACT = new Set(["total", "subtotal", "grandtotal", "sum", "totals", "合计", "小计", "总计", "总和", "总合计", "汇总"]);
const TOTAL_CJK = /合计|小计|总计|汇总/;
const TOTAL_EN = /^(grand\s*|sub-?\s*)?totals?(\s*:|\s+[^\s]|$)/i;
/** Cheap first look: only a cell with one of these can be a total label. */
const TOTAL_HINT = /合计|小计|总计|汇总|总和|total|sum|ｔｏｔａｌ|ｓｕｍ/i;

/** A total label: "Total", "合计"; in a name column ("Total Care" the product) only the exact words. */
export function isTotalLabel(cell: string, nameColumn: boolean): boolean {
  if (!TOTAL_HINT.test(cell)) return false;
  return TOTAL_EXACT.has(normalizeKey(cell)) || TOTAL_CJK.test(cell) || (!nameColumn && TOTAL_EN.test(foldWidth(cell).trim()));
}

export class RawColumn {
  codes: Int32Array;
  /** Numbers, dates (ms since 1970) and booleans (0/1); allocated when the first one arrives. */
  values: Float64Array | null = null;
  readonly dict: string[] = [];
  readonly flags: number[] = [];
  private readonly index = new Map<string, number>();
  /** Error values and anything else rare, by row. */
  readonly others = new Map<number, RawCell>();
  /** Some string of this column is a total label: rows must be checked. */
  hasTotal = false;

  constructor(
    capacity: number,
    /** Grid column index (0-based). */
    readonly gridIndex: number,
    readonly nameColumn: boolean,
  ) {
    this.codes = new Int32Array(capacity);
  }

  /** The last string looked up, and its code. */
  lastString: string | null = null;
  lastCode = -1;

  stringCode(s: string): number {
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(s);
      this.index.set(s, code);
      const total = isTotalLabel(s, this.nameColumn);
      if (total) this.hasTotal = true;
      this.flags.push((s.trim() === "" ? FLAG_BLANK : 0) | (total ? FLAG_TOTAL : 0));
    }
    this.lastString = s;
    this.lastCode = code;
    return code;
  }

  isTotalCode(code: number): boolean {
    return code >= 0 && (this.flags[code] & FLAG_TOTAL) !== 0;
  }

  resize(capacity: number): void {
    this.codes = grow(this.codes, capacity, 0, Int32Array);
    if (this.values) this.values = grow(this.values, capacity, 0, Float64Array);
  }

  /** The cell as it was read. */
  raw(i: number): RawCell {
    const code = this.codes[i];
    if (code >= 0) return this.dict[code];
    switch (code) {
      case CELL_NUMBER:
        return this.values![i];
      case CELL_DATE:
        return new Date(this.values![i]);
      case CELL_BOOL:
        return this.values![i] === 1;
      case CELL_OTHER:
        return this.others.get(i) ?? null;
      default:
        return null;
    }
  }
}

/** Store one cell; returns whether it holds anything. Small and monomorphic: it runs once per cell. */
function encodeCell(col: RawColumn, i: number, cell: RawCell): boolean {
  if (typeof cell === "string") {
    // Exports come sorted (by store, SKU, date): a cell often repeats the one above, and comparing
    // with it is much cheaper than hashing a fresh string for the dictionary.
    const code = cell === col.lastString ? col.lastCode : col.stringCode(cell);
    col.codes[i] = code;
    return (col.flags[code] & FLAG_BLANK) === 0;
  }
  if (typeof cell === "number") {
    col.codes[i] = CELL_NUMBER;
    (col.values ??= new Float64Array(col.codes.length))[i] = cell;
    return true;
  }
  if (cell === null || cell === undefined) {
    col.codes[i] = CELL_BLANK;
    return false;
  }
  if (cell instanceof Date && !Number.isNaN(cell.getTime())) {
    col.codes[i] = CELL_DATE;
    (col.values ??= new Float64Array(col.codes.length))[i] = cell.getTime();
    return true;
  }
  if (typeof cell === "boolean") {
    col.codes[i] = CELL_BOOL;
    (col.values ??= new Float64Array(col.codes.length))[i] = cell ? 1 : 0;
    return true;
  }
  col.codes[i] = CELL_OTHER;
  col.others.set(i, cell);
  return true;
}

const UNMAPPED_CACHE_LIMIT = 10_000;

/**
 * The data rows of one sheet (below its header), encoded. Fully blank rows are counted, not kept.
 * Columns no field uses are not stored: they are only looked at for total labels (a "合计" in any
 * column makes a subtotal row) and, when they have no header, for whether they hold data at all.
 */
export class SheetEncoder {
  readonly columns: RawColumn[];
  /** Excel row number of each kept row. */
  rowNumber: Int32Array;
  n = 0;
  blankRows = 0;
  /** Widest data row seen (cells). */
  width = 0;
  /** Columns without a header (0-based) that hold data. */
  readonly unnamedWithData = new Set<number>();
  /** Rows whose total label sits in an unused column: row -> first such column and its text. */
  readonly unmappedTotals = new Map<number, { column: number; text: string }>();
  private readonly unmapped: number[];
  private readonly unnamed: Set<number>;
  private readonly headerWidth: number;
  private readonly totalCache = new Map<string, boolean>();
  private capacity: number;

  constructor(mapped: Array<{ index: number; nameColumn: boolean }>, headers: string[], expectedRows = 1024) {
    this.capacity = Math.max(16, expectedRows);
    this.columns = mapped.map((m) => new RawColumn(this.capacity, m.index, m.nameColumn));
    this.rowNumber = new Int32Array(this.capacity);
    const used = new Set(mapped.map((m) => m.index));
    this.headerWidth = headers.length;
    this.unmapped = headers.map((_, i) => i).filter((i) => !used.has(i));
    this.unnamed = new Set(this.unmapped.filter((i) => !headers[i]));
  }

  private reserve(more: number): void {
    const need = this.n + more;
    if (need <= this.capacity) return;
    const cap = Math.max(need, this.capacity * 2);
    for (const c of this.columns) c.resize(cap);
    this.rowNumber = grow(this.rowNumber, cap, 0, Int32Array);
    this.capacity = cap;
  }

  /** Rows `rows[from..]`, the first being Excel row `firstRow + from`. */
  push(rows: RawCell[][], firstRow: number, from = 0): void {
    this.reserve(rows.length - from);
    const columns = this.columns;
    const m = columns.length;
    for (let r = from; r < rows.length; r++) {
      const row = rows[r];
      if (!row) {
        this.blankRows++;
        continue;
      }
      const i = this.n;
      let filled = false;
      for (let k = 0; k < m; k++) {
        const col = columns[k];
        if (encodeCell(col, i, row[col.gridIndex])) filled = true;
      }
      if (this.unmapped.length > 0 || row.length > this.headerWidth) {
        if (this.scanUnmapped(row, i)) filled = true;
      }
      if (row.length > this.width) this.width = row.length;
      if (!filled) {
        this.blankRows++;
        this.unmappedTotals.delete(i);
        continue;
      }
      this.rowNumber[i] = firstRow + r;
      this.n = i + 1;
    }
  }

  /** Unused columns: any data (for the blank-row test and unnamed columns) and total labels. */
  private scanUnmapped(row: RawCell[], i: number): boolean {
    let filled = false;
    const visit = (c: number) => {
      const cell = row[c];
      if (cell === null || cell === undefined) return;
      if (typeof cell === "string") {
        if (cell.trim() === "") return;
        let total = this.totalCache.get(cell);
        if (total === undefined) {
          total = isTotalLabel(cell, false);
          if (this.totalCache.size < UNMAPPED_CACHE_LIMIT) this.totalCache.set(cell, total);
        }
        if (total && !this.unmappedTotals.has(i)) this.unmappedTotals.set(i, { column: c, text: cell.trim() });
      }
      filled = true;
      if (c >= this.headerWidth || this.unnamed.has(c)) this.unnamedWithData.add(c);
    };
    for (const c of this.unmapped) visit(c);
    for (let c = this.headerWidth; c < row.length; c++) visit(c);
    return filled;
  }
}
