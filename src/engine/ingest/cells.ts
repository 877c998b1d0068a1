/**
 * Reading one cell of a mapped column: each distinct value of a column is read once (an entry) and
 * reused for every cell like it, so the per-row loops in resolve.ts only look entries up.
 */
import {
  coerceDate,
  coerceFlag,
  coerceNumber,
  coerceRate,
  coerceText,
  CoercionFailure,
  CoercionNote,
  DecimalMark,
  decimalMarkOf,
  isBlank,
} from "../core/coerce";
import { DayNumber, formatDay, ymdFromDay } from "../core/dates";
import { columnLetter, RawCell } from "../core/grid";
import { IssueCode, IssueLog, Severity } from "../core/issues";
import { makePeriod, parsePeriodLabel, Span } from "../core/periods";
import { Calendar, weekStartOf } from "../core/calendar";
import { FieldSpec, InputKind, kindSpec } from "../core/schema";
import { TableBuilder } from "../core/table";
import { CELL_BLANK, CELL_BOOL, CELL_DATE, CELL_NUMBER, RawColumn } from "./encode";
import { codeFromFloatForm, ProductInfo, SKU_FIELDS } from "./products";
import { Settings, calendarOf } from "./settings";
import { SheetState } from "./types";

/** Kinds whose rows are placed in time by a date or a period label (a span of days). */
export const SPAN_KINDS: InputKind[] = ["sell-out", "sell-in"];

/** Columns whose text may innocently start with "Total" (a product called "Total Care"). */
export const NAME_FIELDS = new Set(["productName", "brand", "storeName", "action", "term"]);
/** Free text: a total word there ("本月合计促销") says nothing about the row. */
export const FREE_TEXT_FIELDS = new Set(["note", "condition", "description", "invoice"]);

export function newBuilder(kind: InputKind): TableBuilder {
  const spec = kindSpec(kind);
  const text: string[] = [];
  const num: string[] = [];
  for (const fs of spec.fields) {
    if (fs.type === "text" || fs.type === "code" || (fs.type === "period" && !SPAN_KINDS.includes(kind))) text.push(fs.field);
    else if (fs.type !== "period" && fs.type !== "week") num.push(fs.field);
  }
  if (SPAN_KINDS.includes(kind)) num.push("spanStart", "spanEnd");
  return new TableBuilder(kind, text, num);
}

export interface SheetContext {
  settings: Settings;
  products: Map<string, ProductInfo>;
  /** Products' digit-only codes by their value without leading zeros ("00123" under "123"). */
  skuByDigits: Map<string, string>;
  /** Stores' codes, and their digit-only codes by their value without leading zeros (as for SKUs). */
  stores: Set<string>;
  storeByDigits: Map<string, string>;
  log: IssueLog;
  date1904: boolean;
}

export interface Note {
  severity: Severity;
  code: IssueCode;
  extra: Record<string, string | number>;
}
export type CellResult = { ok: true; text?: string; num?: number; span?: Span } | { ok: false; failure: CoercionFailure };

