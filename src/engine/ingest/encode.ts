/**
 * The first pass over a sheet's data rows: each mapped column is encoded as it arrives, block by
 * block, into typed arrays (text into a per-column dictionary, numbers and dates into a Float64Array),
 * so the grid itself never has to be held. Nothing is interpreted here: how a text reads (a number,
 * a date, a fiscal label, a SKU of Products) depends on Settings and Products, which may come later
 * in the workbook; it is resolved afterwards once per distinct value, not once per cell.
 */
import { foldWidth, normalizeKey } from "../core/coerce";
import { RawCell } from "../core/grid";
import { grow } from "../core/table";

/** Cell codes below zero; zero and up index the column's dictionary. */
export const CELL_NUMBER = -1;
export const CELL_BLANK = -2;
export const CELL_DATE = -3;
export const CELL_BOOL = -4;
export const CELL_OTHER = -5;

/**
 * Per dictionary string: whitespace only (a blank cell); a total label of any strength ("Subtotal",
 * "合计", "Total Biscuits"); a strong one, the whole cell a total word ("Total", "Grand total", "华东小计"),
 * the only kind that counts in a name column (where "Total Care" is a product, not a total).
 */
const FLAG_BLANK = 1;
const FLAG_TOTAL = 2;
const FLAG_TOTAL_IN_NAME = 4;

const TOTAL_EXACT = new Set(["total", "subtotal", "grandtotal", "sum", "totals", "合计", "小计", "总计", "总和", "总合计", "汇总"]);
/** A CJK group label closed by a total word: "华东小计", "饼干合计：". */
const TOTAL_CJK_END = /^[^\s]{0,16}?(合计|小计|总计|汇总)\s*[:：]?$/;
/** A total word opening the cell, with a qualifier: "Total Biscuits", "Subtotal East", "合计 华东". */
const TOTAL_EN = /^(grand\s*|sub-?\s*)?totals?(\s*:|\s+[^\s]|$)/i;
const TOTAL_CJK_START = /^(合计|小计|总计|汇总)/;
/** Cheap first look: only a cell with one of these can be a total label. */
const TOTAL_HINT = /合计|小计|总计|汇总|总和|total|sum|ｔｏｔａｌ|ｓｕｍ/i;

/**
 * How strongly a cell says "total": 2 when the whole cell is a total word ("Total", "Grand total",
 * "华东小计"); 1 when a total word opens it with a qualifier ("Total Biscuits", "Total Care",
 * "Total Mall 2"), which may be a subtotal or a real name; 0 otherwise (a note "本月合计促销").
 */
export function totalLabelStrength(cell: string): 0 | 1 | 2 {
  if (!TOTAL_HINT.test(cell)) return 0;
  const t = foldWidth(cell).trim();
  if (TOTAL_EXACT.has(normalizeKey(t)) || TOTAL_CJK_END.test(t)) return 2;
  return TOTAL_EN.test(t) || TOTAL_CJK_START.test(t) ? 1 : 0;
}

