/**
 * Ingestion: raw grids -> typed tables + issues + a reconciliation per sheet.
 * Every non-blank row below the header is either used or rejected with an issue, and the money
 * read on a sheet equals the money used plus the money rejected. Nothing is dropped silently.
 */
import { Lang, parseLang } from "../i18n";
import { CoercionFailure, CoercionNote, coerceDate, coerceFlag, coerceNumber, coerceRate, coerceText, foldWidth, isBlank, normalizeKey } from "./coerce";
import { DayNumber, formatDay } from "./dates";
import { SheetDetection, SheetOverride, bestFieldScores, detectSheet } from "./detect";
import { RawCell, SheetGrid, WorkbookGrids, cellDisplay, columnLetter } from "./grid";
import { Issue, IssueCode, IssueLog, Severity } from "./issues";
import { makePeriod, parsePeriodLabel, Span } from "./periods";
import { PackSize, parsePackSize } from "./pack";
import { FieldSpec, INPUT_KINDS, InputKind, kindSpec } from "./schema";
import { MoneySum } from "./sum";
import { Table, TableBuilder, tableRows } from "./table";

export interface Settings {
  ourCompany: string | null;
  currency: string;
  fiscalYearStartMonth: number;
  language: Lang | null;
  corridorLow: number;
  corridorHigh: number;
  costOfCapital: number;
  /** Default retailer for sheets without a retailer column (single-retailer portal exports). */
  retailer: string | null;
}

export const DEFAULT_SETTINGS: Settings = {
  ourCompany: null,
  currency: "CNY",
  fiscalYearStartMonth: 1,
  language: null,
  corridorLow: 95,
  corridorHigh: 105,
  costOfCapital: 0.04,
  retailer: null,
};

export interface Reconciliation {
  sheet: string;
  kind: InputKind;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  /** Money on the sheet (its money column); null for kinds without one. */
  valueRead: number | null;
  valueUsed: number | null;
  valueRejected: number | null;
  /** Fully blank rows below the header: nothing to use or reject. */
  blankRows: number;
}

export interface ProductInfo {
  sku: string;
  name: string | null;
  manufacturer: string | null;
  brand: string | null;
  category: string | null;
  segment: string | null;
  pack: PackSize | null;
  ours: boolean | null;
  unitCost: number | null;
  listPrice: number | null;
}

export interface IngestResult {
  detections: SheetDetection[];
  tables: Partial<Record<InputKind, Table>>;
  settings: Settings;
  products: Map<string, ProductInfo>;
  issues: Issue[];
  reconciliation: Reconciliation[];
}

export interface IngestOptions {
  /** Per sheet name: what the user changed in the detected kind and mapping. */
  overrides?: Record<string, SheetOverride>;
}

/** Kinds whose rows are placed in time by a date or a period label (a span of days). */
const SPAN_KINDS: InputKind[] = ["sell-out", "sell-in"];
/** Ingest order: Settings and Products first, since Sell-out rows are completed from them. */
/**
 * Ingest order: Settings, Products and Stores first, since Sell-out rows are completed from them;
 * then every other kind. Derived from INPUT_KINDS so a new kind can never be detected but not read.
 */
const FIRST: InputKind[] = ["settings", "products", "stores"];
const ORDER: InputKind[] = [...FIRST, ...INPUT_KINDS.filter((k) => !FIRST.includes(k))];

const TOTAL_EXACT = new Set(["total", "subtotal", "grandtotal", "sum", "totals", "合计", "小计", "总计", "总和", "总合计", "汇总"]);
const TOTAL_CJK = /合计|小计|总计|汇总/;
const TOTAL_EN = /^(grand\s*|sub-?\s*)?totals?(\s*:|\s+[^\s]|$)/i;
/** Columns whose text may innocently start with "Total" (a product called "Total Care"). */
const NAME_FIELDS = new Set(["productName", "brand", "storeName", "note", "action", "term"]);