export function readCell(
  fs: FieldSpec,
  cell: RawCell,
  ctx: SheetContext,
  kind: InputKind,
  issueAt: (sev: Severity, code: IssueCode, extra?: Record<string, string | number>) => void,
  decimal?: DecimalMark,
): CellResult {
  const note = (n: CoercionNote | undefined, extra: Record<string, string | number>) => {
    if (n === "date-ambiguous") issueAt("warning", "date-ambiguous", extra);
    if (n === "percent-assumed") issueAt("info", "percent-assumed", extra);
    if (n === "fiscal-assumed") issueAt("warning", "fiscal-assumed", extra);
    if (n === "text-chars-removed") issueAt("info", "text-chars-removed", extra);
    if (n === "week-retail-assumed") issueAt("info", "week-retail-assumed", extra);
  };
  switch (fs.type) {
    case "text":
    case "code": {
      const r = coerceText(cell);
      if (r.ok) note(r.note, { text: r.value });
      return r.ok ? { ok: true, text: r.value } : { ok: false, failure: r.reason };
    }
    case "period": {
      if (!SPAN_KINDS.includes(kind)) {
        const r = coerceText(cell);
        if (r.ok) note(r.note, { text: r.value });
        return r.ok ? { ok: true, text: r.value } : { ok: false, failure: r.reason };
      }
      const r = coercePeriodCell(cell, calendarOf(ctx.settings), ctx.date1904);
      if (!r.ok) return { ok: false, failure: r.reason };
      if (r.fiscalAssumed) note("fiscal-assumed", {});
      if (r.retailWeek) note("week-retail-assumed", {});
      return { ok: true, span: r.span };
    }
    case "week": {
      const r = coerceWeekCell(cell, calendarOf(ctx.settings), ctx.date1904);
      if (!r.ok) return { ok: false, failure: r.reason };
      if (r.retailWeek) note("week-retail-assumed", {});
      return { ok: true, span: r.span };
    }
    case "date": {
      const r = coerceDate(cell, ctx.date1904);
      if (!r.ok) return { ok: false, failure: r.reason };
      note(r.note, { date: formatDay(r.value) });
      return { ok: true, num: r.value, span: { start: r.value, end: r.value } };
    }
    case "rate": {
      const r = coerceRate(cell);
      if (!r.ok) return { ok: false, failure: r.reason };
      note(r.note, { rate: r.value });
      return { ok: true, num: r.value };
    }
    case "flag": {
      const r = coerceFlag(cell);
      return r.ok ? { ok: true, num: r.value ? 1 : 0 } : { ok: false, failure: r.reason === "blank" ? "blank" : "not-a-number" };
    }
    default: {
      const r = coerceNumber(cell, { decimal });
      return r.ok ? { ok: true, num: r.value } : { ok: false, failure: r.reason };
    }
  }
}

type SpanResult = { ok: true; span: Span; fiscalAssumed?: boolean; retailWeek?: boolean } | { ok: false; reason: CoercionFailure };

/**
 * A week cell: a week label (2026-W27, 2026年第27周, FY27 Wk5), or a date (or its serial) standing for
 * the week containing it, in the workbook's calendar (a week-ending Saturday and its week's Monday
 * are the same ISO week). The span is the whole week: a week is never split.
 */
export function coerceWeekCell(cell: RawCell, cal: Calendar, date1904: boolean): SpanResult {
  if (isBlank(cell)) return { ok: false, reason: "blank" };
  if (typeof cell === "string") {
    const r = parsePeriodLabel(cell, cal);
    if (r && r.span === null) return { ok: false, reason: "needs-retail-calendar" };
    if (r && r.span.end - r.span.start === 6) return { ok: true, span: r.span, retailWeek: r.retailWeek };
    if (r) return { ok: false, reason: "not-a-period" }; // a month or a quarter in a week column
  }
  const d = coerceDate(cell, date1904);
  if (!d.ok) return { ok: false, reason: d.reason === "not-a-date" || d.reason === "not-a-number" ? "not-a-period" : d.reason };
  const start = weekStartOf(d.value, cal);
  return { ok: true, span: { start, end: start + 6 } };
}

