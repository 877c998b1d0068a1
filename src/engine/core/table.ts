/**
 * Typed input tables, stored by column: text as dictionary codes (one Map per column into an
 * Int32Array), numbers and day numbers in Float64Arrays (NaN = empty). A million sell-out rows
 * then cost a few typed arrays instead of a million objects, and aggregations are tight loops.
 */
import type { InputKind } from "./schema";

export interface TextColumn {
  type: "text";
  /** Distinct values in order of first appearance. */
  dict: string[];
  /** Index into dict per row; -1 = empty. */
  codes: Int32Array;
}

export interface NumberColumn {
  type: "number";
  /** NaN = empty. Dates are day numbers (days since 1970-01-01). */
  values: Float64Array;
}

export interface Table {
  kind: InputKind;
  n: number;
  /** Source sheets of the rows (several sheets of one kind are appended). */
  sheets: string[];
  sheetIndex: Int32Array;
  /** Excel row number of each row in its sheet. */
  rowNumber: Int32Array;
  text: Record<string, TextColumn>;
  num: Record<string, NumberColumn>;
  /** Fields with at least one value: a kind's columns all exist, but only these hold data. */
  present: Set<string>;
}

/**
 * Appends rows straight into typed arrays (capacity doubles as rows arrive): no per-row object is
 * ever made, so a million rows cost a few arrays. Text fields are dictionary-encoded as they go;
 * a caller that resolves a repeated value once may keep its code (`codeOf`) and reuse it per row.
 */
export class TableBuilder {
  readonly textFields: string[];
  readonly numFields: string[];
  private readonly dicts: string[][];
  private readonly indexes: Map<string, number>[];
  private textCodes: Int32Array[];
  private numValues: Float64Array[];
  private sheetIdx: Int32Array;
  private rows: Int32Array;
  private readonly sheets: string[] = [];
  private capacity = 0;
  n = 0;

  constructor(
    readonly kind: InputKind,
    textFields: string[],
    numberFields: string[],
  ) {
    this.textFields = textFields;
    this.numFields = numberFields;
    this.dicts = textFields.map(() => []);
    this.indexes = textFields.map(() => new Map());
    this.textCodes = textFields.map(() => new Int32Array(0));
    this.numValues = numberFields.map(() => new Float64Array(0));
    this.sheetIdx = new Int32Array(0);
    this.rows = new Int32Array(0);
  }

  sheetNumber(sheet: string): number {
    let i = this.sheets.indexOf(sheet);
    if (i < 0) {
      i = this.sheets.length;
      this.sheets.push(sheet);
    }
    return i;
  }

  textSlot(field: string): number {
    return this.textFields.indexOf(field);
  }

  numSlot(field: string): number {
    return this.numFields.indexOf(field);
  }

  /** The dictionary code of a text value in a text field (added on first use). */
  codeOf(slot: number, value: string): number {
    const index = this.indexes[slot];
    let code = index.get(value);
    if (code === undefined) {
      const dict = this.dicts[slot];
      code = dict.length;
      dict.push(value);
      index.set(value, code);
    }
    return code;
  }

  /** Make room for `more` rows; new rows start empty (code -1, NaN). */
  reserve(more: number): void {
    const need = this.n + more;
    if (need <= this.capacity) return;
    const cap = Math.max(need, this.capacity * 2, 1024);
    this.textCodes = this.textCodes.map((a) => grow(a, cap, -1, Int32Array));
    this.numValues = this.numValues.map((a) => grow(a, cap, NaN, Float64Array));
    this.sheetIdx = grow(this.sheetIdx, cap, 0, Int32Array);
    this.rows = grow(this.rows, cap, 0, Int32Array);
    this.capacity = cap;
  }

  /**
   * Keep only the rows from `start` on whose `keep` flag (indexed from `start`) is set, in order: a
   * sheet's rows that repeat another sheet's are taken back out after the sheet was resolved.
   */
  compactFrom(start: number, keep: Uint8Array): void {
    let w = start;
    for (let r = start; r < this.n; r++) {
      if (!keep[r - start]) continue;
      if (w !== r) {
        for (const a of this.textCodes) a[w] = a[r];
        for (const a of this.numValues) a[w] = a[r];
        this.sheetIdx[w] = this.sheetIdx[r];
        this.rows[w] = this.rows[r];
      }
      w++;
    }
    for (let r = w; r < this.n; r++) {
      for (const a of this.textCodes) a[r] = -1;
      for (const a of this.numValues) a[r] = NaN;
    }
    this.n = w;
  }

  rowNumberAt(i: number): number {
    return this.rows[i];
  }