export function ingestWorkbook(workbook: WorkbookGrids, options: IngestOptions = {}): IngestResult {
  const log = new IssueLog();
  const date1904 = workbook.date1904 ?? false;
  const detections = workbook.sheets.map((g) => detectSheet(g, options.overrides?.[g.name]));
  const reconciliation: Reconciliation[] = [];

  for (const d of detections) {
    const grid = workbook.sheets.find((g) => g.name === d.sheet)!;
    if (d.ignored) continue;
    if (grid.rows.every((r) => !r || r.every(isBlank))) {
      log.add({ sheet: d.sheet, row: null, column: null, severity: "info", code: "sheet-empty", params: { sheet: d.sheet } });
      continue;
    }
    if (!d.kind) {
      log.add({ sheet: d.sheet, row: null, column: null, severity: "info", code: "sheet-not-recognised", params: { sheet: d.sheet } });
      continue;
    }
    for (const m of d.missing) {
      const spec = kindSpec(d.kind);
      const first = m.split("|")[0];
      const fs = spec.fields.find((x) => x.field === first)!;
      log.add({
        sheet: d.sheet,
        row: d.headerRow || null,
        column: null,
        severity: "error",
        code: "missing-required-column",
        params: { sheet: d.sheet, kind: d.kind, field: m.split("|").join(" / "), example: `${fs.en[0]} / ${fs.zh[0]}` },
      });
    }
  }

  // Settings first: they say how to read the rest (fiscal year, default retailer).
  let settings = { ...DEFAULT_SETTINGS };
  for (const d of detections.filter((x) => x.kind === "settings" && !x.ignored)) {
    settings = readSettings(
      workbook.sheets.find((g) => g.name === d.sheet)!,
      settings,
      log,
    );
  }

  const builders = new Map<InputKind, TableBuilder>();
  let products = new Map<string, ProductInfo>();
  for (const kind of ORDER) {
    if (kind === "settings") continue;
    for (const d of detections.filter((x) => x.kind === kind && !x.ignored)) {
      const grid = workbook.sheets.find((g) => g.name === d.sheet)!;
      if (d.missing.length > 0) {
        // Refused whole (the issue above says why): its rows are still counted, all rejected.
        reconciliation.push(refusedSheet(grid, d));
        continue;
      }
      let builder = builders.get(kind);
      if (!builder) {
        builder = newBuilder(kind);
        builders.set(kind, builder);
      }
      reconciliation.push(ingestSheet(grid, d, builder, { settings, products, skuByDigits: digitIndex(products), log, date1904 }));
    }
    if (kind === "products" && builders.has("products")) products = productIndex(builders.get("products")!.build());
  }

  const tables: Partial<Record<InputKind, Table>> = {};
  for (const [kind, b] of builders) if (b.n > 0) tables[kind] = b.build();
  if (!tables["sell-out"]) {
    const sellOutSheets = reconciliation.filter((r) => r.kind === "sell-out");
    if (sellOutSheets.length) {
      const read = sellOutSheets.reduce((a, r) => a + r.rowsRead, 0);
      log.add({
        sheet: null,
        row: null,
        column: null,
        severity: "error",
        code: "no-sell-out-rows",
        params: { sheets: sellOutSheets.map((r) => r.sheet).join(", "), read },
      });
    } else log.add({ sheet: null, row: null, column: null, severity: "error", code: "no-sell-out", params: {} });
  }
  return { detections, tables, settings, products, issues: log.all(), reconciliation };
}

function newBuilder(kind: InputKind): TableBuilder {
  const spec = kindSpec(kind);
  const text: string[] = [];
  const num: string[] = [];
  for (const fs of spec.fields) {
    if (fs.type === "text" || fs.type === "code" || (fs.type === "period" && !SPAN_KINDS.includes(kind))) text.push(fs.field);
    else if (fs.type !== "period") num.push(fs.field);
  }
  if (SPAN_KINDS.includes(kind)) num.push("spanStart", "spanEnd");
  return new TableBuilder(kind, text, num);
}

interface SheetContext {
  settings: Settings;
  products: Map<string, ProductInfo>;
  /** Products' digit-only codes by their value without leading zeros ("00123" under "123"). */
  skuByDigits: Map<string, string>;
  log: IssueLog;
  date1904: boolean;
}