/** A period cell: a label, yyyymm / yyyy as a number, or a date standing for its month. */
export function coercePeriodCell(cell: RawCell, cal: Calendar, date1904: boolean): SpanResult {
  if (isBlank(cell)) return { ok: false, reason: "blank" };
  if (typeof cell === "number") {
    if (Number.isInteger(cell) && cell >= 190001 && cell <= 999912 && cell % 100 >= 1 && cell % 100 <= 12) {
      const p = makePeriod("month", Math.floor(cell / 100), cell % 100, false);
      return { ok: true, span: { start: p.start, end: p.end } };
    }
    if (Number.isInteger(cell) && cell >= 1900 && cell <= 2999) {
      const p = makePeriod("year", cell, 1, false);
      return { ok: true, span: { start: p.start, end: p.end } };
    }
    // A date in a period column (a month formatted "2026-03", or its serial from Office.js) stands for
    // its month. Only serials of plausible dates (1990–2099): 2026.07 typed as a number is not July 1905.
    const d = coerceDate(cell, date1904);
    if (!d.ok || !Number.isInteger(cell)) return { ok: false, reason: "not-a-period" };
    const year = ymdFromDay(d.value).year;
    return year >= 1990 && year <= 2099 ? { ok: true, span: monthSpan(d.value) } : { ok: false, reason: "not-a-period" };
  }
  if (cell instanceof Date) {
    const d = coerceDate(cell, date1904);
    return d.ok ? { ok: true, span: monthSpan(d.value) } : { ok: false, reason: "not-a-period" };
  }
  if (typeof cell !== "string") return { ok: false, reason: coerceText(cell).ok ? "not-a-period" : "error-value" };
  const r = parsePeriodLabel(cell, cal);
  if (r && r.span === null) return { ok: false, reason: "needs-retail-calendar" };
  if (r) return { ok: true, span: r.span, fiscalAssumed: r.fiscalAssumed, retailWeek: r.retailWeek };
  const asDate = coerceDate(cell, date1904);
  if (asDate.ok) return { ok: true, span: { start: asDate.value, end: asDate.value } };
  return { ok: false, reason: coerceText(cell).ok ? "not-a-period" : "error-value" };
}

export function monthSpan(day: DayNumber): Span {
  const dt = new Date(day * 86_400_000);
  const p = makePeriod("month", dt.getUTCFullYear(), dt.getUTCMonth() + 1, false);
  return { start: p.start, end: p.end };
}

export const FAILURE_CODE: Record<CoercionFailure, IssueCode> = {
  blank: "missing-value",
  "error-value": "cell-error",
  "not-a-number": "not-a-number",
  "not-a-date": "not-a-date",
  "not-a-period": "not-a-period",
  "ambiguous-date": "date-ambiguous",
  "needs-retail-calendar": "week-needs-calendar",
  undecodable: "text-undecodable",
};

/** A cell's reading, resolved once per distinct value of a column and reused for every cell like it. */
export interface Entry {
  /**
   * The reading, flat: every entry has the same shape, so the per-row loops that read these fields
   * stay monomorphic (result objects of four shapes made those reads several times slower).
   */
  ok: boolean;
  failure: CoercionFailure;
  /** The text read (text and code fields), else null. */
  text: string | null;
  /** The number or day read, else NaN. */
  num: number;
  /** The span of days a date or period covers, else NaN. */
  spanStart: number;
  spanEnd: number;
  /** Notes (ambiguous date, assumed percentage...) repeated for every cell like it. */
  notes: Note[];
  /** The builder's code for the text read, once a kept row used it (-2: not yet). */
  out: number;
  /** A digit-only SKU that matches a Products code only with its leading zeros. */
  /** A code read as the same code in another form: leading zeros Excel dropped, a float's ".0". */
  skuFix: { written: string; code: string; issue: "sku-leading-zeros" | "store-leading-zeros" | "code-float-form" } | null;
  /** Sell-out SKU: its Products row (undefined: not looked up yet). */
  product: ProductInfo | null | undefined;
  /** Sell-out SKU: builder codes of the fields completed from Products (-2: not yet, -1: none). */
  derived: Int32Array | null;
}

/** One mapped column of a sheet being resolved. */
export interface ColumnPlan {
  col: RawColumn;
  field: string;
  spec: FieldSpec;
  letter: string;
  header: string;
  /** Money and plain numbers: a number cell is its own value. */
  fastNumber: boolean;
  sku: boolean;
  store: boolean;
  /** Which field places a row in time when it has several: a week (2), a date (1), a period label (0). */
  spanRank: number;
  /** A name column: only the exact total words make a total row there ("Total Care" is a product). */
  nameColumn: boolean;
  textSlot: number;
  numSlot: number;
  strEntries: Array<Entry | undefined>;
  valueEntries: Map<number, Entry>;
  dateEntries: Map<number, Entry>;
  otherEntries: Array<Entry | undefined>;
  /** Notes said once per column (ONCE_PER_COLUMN) that this column has said. */
  noted: Set<IssueCode>;
  /** Money and numbers: the decimal mark of the column's lone separators (1.250), when decided (decideDecimalMarks). */
  decimal: DecimalMark | null;
}