  /** Row i as one string of its codes and numbers: equal strings are equal rows (same builder). */
  /** The text of a text field at a row (null when empty). */
  textAt(slot: number, i: number): string | null {
    const code = this.textCodes[slot][i];
    return code < 0 ? null : this.dicts[slot][code];
  }

  /** The index of a row's sheet (see sheetName). */
  sheetAt(i: number): number {
    return this.sheetIdx[i];
  }

  sheetName(index: number): string {
    return this.sheets[index];
  }

  /** The dictionary of a text field: its values by code. */
  dictOf(slot: number): readonly string[] {
    return this.dicts[slot];
  }

  fingerprint(i: number): string {
    let s = "";
    for (const a of this.textCodes) s += `${a[i]},`;
    for (const a of this.numValues) s += `${a[i]},`;
    return s;
  }

  /** Start a row (room reserved first): returns its index, all fields empty. */
  beginRow(sheet: number, rowNumber: number): number {
    if (this.n >= this.capacity) this.reserve(1);
    const i = this.n++;
    this.sheetIdx[i] = sheet;
    this.rows[i] = rowNumber;
    return i;
  }

  /** A text field's codes, to write rows into directly: valid until the next `reserve` (hot loops reserve first). */
  textArray(slot: number): Int32Array {
    return this.textCodes[slot];
  }

  numArray(slot: number): Float64Array {
    return this.numValues[slot];
  }

  setText(slot: number, i: number, code: number): void {
    this.textCodes[slot][i] = code;
  }

  setNum(slot: number, i: number, value: number): void {
    this.numValues[slot][i] = value;
  }

  /** Append one row from records (small tables and tests); fields not given are empty. */
  add(sheet: number, rowNumber: number, text: Record<string, string | null>, num: Record<string, number>): void {
    const i = this.beginRow(sheet, rowNumber);
    this.textFields.forEach((f, slot) => {
      const v = text[f];
      if (v !== undefined && v !== null) this.textCodes[slot][i] = this.codeOf(slot, v);
    });
    this.numFields.forEach((f, slot) => {
      const v = num[f];
      if (v !== undefined) this.numValues[slot][i] = v;
    });
  }

  build(): Table {
    const text: Record<string, TextColumn> = {};
    const num: Record<string, NumberColumn> = {};
    const present = new Set<string>();
    const n = this.n;
    // Exactly full (the usual case: room was reserved for a sheet's rows) is kept as is, not copied.
    const fit = <T extends Int32Array | Float64Array>(a: T): T => (a.length === n ? a : (a.slice(0, n) as T));
    this.textFields.forEach((f, slot) => {
      text[f] = { type: "text", dict: this.dicts[slot], codes: fit(this.textCodes[slot]) };
      if (this.dicts[slot].length > 0) present.add(f);
    });
    this.numFields.forEach((f, slot) => {
      const values = fit(this.numValues[slot]);
      num[f] = { type: "number", values };
      for (let i = 0; i < n; i++)
        if (values[i] === values[i]) {
          present.add(f);
          break;
        }
    });
    return {
      kind: this.kind,
      n,
      sheets: this.sheets,
      sheetIndex: fit(this.sheetIdx),
      rowNumber: fit(this.rows),
      text,
      num,
      present,
    };
  }
}

/** A typed array copied into a bigger one, the new tail set to `fill`. */
export function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, capacity: number, fill: number, Ctor: { new (n: number): T }): T {
  const b = new Ctor(capacity);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** A column that holds data, or undefined when no source sheet gave this field. */
export function numColumn(t: Table, field: string): NumberColumn | undefined {
  return t.present.has(field) ? t.num[field] : undefined;
}

export function textColumn(t: Table, field: string): TextColumn | undefined {
  return t.present.has(field) ? t.text[field] : undefined;
}

export function textAt(col: TextColumn | undefined, i: number): string | null {
  if (!col) return null;
  const c = col.codes[i];
  return c < 0 ? null : col.dict[c];
}

export function numAt(col: NumberColumn | undefined, i: number): number | null {
  if (!col) return null;
  const v = col.values[i];
  return Number.isNaN(v) ? null : v;
}

/** Small tables (Products, Stores, Terms...) are easier to use as objects. */
export function tableRows(t: Table): Array<{ sheet: string; row: number; text: Record<string, string | null>; num: Record<string, number | null> }> {
  const out = [];
  for (let i = 0; i < t.n; i++) {
    const text: Record<string, string | null> = {};
    const num: Record<string, number | null> = {};
    for (const [f, c] of Object.entries(t.text)) text[f] = textAt(c, i);
    for (const [f, c] of Object.entries(t.num)) num[f] = numAt(c, i);
    out.push({ sheet: t.sheets[t.sheetIndex[i]], row: t.rowNumber[i], text, num });
  }
  return out;
}