interface Note {
  severity: Severity;
  code: IssueCode;
  extra: Record<string, string | number>;
}
/** A cell's reading, and the notes (ambiguous date, assumed percentage...) to repeat for every cell like it. */
interface CachedRead {
  result: CellResult;
  notes: Note[];
}
const CACHE_LIMIT = 100_000;

type CellResult = { ok: true; text?: string; num?: number; span?: Span } | { ok: false; failure: CoercionFailure };

function readCell(
  fs: FieldSpec,
  cell: RawCell,
  ctx: SheetContext,
  kind: InputKind,
  issueAt: (sev: Severity, code: IssueCode, extra?: Record<string, string | number>) => void,
): CellResult {
  const note = (n: CoercionNote | undefined, extra: Record<string, string | number>) => {
    if (n === "date-ambiguous") issueAt("warning", "date-ambiguous", extra);
    if (n === "percent-assumed") issueAt("info", "percent-assumed", extra);
    if (n === "fiscal-assumed") issueAt("warning", "fiscal-assumed", extra);
  };
  switch (fs.type) {
    case "text":
    case "code": {
      const r = coerceText(cell);
      return r.ok ? { ok: true, text: r.value } : { ok: false, failure: r.reason };
    }
    case "period": {
      if (!SPAN_KINDS.includes(kind)) {
        const r = coerceText(cell);
        return r.ok ? { ok: true, text: r.value } : { ok: false, failure: r.reason };
      }
      const r = coercePeriodCell(cell, ctx.settings.fiscalYearStartMonth, ctx.date1904);
      if (!r.ok) return { ok: false, failure: r.reason };
      if (r.fiscalAssumed) note("fiscal-assumed", {});
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
      const r = coerceNumber(cell);
      return r.ok ? { ok: true, num: r.value } : { ok: false, failure: r.reason };
    }
  }
}

/** A period cell: a label, yyyymm / yyyy as a number, or a date standing for its month. */
export function coercePeriodCell(
  cell: RawCell,
  fyStartMonth: number,
  date1904: boolean,
): { ok: true; span: Span; fiscalAssumed?: boolean } | { ok: false; reason: CoercionFailure } {
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
    // A date in a period column (a month formatted "2026-03") stands for its month.
    const d = coerceDate(cell, date1904);
    return d.ok ? { ok: true, span: monthSpan(d.value) } : { ok: false, reason: "not-a-period" };
  }
  if (cell instanceof Date) {
    const d = coerceDate(cell, date1904);
    return d.ok ? { ok: true, span: monthSpan(d.value) } : { ok: false, reason: "not-a-period" };
  }
  if (typeof cell !== "string") return { ok: false, reason: coerceText(cell).ok ? "not-a-period" : "error-value" };
  const r = parsePeriodLabel(cell, fyStartMonth);
  if (r) return { ok: true, span: r.span, fiscalAssumed: r.fiscalAssumed };
  const asDate = coerceDate(cell, date1904);
  if (asDate.ok) return { ok: true, span: { start: asDate.value, end: asDate.value } };
  return { ok: false, reason: coerceText(cell).ok ? "not-a-period" : "error-value" };
}

function monthSpan(day: DayNumber): Span {
  const dt = new Date(day * 86_400_000);
  const p = makePeriod("month", dt.getUTCFullYear(), dt.getUTCMonth() + 1, false);
  return { start: p.start, end: p.end };
}

/** Cheap first look: only a cell with one of these can be a total label. */
const TOTAL_HINT = /合计|小计|总计|汇总|总和|total|sum|ｔｏｔａｌ|ｓｕｍ/i;