/** Distinct texts of a column looked at to decide its decimal mark: plenty to see its convention, bounded for huge columns. */
const DECIMAL_SAMPLE = 20_000;

/**
 * The decimal mark of each number column, from its cells: a column whose numbers show only one
 * reading (15.625,00; 12,5) follows it; one whose numbers all read either way (units 1.250) follows
 * the sheet's other number columns, since a file is written in one convention (a decimal-comma export
 * writes its units 1.250 for 1,250); with no evidence anywhere a lone dot is a decimal point, as
 * before, and the column says so (decimal-mark-assumed), a lone comma groups thousands, unsaid.
 */
export function decideDecimalMarks(plans: ColumnPlan[], log: IssueLog, sheet: string): void {
  const seen: Array<{ plan: ColumnPlan; comma: number; dot: number; ambiguousDot: string | null }> = [];
  let comma = 0;
  let dot = 0;
  for (const plan of plans) {
    if (!plan.fastNumber) continue;
    const s = { plan, comma: 0, dot: 0, ambiguousDot: null as string | null, ambiguous: 0 };
    const dict = plan.col.dict;
    for (let k = 0; k < dict.length && k < DECIMAL_SAMPLE; k++) {
      const mark = decimalMarkOf(dict[k]);
      if (mark === ",") s.comma++;
      else if (mark === ".") s.dot++;
      else if (mark === "ambiguous") {
        s.ambiguous++;
        if (s.ambiguousDot === null && dict[k].includes(".")) s.ambiguousDot = dict[k].trim();
      }
    }
    comma += s.comma;
    dot += s.dot;
    if (s.ambiguous > 0) seen.push(s);
  }
  const sheetMark: DecimalMark | null = comma > 0 && dot === 0 ? "," : dot > 0 && comma === 0 ? "." : null;
  for (const s of seen) {
    const own: DecimalMark | null = s.comma > 0 && s.dot === 0 ? "," : s.dot > 0 && s.comma === 0 ? "." : null;
    s.plan.decimal = own ?? sheetMark;
    if (s.plan.decimal === null && s.ambiguousDot !== null) {
      const read = coerceNumber(s.ambiguousDot);
      log.add({
        sheet,
        row: null,
        column: s.plan.letter,
        severity: "warning",
        code: "decimal-mark-assumed",
        params: { sheet, column: s.plan.letter, header: s.plan.header, example: s.ambiguousDot, value: read.ok ? read.value : "" },
      });
    }
  }
}

/** Notes about how a whole column is read, not a cell: said once, at the first cell. */
export const ONCE_PER_COLUMN: ReadonlySet<IssueCode> = new Set(["week-retail-assumed"]);

export const NO_GROUPS: number[][] = [];

/** Sell-out fields completed from Products when the sheet has no readable value of its own. */
export const PRODUCT_FIELDS = ["manufacturer", "category", "segment", "productName", "brand"] as const;
export const PRODUCT_KEYS = ["manufacturer", "category", "segment", "name", "brand"] as const;

