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

export class TextColumnBuilder {
  private readonly index = new Map<string, number>();
  readonly dict: string[] = [];
  readonly codes: number[] = [];

  push(value: string | null): void {
    if (value === null) {
      this.codes.push(-1);
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(value);
      this.index.set(value, code);
    }
    this.codes.push(code);
  }

  build(): TextColumn {
    return { type: "text", dict: this.dict, codes: Int32Array.from(this.codes) };
  }
}

export class TableBuilder {
  private readonly textBuilders = new Map<string, TextColumnBuilder>();
  private readonly numbers = new Map<string, number[]>();
  private readonly sheetIdx: number[] = [];
  private readonly rows: number[] = [];
  private readonly sheets: string[] = [];
  n = 0;

  constructor(
    readonly kind: InputKind,
    textFields: string[],
    numberFields: string[],
  ) {
    for (const f of textFields) this.textBuilders.set(f, new TextColumnBuilder());
    for (const f of numberFields) this.numbers.set(f, []);
  }

  sheetNumber(sheet: string): number {
    let i = this.sheets.indexOf(sheet);
    if (i < 0) {
      i = this.sheets.length;
      this.sheets.push(sheet);
    }
    return i;
  }

  /** Append one row; fields not given are empty. */
  add(sheet: number, rowNumber: number, text: Record<string, string | null>, num: Record<string, number>): void {
    for (const [f, b] of this.textBuilders) b.push(text[f] ?? null);
    for (const [f, arr] of this.numbers) {
      const v = num[f];
      arr.push(v === undefined ? NaN : v);
    }
    this.sheetIdx.push(sheet);
    this.rows.push(rowNumber);
    this.n++;
  }

  build(): Table {
    const text: Record<string, TextColumn> = {};
    const num: Record<string, NumberColumn> = {};
    const present = new Set<string>();
    for (const [f, b] of this.textBuilders) {
      text[f] = b.build();
      if (b.dict.length > 0) present.add(f);
    }
    for (const [f, arr] of this.numbers) {
      num[f] = { type: "number", values: Float64Array.from(arr) };
      if (arr.some((v) => !Number.isNaN(v))) present.add(f);
    }
    return {
      kind: this.kind,
      n: this.n,
      sheets: this.sheets,
      sheetIndex: Int32Array.from(this.sheetIdx),
      rowNumber: Int32Array.from(this.rows),
      text,
      num,
      present,
    };
  }
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