function isSubtotalRow(row: RawCell[], nameColumns: Set<number>, cache: Map<string, boolean>): string | null {
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (typeof cell !== "string" || !TOTAL_HINT.test(cell)) continue;
    const key = `${nameColumns.has(c) ? 1 : 0}${cell}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      const norm = normalizeKey(cell);
      hit = TOTAL_EXACT.has(norm) || TOTAL_CJK.test(cell) || (!nameColumns.has(c) && TOTAL_EN.test(foldWidth(cell).trim()));
      cache.set(key, hit);
    }
    if (hit) return cell.trim();
  }
  return null;
}

const FAILURE_CODE: Record<CoercionFailure, IssueCode> = {
  blank: "missing-value",
  "error-value": "cell-error",
  "not-a-number": "not-a-number",
  "not-a-date": "not-a-date",
  "not-a-period": "not-a-period",
  "ambiguous-date": "date-ambiguous",
};

function emptyReconciliation(sheet: string, kind: InputKind, hasMoney: boolean): Reconciliation {
  return {
    sheet,
    kind,
    rowsRead: 0,
    rowsUsed: 0,
    rowsRejected: 0,
    valueRead: hasMoney ? 0 : null,
    valueUsed: hasMoney ? 0 : null,
    valueRejected: hasMoney ? 0 : null,
    blankRows: 0,
  };
}

/** A sheet that cannot be used at all: every non-blank row below the header is rejected. */
function refusedSheet(grid: SheetGrid, d: SheetDetection): Reconciliation {
  const spec = kindSpec(d.kind!);
  const moneyCol = spec.moneyField ? d.columns.find((c) => c.field === spec.moneyField) : undefined;
  const rec = emptyReconciliation(grid.name, d.kind!, moneyCol !== undefined);
  const money = new MoneySum();
  for (let r = d.headerIndex + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    if (row.every(isBlank)) {
      rec.blankRows++;
      continue;
    }
    rec.rowsRead++;
    rec.rowsRejected++;
    if (moneyCol) {
      const m = coerceNumber(row[moneyCol.index]);
      if (m.ok) money.add(m.value);
    }
  }
  if (moneyCol) {
    rec.valueRead = money.value;
    rec.valueUsed = 0;
    rec.valueRejected = money.value;
  }
  return rec;
}

function ingestSheet(grid: SheetGrid, d: SheetDetection, builder: TableBuilder, ctx: SheetContext): Reconciliation {
  const kind = d.kind!;
  const spec = kindSpec(kind);
  const firstRow = grid.firstRow ?? 1;
  const colOffset = (grid.firstColumn ?? 1) - 1;
  const sheetNo = builder.sheetNumber(grid.name);
  const mapped = d.columns
    .filter((c) => c.field !== null)
    .map((c) => ({
      ...c,
      spec: spec.fields.find((f) => f.field === c.field)!,
      letter: columnLetter(c.index + 1 + colOffset),
      cache: new Map<string, CachedRead>(),
    }));
  const failures = new Map<string, { failure: CoercionFailure; column: string; header: string; value: string }>();
  const present = new Set<string>();
  const subtotalCache = new Map<string, boolean>();
  const nameColumns = new Set(mapped.filter((c) => NAME_FIELDS.has(c.field!)).map((c) => c.index));
  const moneyCol = spec.moneyField ? mapped.find((c) => c.field === spec.moneyField) : undefined;
  const requiredGroups = spec.required.map((r) => (Array.isArray(r) ? r : [r]));
  const hasRetailerColumn = mapped.some((c) => c.field === "retailer");

  if (kind === "sell-out" && !hasRetailerColumn && !ctx.settings.retailer) {
    ctx.log.add({ sheet: grid.name, row: null, column: null, severity: "error", code: "no-retailer", params: { sheet: grid.name } });
    return refusedSheet(grid, d);
  }

  reportColumns(grid, d, ctx.log, colOffset);
  if (grid.hiddenRows && grid.hiddenRows.length > 0) {
    // Hidden or filtered-out rows are still the user's data: used, and said so.
    ctx.log.add({
      sheet: grid.name,
      row: null,
      column: null,
      severity: "info",
      code: "hidden-rows-included",
      params: { sheet: grid.name, count: grid.hiddenRows.length },
    });
  }

  const rec = emptyReconciliation(grid.name, kind, moneyCol !== undefined);
  const read = new MoneySum();
  const used = new MoneySum();
  const rejectedMoney = new MoneySum();

  for (let r = d.headerIndex + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const excelRow = firstRow + r;
    if (row.every(isBlank)) {
      rec.blankRows++;
      continue;
    }
    rec.rowsRead++;
    let money = 0;
    if (moneyCol) {
      const m = coerceNumber(row[moneyCol.index]);
      if (m.ok) money = m.value;
      read.add(money);
    }
    const reject = () => {
      rec.rowsRejected++;
      if (moneyCol) rejectedMoney.add(money);
    };

    const totalText = isSubtotalRow(row, nameColumns, subtotalCache);
    if (totalText !== null) {
      ctx.log.add({ sheet: grid.name, row: excelRow, column: null, severity: "info", code: "subtotal-row", params: { row: excelRow, text: totalText } });
      reject();
      continue;
    }

    const text: Record<string, string | null> = {};
    const num: Record<string, number> = {};
    failures.clear();
    present.clear();
    for (const c of mapped) {
      const cell = row[c.index];
      // Exports repeat their text (retailers, SKUs, months): each distinct string is read once per column.
      let entry = typeof cell === "string" ? c.cache.get(cell) : undefined;
      if (!entry) {
        const notes: Note[] = [];
        entry = { result: readCell(c.spec, cell, ctx, kind, (severity, code, extra = {}) => notes.push({ severity, code, extra })), notes };
        if (typeof cell === "string" && c.cache.size < CACHE_LIMIT) c.cache.set(cell, entry);
      }
      for (const n of entry.notes) {
        ctx.log.add({
          sheet: grid.name,
          row: excelRow,
          column: c.letter,
          severity: n.severity,
          code: n.code,
          params: { cell: `${c.letter}${excelRow}`, value: cellDisplay(cell), header: c.header, field: c.field!, row: excelRow, ...n.extra },
        });
      }
      const res = entry.result;
      if (res.ok) {
        present.add(c.field!);
        if (res.text !== undefined) text[c.field!] = res.text;
        if (res.num !== undefined) num[c.field!] = res.num;
        if (res.span && (c.field === "date" || !("spanStart" in num))) {
          // A date is more precise than a period label: it wins when a row has both.
          num.spanStart = res.span.start;
          num.spanEnd = res.span.end;
        }
      } else {
        failures.set(c.field!, { failure: res.failure, column: c.letter, header: c.header, value: cellDisplay(cell) });
      }
    }

    // Required: each group needs one readable member; else the row is rejected with the reason.
    let rejected = false;
    for (const group of requiredGroups) {
      if (group.some((f) => present.has(f))) continue;
      // Every member of a required group is mapped (else the sheet was refused), so one failed.
      const f = group.find((x) => failures.has(x) && failures.get(x)!.failure !== "blank") ?? group.find((x) => failures.has(x))!;
      const fail = failures.get(f)!;
      ctx.log.add({
        sheet: grid.name,
        row: excelRow,
        column: fail.column,
        severity: "error",
        code: FAILURE_CODE[fail.failure],
        params: { cell: `${fail.column}${excelRow}`, value: fail.value, header: fail.header, field: f, row: excelRow },
      });
      failures.delete(f);
      rejected = true;
      break;
    }
    for (const field of SKU_FIELDS) {
      const written = text[field];
      if (!written || !/^\d+$/.test(written) || ctx.products.has(written)) continue;
      const code = ctx.skuByDigits.get(written.replace(/^0+(?=\d)/, ""));
      if (code && code !== written) {
        text[field] = code;
        const column = mapped.find((c) => c.field === field)!;
        ctx.log.add({
          sheet: grid.name,
          row: excelRow,
          column: columnLetter(column.index + 1 + colOffset),
          severity: "info",
          code: "sku-leading-zeros",
          params: { written, code },
        });
      }
    }
    if (!rejected && kind === "sell-out")
      rejected = !completeSellOutRow(
        text,
        excelRow,
        grid.name,
        ctx,
        mapped.find((c) => c.field === "retailer"),
        colOffset,
      );
    if (rejected) {
      reject();
      continue;
    }
    // Optional fields that could not be read: used as empty, and said so.
    for (const [field, fail] of failures) {
      if (fail.failure === "blank") continue;
      const code: IssueCode =
        fail.failure === "error-value"
          ? "cell-error-optional"
          : fail.failure === "not-a-date"
            ? "not-a-date-optional"
            : spec.fields.find((x) => x.field === field)?.type === "flag"
              ? "not-a-flag"
              : "not-a-number-optional";
      ctx.log.add({
        sheet: grid.name,
        row: excelRow,
        column: fail.column,
        severity: "warning",
        code,
        params: { cell: `${fail.column}${excelRow}`, value: fail.value, header: fail.header, field, row: excelRow },
      });
    }
    builder.add(sheetNo, excelRow, text, num);
    rec.rowsUsed++;
    if (moneyCol) used.add(money);
  }
  if (moneyCol) {
    rec.valueRead = read.value;
    rec.valueUsed = used.value;
    rec.valueRejected = rejectedMoney.value;
  }
  return rec;
}

const SKU_FIELDS = ["sku", "ourSku", "competitorSku"];

function digitIndex(products: Map<string, ProductInfo>): Map<string, string> {
  const m = new Map<string, string>();
  for (const code of products.keys()) if (/^\d+$/.test(code)) m.set(code.replace(/^0+(?=\d)/, ""), code);
  return m;
}

/** Columns that were not used: a second column for a field already mapped, a column without a header, unknown headers. */
function reportColumns(grid: SheetGrid, d: SheetDetection, log: IssueLog, colOffset: number): void {
  const mappedBy = new Map(d.columns.filter((c) => c.field).map((c) => [c.field!, c]));
  const unknown: string[] = [];
  // Data may run wider than the header row: those columns have no header at all.
  let width = d.columns.length;
  for (let r = d.headerIndex + 1; r < grid.rows.length; r++) width = Math.max(width, grid.rows[r]?.length ?? 0);
  const columns = [...d.columns];
  for (let i = d.columns.length; i < width; i++) columns.push({ index: i, column: columnLetter(i + 1), header: "", field: null, confidence: 0 });
  for (const c of columns) {
    if (c.field) continue;
    const letter = columnLetter(c.index + 1 + colOffset);
    if (!c.header) {
      const hasData = grid.rows.slice(d.headerIndex + 1).some((r) => !isBlank(r?.[c.index]));
      if (hasData)
        log.add({
          sheet: grid.name,
          row: d.headerRow,
          column: letter,
          severity: "warning",
          code: "unnamed-column",
          params: { sheet: grid.name, column: letter },
        });
      continue;
    }
    const best = bestFieldScores(c.header, d.kind!).sort((x, y) => y.score - x.score)[0];
    const twin = best ? mappedBy.get(best.field) : undefined;
    if (twin && best.score >= 0.7) {
      log.add({
        sheet: grid.name,
        row: d.headerRow,
        column: letter,
        severity: "warning",
        code: "duplicate-field",
        params: {
          sheet: grid.name,
          columns: `${columnLetter(twin.index + 1 + colOffset)}, ${letter}`,
          field: best.field,
          used: columnLetter(twin.index + 1 + colOffset),
        },
      });
    } else unknown.push(`${letter} "${c.header}"`);
  }
  if (unknown.length)
    log.add({
      sheet: grid.name,
      row: d.headerRow,
      column: null,
      severity: "info",
      code: "columns-not-used",
      params: { sheet: grid.name, list: unknown.join(", ") },
    });
}

/** Fill retailer, manufacturer, category and segment of a sell-out row from Settings and Products. */
function completeSellOutRow(
  text: Record<string, string | null>,
  excelRow: number,
  sheet: string,
  ctx: SheetContext,
  retailerColumn: { index: number; header: string } | undefined,
  colOffset: number,
): boolean {
  if (!text.retailer) {
    if (!ctx.settings.retailer) {
      // Only reached with a retailer column (a sheet without one was refused whole): its cell is empty.
      const column = retailerColumn ? columnLetter(retailerColumn.index + 1 + colOffset) : null;
      ctx.log.add({
        sheet,
        row: excelRow,
        column,
        severity: "error",
        code: "missing-value",
        params: { cell: `${column ?? ""}${excelRow}`, header: retailerColumn?.header ?? "", field: "retailer", row: excelRow, value: "" },
      });
      return false;
    }
    text.retailer = ctx.settings.retailer;
  }
  const product = ctx.products.get(text.sku!);
  text.manufacturer ??= product?.manufacturer ?? null;
  text.category ??= product?.category ?? null;
  text.segment ??= product?.segment ?? null;
  text.productName ??= product?.name ?? null;
  text.brand ??= product?.brand ?? null;
  if (!text.manufacturer) {
    ctx.log.add({ sheet, row: excelRow, column: null, severity: "error", code: "unknown-manufacturer", params: { row: excelRow, sku: text.sku! } });
    return false;
  }
  if (!text.category) {
    ctx.log.add({ sheet, row: excelRow, column: null, severity: "error", code: "unknown-category", params: { row: excelRow, sku: text.sku! } });
    return false;
  }
  return true;
}

function productIndex(t: Table): Map<string, ProductInfo> {
  const map = new Map<string, ProductInfo>();
  for (const r of tableRows(t)) {
    const sku = r.text.sku!;
    map.set(sku, {
      sku,
      name: r.text.productName,
      manufacturer: r.text.manufacturer,
      brand: r.text.brand,
      category: r.text.category,
      segment: r.text.segment,
      pack: parsePackSize(r.text.packSize, r.text.packUnit),
      ours: r.num.ours === null ? null : r.num.ours === 1,
      unitCost: r.num.unitCost,
      listPrice: r.num.listPrice,
    });
  }
  return map;
}

/** Settings: key in column A, value in column B; unknown keys are reported, not guessed. */
function readSettings(grid: SheetGrid, base: Settings, log: IssueLog): Settings {
  const s = { ...base };
  const spec = kindSpec("settings");
  const firstRow = grid.firstRow ?? 1;
  const headerWords = new Set(["setting", "settings", "key", "parameter", "name", "设置项", "参数", "项目", "设置"]);
  grid.rows.forEach((row, i) => {
    const keyCell = row?.[0];
    const valueCell = row?.[1];
    if (isBlank(keyCell)) return;
    const key = normalizeKey(cellDisplay(keyCell));
    const excelRow = firstRow + i;
    if (headerWords.has(key)) return;
    const fs = spec.fields.find((f) => [...f.en, ...f.zh].some((w) => normalizeKey(w) === key));
    if (!fs) {
      log.add({
        sheet: grid.name,
        row: excelRow,
        column: "A",
        severity: "warning",
        code: "settings-unknown-key",
        params: { row: excelRow, key: cellDisplay(keyCell) },
      });
      return;
    }
    if (isBlank(valueCell)) return;
    const bad = () =>
      log.add({
        sheet: grid.name,
        row: excelRow,
        column: "B",
        severity: "warning",
        code: "settings-bad-value",
        params: { row: excelRow, key: cellDisplay(keyCell), value: cellDisplay(valueCell) },
      });
    const text = coerceText(valueCell);
    switch (fs.field) {
      case "ourCompany":
        if (text.ok) s.ourCompany = text.value;
        break;
      case "currency":
        if (text.ok) s.currency = text.value.toUpperCase();
        break;
      case "retailer":
        if (text.ok) s.retailer = text.value;
        break;
      case "language":
        if (text.ok) s.language = parseLang(text.value);
        break;
      case "fiscalYearStartMonth": {
        const n = coerceNumber(valueCell);
        if (n.ok && Number.isInteger(n.value) && n.value >= 1 && n.value <= 12) s.fiscalYearStartMonth = n.value;
        else bad();
        break;
      }
      case "costOfCapital": {
        const n = coerceRate(valueCell);
        if (n.ok && n.value >= 0 && n.value < 1) s.costOfCapital = n.value;
        else bad();
        break;
      }
      case "corridor": {
        const m = text.ok ? /^(\d+(?:\.\d+)?)\s*(?:-|–|—|~|～|,|to|至)\s*(\d+(?:\.\d+)?)$/.exec(text.value) : null;
        if (m && Number(m[1]) < Number(m[2])) {
          s.corridorLow = Number(m[1]);
          s.corridorHigh = Number(m[2]);
        } else bad();
        break;
      }
    }
  });
  return s;
}