export function makeEntry(plan: ColumnPlan, cell: RawCell, ctx: SheetContext, kind: InputKind): Entry {
  const notes: Note[] = [];
  const result = readCell(plan.spec, cell, ctx, kind, (severity, code, extra = {}) => notes.push({ severity, code, extra }), plan.decimal ?? undefined);
  let skuFix: Entry["skuFix"] = null;
  let text = result.ok ? (result.text ?? null) : null;
  if ((plan.sku || plan.store) && text !== null) {
    const written = text;
    const whole = codeFromFloatForm(written);
    if (whole !== null) {
      skuFix = { written, code: whole, issue: "code-float-form" };
      text = whole;
    }
    const known = plan.sku ? ctx.products : ctx.stores;
    const byDigits = plan.sku ? ctx.skuByDigits : ctx.storeByDigits;
    if (/^\d+$/.test(text) && !known.has(text)) {
      const code = byDigits.get(text.replace(/^0+(?=\d)/, ""));
      if (code && code !== text) {
        skuFix = { written, code, issue: plan.sku ? "sku-leading-zeros" : "store-leading-zeros" };
        text = code;
      }
    }
  }
  const ok = result.ok;
  return {
    ok,
    failure: ok ? "blank" : result.failure,
    text,
    num: ok && result.num !== undefined ? result.num : NaN,
    spanStart: ok && result.span ? result.span.start : NaN,
    spanEnd: ok && result.span ? result.span.end : NaN,
    notes,
    out: -2,
    skuFix,
    product: undefined,
    derived: null,
  };
}

export function entryAt(plan: ColumnPlan, i: number, ctx: SheetContext, kind: InputKind): Entry {
  const col = plan.col;
  const code = col.codes[i];
  if (code >= 0) return (plan.strEntries[code] ??= makeEntry(plan, col.dict[code], ctx, kind));
  if (code === CELL_NUMBER || code === CELL_BOOL) {
    const v = col.values![i];
    const key = code === CELL_BOOL ? (v === 1 ? Infinity : -Infinity) : v;
    let e = plan.valueEntries.get(key);
    if (!e) plan.valueEntries.set(key, (e = makeEntry(plan, col.raw(i), ctx, kind)));
    return e;
  }
  if (code === CELL_DATE) {
    const t = col.values![i];
    let e = plan.dateEntries.get(t);
    if (!e) plan.dateEntries.set(t, (e = makeEntry(plan, col.raw(i), ctx, kind)));
    return e;
  }
  // Blank (one entry) or a rare value (an error): -code - 2 is 0 for blank, 3 for others.
  if (code === CELL_BLANK) return (plan.otherEntries[0] ??= makeEntry(plan, null, ctx, kind));
  return makeEntry(plan, col.raw(i), ctx, kind);
}

/** The money of row i: what the money column reads as a number, 0 when it does not. */
export function moneyAt(plan: ColumnPlan, i: number, ctx: SheetContext, kind: InputKind): number {
  if (plan.col.codes[i] === CELL_NUMBER) {
    const v = plan.col.values![i];
    if (Number.isFinite(v)) return v;
  }
  const e = entryAt(plan, i, ctx, kind);
  return e.ok && e.num === e.num ? e.num : 0;
}

export function planColumns(st: SheetState, builder: TableBuilder | null, spec: ReturnType<typeof kindSpec>): ColumnPlan[] {
  const colOffset = st.firstColumn - 1;
  const encoder = st.encoder!;
  return st.detection.columns
    .filter((c) => c.field !== null)
    .map((c, k) => {
      const fs = spec.fields.find((f) => f.field === c.field)!;
      return {
        col: encoder.columns[k],
        field: c.field!,
        spec: fs,
        letter: columnLetter(c.index + 1 + colOffset),
        header: c.header,
        fastNumber: fs.type === "money" || fs.type === "number",
        sku: SKU_FIELDS.includes(c.field!),
        // A store code elsewhere than in Stores is matched to Stores' spelling of it.
        store: c.field === "store" && st.detection.kind !== "stores",
        spanRank: c.field === "week" ? 2 : c.field === "date" ? 1 : 0,
        nameColumn: NAME_FIELDS.has(c.field!),
        textSlot: builder ? builder.textSlot(c.field!) : -1,
        numSlot: builder ? builder.numSlot(c.field!) : -1,
        strEntries: [],
        valueEntries: new Map(),
        dateEntries: new Map(),
        otherEntries: [],
        noted: new Set(),
        decimal: null,
      };
    });
}