/** A total label: any strength in an ordinary column; in a name column only a strong one. */
export function isTotalLabel(cell: string, nameColumn: boolean): boolean {
  const s = totalLabelStrength(cell);
  return nameColumn ? s === 2 : s > 0;
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
  /** Some string of this column is a total label (as an ordinary column, as a name column): rows must be checked. */
  hasTotal = false;
  hasTotalInName = false;
  /** Some cell of this column holds anything. */
  hasData = false;

  constructor(
    capacity: number,
    /** Grid column index (0-based). */
    readonly gridIndex: number,
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
      const total = isTotalLabel(s, false);
      const totalInName = total && isTotalLabel(s, true);
      if (total) this.hasTotal = true;
      if (totalInName) this.hasTotalInName = true;
      this.flags.push((s.trim() === "" ? FLAG_BLANK : 0) | (total ? FLAG_TOTAL : 0) | (totalInName ? FLAG_TOTAL_IN_NAME : 0));
    }
    this.lastString = s;
    this.lastCode = code;
    return code;
  }

  isTotalCode(code: number, nameColumn: boolean): boolean {
    return code >= 0 && (this.flags[code] & (nameColumn ? FLAG_TOTAL_IN_NAME : FLAG_TOTAL)) !== 0;
  }

  /** 2: the cell is a total word; 1: it opens with one (in a name column: 0); 0: no total label. */
  totalStrength(code: number, nameColumn: boolean): 0 | 1 | 2 {
    if (code < 0) return 0;
    const f = this.flags[code];
    if (f & FLAG_TOTAL_IN_NAME) return 2;
    return !nameColumn && f & FLAG_TOTAL ? 1 : 0;
  }

  /** The cell at row i holds nothing (empty, or only spaces). */
  isBlankAt(i: number): boolean {
    const code = this.codes[i];
    return code === CELL_BLANK || (code >= 0 && (this.flags[code] & FLAG_BLANK) !== 0);
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
 * A sheet's data rows (below its header) as the resolver reads them: the mapped columns encoded, rows
 * start..n-1 (Excel row numbers in rowNumber), and what the unused columns say.
 */
export interface EncodedSheet {
  /** The mapped columns, in the order given. */
  readonly columns: RawColumn[];
  readonly rowNumber: Int32Array;
  readonly start: number;
  readonly n: number;
  /** Fully blank rows below the header. */
  readonly blankRows: number;
  /** Columns without a header (0-based) that hold data. */
  readonly unnamedWithData: Set<number>;
  /** Rows whose total label sits in an unused column: row -> first such column and its text. */
  readonly unmappedTotals: Map<number, { column: number; text: string }>;
}

/** Rows of a sheet that a reader hands over before detection needs them: enough for its kind and header. */
export const HEAD_ROWS = 64;

/** Kept rows in encoded columns, and the room to add more (both encoders grow the same way). */
abstract class EncodedRows {
  /** Sparse in a store (a column no value reached is absent). */
  abstract readonly columns: RawColumn[];
  /** Excel row number of each kept row. */
  rowNumber: Int32Array;
  n = 0;
  protected capacity: number;

  constructor(expectedRows: number) {
    this.capacity = Math.max(16, expectedRows);
    this.rowNumber = new Int32Array(this.capacity);
  }

  protected reserve(more: number): void {
    const need = this.n + more;
    if (need <= this.capacity) return;
    const cap = Math.max(need, this.capacity * 2);
    for (const c of this.columns) c?.resize(cap);
    this.rowNumber = grow(this.rowNumber, cap, 0, Int32Array);
    this.capacity = cap;
  }
}

/**
 * The data rows of one sheet (below its header), its mapped columns encoded as blocks arrive: the
 * command line's path, where the mapping is known from the sheet's first rows and never changes.
 * Fully blank rows are counted, not kept. Unused columns are not stored: they are only looked at
 * for total labels (a "合计" in any column makes a subtotal row) and, when they have no header, for
 * whether they hold data at all.
 */
export class SheetEncoder extends EncodedRows implements EncodedSheet {
  readonly columns: RawColumn[];
  readonly start = 0;
  blankRows = 0;
  readonly unnamedWithData = new Set<number>();
  readonly unmappedTotals = new Map<number, { column: number; text: string }>();
  private readonly unmapped: number[];
  private readonly unnamed: Set<number>;
  private readonly headerWidth: number;
  private readonly totalCache = new Map<string, boolean>();

  /** `mapped`: the grid columns (0-based) fields use; `headers`: the header row's texts. */
  constructor(mapped: number[], headers: string[], expectedRows = 1024) {
    super(expectedRows);
    this.columns = mapped.map((index) => new RawColumn(this.capacity, index));
    const used = new Set(mapped);
    this.headerWidth = headers.length;
    this.unmapped = headers.map((_, i) => i).filter((i) => !used.has(i));
    this.unnamed = new Set(this.unmapped.filter((i) => !headers[i]));
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
    const unmapped = this.unmapped;
    for (let k = 0; k < unmapped.length; k++) if (this.visitUnmapped(row, i, unmapped[k])) filled = true;
    for (let c = this.headerWidth; c < row.length; c++) if (this.visitUnmapped(row, i, c)) filled = true;
    return filled;
  }

  /** One unused cell: does it hold anything, and is it a total label? (A method, not a closure per row.) */
  private visitUnmapped(row: RawCell[], i: number, c: number): boolean {
    const cell = row[c];
    if (cell === null || cell === undefined) return false;
    if (typeof cell === "string") {
      if (cell === this.lastUnmapped) {
        // The same text as the last one looked at: the same answers.
        if (this.lastUnmappedBlank) return false;
      } else {
        this.lastUnmapped = cell;
        this.lastUnmappedBlank = cell.trim() === "";
        if (this.lastUnmappedBlank) return false;
        let total = this.totalCache.get(cell);
        if (total === undefined) {
          total = isTotalLabel(cell, false);
          if (this.totalCache.size < UNMAPPED_CACHE_LIMIT) this.totalCache.set(cell, total);
        }
        this.lastUnmappedTotal = total;
      }
      if (this.lastUnmappedTotal && !this.unmappedTotals.has(i)) this.unmappedTotals.set(i, { column: c, text: cell.trim() });
    }
    if (c >= this.headerWidth || this.unnamed.has(c)) this.unnamedWithData.add(c);
    return true;
  }

  private lastUnmapped: string | null = null;
  private lastUnmappedBlank = false;
  private lastUnmappedTotal = false;
}

function isBlankCode(col: RawColumn, code: number): boolean {
  return code === CELL_BLANK || (code >= 0 && (col.flags[code] & FLAG_BLANK) !== 0);
}

/**
 * Every column of a sheet, encoded as blocks arrive, before anyone knows which columns matter: the
 * task pane's path, where the user may change the mapping and the sheet is resolved again from here
 * (a million rows re-resolve in about half a second) instead of being read again. Its first rows are
 * kept as they came, for detection. Fully blank rows are counted, not kept.
 */
export class SheetStore extends EncodedRows {
  /** By grid column (0-based); a column no row reached is absent. */
  readonly columns: RawColumn[] = [];
  /** Rows given, blank ones included (the grid's length from its first row). */
  rowsGiven = 0;
  /** The first rows as given (blank ones as []), for detection. */
  readonly head: RawCell[][] = [];

  constructor(
    readonly name: string,
    readonly firstRow = 1,
    readonly firstColumn = 1,
    private readonly headRows = HEAD_ROWS,
    expectedRows = 1024,
  ) {
    super(expectedRows);
  }

  private column(c: number): RawColumn {
    let col = this.columns[c];
    if (!col) {
      col = this.columns[c] = new RawColumn(this.capacity, c);
      // Rows before this column appeared were blank in it.
      col.codes.fill(CELL_BLANK, 0, this.n);
    }
    return col;
  }

  /** The next rows of the sheet, in order. */
  push(rows: RawCell[][]): void {
    this.reserve(rows.length);
    for (const row of rows) {
      const rowNumber = this.firstRow + this.rowsGiven++;
      if (this.head.length < this.headRows) this.head.push(row ?? []);
      if (!row) continue;
      const i = this.n;
      let filled = false;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        // A column is made by its first value, not by empty cells (Excel's used range may run far right of the data).
        if (!this.columns[c] && (cell === null || cell === undefined || cell === "")) continue;
        if (encodeCell(this.column(c), i, cell)) filled = true;
      }
      // Columns this row does not reach are blank in it.
      for (let c = row.length; c < this.columns.length; c++) if (this.columns[c]) this.columns[c].codes[i] = CELL_BLANK;
      if (!filled) continue;
      this.rowNumber[i] = rowNumber;
      this.n = i + 1;
    }
  }

  /** The sheet's first rows (at least `rows` of them when the sheet has them), as a grid for detection. */
  headGrid(rows = this.headRows): { name: string; rows: RawCell[][]; firstRow: number; firstColumn: number } {
    if (rows > this.head.length && this.rowsGiven > this.head.length) {
      const whole = this.grid();
      return { ...whole, rows: whole.rows.slice(0, rows) };
    }
    return { name: this.name, rows: this.head, firstRow: this.firstRow, firstColumn: this.firstColumn };
  }

  /** The whole sheet back as a grid (Settings sheets: short key/value lists read as such). */
  grid(): { name: string; rows: RawCell[][]; firstRow: number; firstColumn: number } {
    const rows: RawCell[][] = Array.from({ length: this.rowsGiven }, () => []);
    for (let i = 0; i < this.n; i++) {
      const row = rows[this.rowNumber[i] - this.firstRow];
      this.columns.forEach((col, c) => {
        if (col) row[c] = col.raw(i);
      });
    }
    return { name: this.name, rows, firstRow: this.firstRow, firstColumn: this.firstColumn };
  }

  /** The rows below the header row (0-based index into the sheet), seen through a mapping. */
  view(mapped: number[], headers: string[], headerIndex: number): EncodedSheet {
    const headerRow = this.firstRow + headerIndex;
    let start = 0;
    while (start < this.n && this.rowNumber[start] <= headerRow) start++;
    const empty = (c: number) => {
      const col = new RawColumn(this.n, c);
      col.codes.fill(CELL_BLANK);
      return col;
    };
    const columns = mapped.map((index) => this.columns[index] ?? empty(index));
    const used = new Set(mapped);
    const unnamedWithData = new Set<number>();
    const unmappedTotals = new Map<number, { column: number; text: string }>();
    this.columns.forEach((col, c) => {
      if (!col || used.has(c)) return;
      const unnamed = c >= headers.length || !headers[c];
      if (unnamed) {
        for (let i = start; i < this.n; i++)
          if (!isBlankCode(col, col.codes[i])) {
            unnamedWithData.add(c);
            break;
          }
      }
      if (!col.hasTotal) return;
      // Columns are visited left to right, so the first total label of a row is kept.
      for (let i = start; i < this.n; i++) {
        const code = col.codes[i];
        if (col.isTotalCode(code, false) && !unmappedTotals.has(i)) unmappedTotals.set(i, { column: c, text: col.dict[code].trim() });
      }
    });
    const given = Math.max(0, this.rowsGiven - (headerIndex + 1));
    return { columns, rowNumber: this.rowNumber, start, n: this.n, blankRows: given - (this.n - start), unnamedWithData, unmappedTotals };
  }
}
