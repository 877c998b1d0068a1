/**
 * Ingestion: raw grids -> typed tables + issues + a reconciliation per sheet.
 * Every non-blank row below the header is either used or rejected with an issue, and the money
 * read on a sheet equals the money used plus the money rejected. Nothing is dropped silently.
 */
import { Lang, parseLang } from "../i18n";
import { CoercionFailure, CoercionNote, coerceDate, coerceFlag, coerceNumber, coerceRate, coerceText, isBlank, normalizeKey } from "./coerce";
import { DayNumber, formatDay, ymdFromDay } from "./dates";
import { SheetDetection, SheetOverride, bestFieldScores, detectSheet } from "./detect";
import { RawCell, SheetGrid, WorkbookGrids, cellDisplay, columnLetter } from "./grid";
import { Issue, IssueCode, IssueLog, Severity } from "./issues";
import { makePeriod, parsePeriodLabel, Span } from "./periods";
import { PackSize, parsePackSize } from "./pack";
import { FieldSpec, INPUT_KINDS, InputKind, kindSpec } from "./schema";
import { MoneySum } from "./sum";
import { Table, TableBuilder, tableRows } from "./table";
import { ReviewMark, parseMarks } from "./generated";
import { CELL_BLANK, CELL_BOOL, CELL_DATE, CELL_NUMBER, EncodedSheet, HEAD_ROWS, RawColumn, SheetEncoder, SheetStore } from "./encode";

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
  /** Users' own retailer spellings: pairs "alias=retailer" (Settings "Retailer aliases"). */
  retailerAliases: Array<[string, string]>;
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
  retailerAliases: [],
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
  /**
   * The Action plan sheets of reviews KA Review wrote into this workbook, read as actions: what the
   * manager edited there (status, owner, due, new rows) is carried into the next review.
   */
  actionPlans: ActionPlanInput[];
}

/** A generated Action plan read back: its rows belong to the review's retailer and period. */
export interface ActionPlanInput {
  sheet: string;
  retailerTag: string;
  period: string;
  table: Table | null;
}

export interface IngestOptions {
  /** Per sheet name: what the user changed in the detected kind and mapping. */
  overrides?: Record<string, SheetOverride>;
  /**
   * The sheets KA Review generated (from the workbook's defined names, engine/generated.ts): never
   * read as input, whatever they look like; their Action plans are read as the actions they carry.
   */
  marks?: ReviewMark[];
}

/** Kinds whose rows are placed in time by a date or a period label (a span of days). */
const SPAN_KINDS: InputKind[] = ["sell-out", "sell-in"];
/**
 * Ingest order: Settings, Products and Stores first, since Sell-out rows are completed from them;
 * then every other kind. Derived from INPUT_KINDS so a new kind can never be detected but not read.
 */
const FIRST: InputKind[] = ["settings", "products", "stores"];
const ORDER: InputKind[] = [...FIRST, ...INPUT_KINDS.filter((k) => !FIRST.includes(k))];

/** Columns whose text may innocently start with "Total" (a product called "Total Care"). */
const NAME_FIELDS = new Set(["productName", "brand", "storeName", "action", "term"]);
/** Free text: a total word there ("本月合计促销") says nothing about the row. */
const FREE_TEXT_FIELDS = new Set(["note", "condition", "description", "invoice"]);

/** Read a whole workbook already in memory (Office.js blocks, a small file, tests). */
export function ingestWorkbook(workbook: WorkbookGrids, options: IngestOptions = {}): IngestResult {
  const marks =
    options.marks ??
    parseMarks(
      workbook.definedNames ?? [],
      workbook.sheets.map((g) => g.name),
    );
  const ingest = new WorkbookIngest({ ...options, marks });
  for (const grid of workbook.sheets) {
    const sink = ingest.beginSheet(grid);
    sink.end({ hiddenRows: grid.hiddenRows?.length ?? 0 });
  }
  return ingest.finish(workbook.date1904 ?? false);
}

/** A sheet stored whole (every column encoded), with what its reader learnt at its end. */
export interface StoredSheet {
  store: SheetStore;
  hiddenRows: number;
  hidden?: "hidden" | "veryHidden";
  unfilledMerges?: Array<{ ref: string; bottom: number }>;
}

/** Ingest stored sheets under the user's overrides: detection and resolution only, no reading. */
export function ingestStored(sheets: StoredSheet[], options: IngestOptions, date1904: boolean): IngestResult {
  const ingest = new WorkbookIngest(options);
  for (const s of sheets) ingest.addStoredSheet(s.store, s);
  return ingest.finish(date1904);
}

/** Where a sheet's rows go after its first ones: blocks as a reader produces them. */
export interface SheetSink {
  /** Rows that follow those given so far; rows[0] is Excel row `firstRow`. */
  push(rows: RawCell[][], firstRow: number): void;
  /**
   * The sheet ended: how many of its rows the user hid, and merged ranges a streaming reader could
   * not fill (it learns of them only at the end of the sheet, after the rows were encoded).
   */
  end(info: { hiddenRows: number; unfilledMerges?: Array<{ ref: string; bottom: number }> }): void;
}

interface SheetState {
  name: string;
  detection: SheetDetection;
  firstColumn: number;
  /** Anything at all on the sheet (an empty sheet is said so). */
  anyData: boolean;
  /** Data kinds: the rows below the header, encoded. */
  encoder: EncodedSheet | null;
  /** Settings sheets are small key/value lists: kept whole. */
  grid: SheetGrid | null;
  hiddenRows: number;
  unfilledMerges: Array<{ ref: string; bottom: number }>;
  /** Written by KA Review: not input (an Action plan is read separately, into `actionPlans`). */
  generated: ReviewMark | null;
  hidden: "hidden" | "veryHidden" | null;
}

/** Grid columns (0-based) a field is mapped to, in column order. */
function mappedIndices(d: SheetDetection): number[] {
  return d.columns.filter((c) => c.field !== null).map((c) => c.index);
}

function headerTexts(d: SheetDetection): string[] {
  return d.columns.map((c) => c.header);
}

function rowsHoldData(rows: RawCell[][], from: number): boolean {
  for (let r = from; r < rows.length; r++) {
    const row = rows[r];
    if (row && !row.every(isBlank)) return true;
  }
  return false;
}

/**
 * Ingestion in two steps, so that a reader can stream: each sheet is detected from its first rows and
 * its data encoded as blocks arrive (in any sheet order); `finish` then reads Settings, Products and
 * Stores first and resolves every other sheet against them, once per distinct value.
 */
export class WorkbookIngest {
  private readonly sheets: SheetState[] = [];

  constructor(private readonly options: IngestOptions = {}) {}

  /** Rows a reader should hold before `beginSheet` (more when the user set a header row further down). */
  headRows(sheet: string): number {
    const headerRow = this.options.overrides?.[sheet]?.headerRow;
    return Math.max(HEAD_ROWS, (headerRow ?? 0) + 1);
  }

  /** A sheet detected from its first rows, added in the order sheets arrive. */
  private addState(name: string, head: SheetGrid, firstColumn: number, anyData: boolean): SheetState {
    const generated = this.options.marks?.find((m) => m.sheet === name) ?? null;
    // Our own sheets are never detected: an Action plan is read as actions (its header is ours), the
    // rest not at all, so a regenerated review never counts its own figures as input.
    const detection = generated
      ? generated.sectionId === "actionPlan"
        ? detectSheet(head, { kind: "actions" })
        : { ...detectSheet(head, { kind: "ignore" }) }
      : detectSheet(head, this.options.overrides?.[name]);
    if (head.hidden) detection.hidden = head.hidden;
    const state: SheetState = {
      name,
      detection,
      firstColumn,
      anyData,
      encoder: null,
      grid: null,
      hiddenRows: 0,
      unfilledMerges: [],
      generated,
      hidden: head.hidden ?? null,
    };
    this.sheets.push(state);
    return state;
  }

  /** Start a sheet from its first rows (at least `headRows`, or all it has). */
  beginSheet(head: SheetGrid): SheetSink {
    const state = this.addState(head.name, head, head.firstColumn ?? 1, rowsHoldData(head.rows, 0));
    const detection = state.detection;
    const kind = detection.ignored ? null : detection.kind;
    let encoder: SheetEncoder | null = null;
    if (kind === "settings") {
      state.grid = { ...head, rows: head.rows.slice() };
    } else if (kind) {
      encoder = new SheetEncoder(mappedIndices(detection), headerTexts(detection), head.rows.length);
      encoder.push(head.rows, head.firstRow ?? 1, detection.headerIndex + 1);
      state.encoder = encoder;
    }
    return {
      push: (rows, firstRow) => {
        if (encoder) encoder.push(rows, firstRow);
        else if (state.grid) state.grid.rows.push(...rows);
        if (!state.anyData) state.anyData = state.encoder ? state.encoder.n > 0 : rowsHoldData(rows, 0);
      },
      end: (info) => {
        state.hiddenRows = info.hiddenRows;
        state.unfilledMerges = info.unfilledMerges ?? [];
        if (!state.anyData && state.encoder) state.anyData = state.encoder.n > 0;
      },
    };
  }

  /**
   * A sheet already stored whole, every column encoded (the task pane's worker keeps these so that a
   * change of mapping re-resolves without reading the workbook again).
   */
  addStoredSheet(
    store: SheetStore,
    info: { hiddenRows: number; unfilledMerges?: Array<{ ref: string; bottom: number }>; hidden?: "hidden" | "veryHidden" },
  ): void {
    const state = this.addState(store.name, { ...store.headGrid(this.headRows(store.name)), hidden: info.hidden }, store.firstColumn, store.n > 0);
    state.hiddenRows = info.hiddenRows;
    state.unfilledMerges = info.unfilledMerges ?? [];
    const detection = state.detection;
    const kind = detection.ignored ? null : detection.kind;
    if (kind === "settings") state.grid = store.grid();
    else if (kind) state.encoder = store.view(mappedIndices(detection), headerTexts(detection), detection.headerIndex);
  }

  finish(date1904: boolean): IngestResult {
    const log = new IssueLog();
    const reconciliation: Reconciliation[] = [];
    for (const st of this.sheets) {
      const d = st.detection;
      if (st.hidden && !st.generated && st.anyData)
        log.add({ sheet: d.sheet, row: null, column: null, severity: "info", code: "sheet-hidden", params: { sheet: d.sheet, state: st.hidden } });
      if (d.ignored || st.generated) continue;
      if (!st.anyData) {
        log.add({ sheet: d.sheet, row: null, column: null, severity: "info", code: "sheet-empty", params: { sheet: d.sheet } });
        continue;
      }
      if (!d.kind) {
        log.add({ sheet: d.sheet, row: null, column: null, severity: "info", code: "sheet-not-recognised", params: { sheet: d.sheet } });
        continue;
      }
      // Merges above or on the header row only label columns (their group label is carried across).
      const merges = st.unfilledMerges.filter((m) => m.bottom > d.headerRow);
      if (merges.length)
        log.add({
          sheet: d.sheet,
          row: null,
          column: null,
          severity: "warning",
          code: "merged-cells-streamed",
          params: {
            sheet: d.sheet,
            count: merges.length,
            ranges:
              merges
                .slice(0, 5)
                .map((m) => m.ref)
                .join(", ") + (merges.length > 5 ? " …" : ""),
          },
        });
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

    // Two sheets of one kind (two files, two exports) that disagree on their columns: figures that need
    // the missing field use only the sheets that have it, and the user is told which (fields the sell-out
    // completes from Products are not missing).
    for (const kind of INPUT_KINDS) {
      const same = this.sheets.filter(
        (x) => !x.generated && !x.detection.ignored && x.detection.kind === kind && x.detection.missing.length === 0 && x.anyData,
      );
      if (kind === "settings" || same.length < 2) continue;
      const fieldsOf = (x: SheetState) => new Set(x.detection.columns.map((c) => c.field).filter((f): f is string => f !== null));
      const all = new Set(same.flatMap((x) => [...fieldsOf(x)]));
      for (const x of same) {
        const mine = fieldsOf(x);
        const lacking = [...all].filter((f) => !mine.has(f) && !(kind === "sell-out" && (PRODUCT_FIELDS as readonly string[]).includes(f)));
        if (lacking.length === 0) continue;
        const others = same.filter((o) => o !== x && lacking.some((f) => fieldsOf(o).has(f))).map((o) => o.name);
        log.add({
          sheet: x.name,
          row: x.detection.headerRow || null,
          column: null,
          severity: "warning",
          code: "kind-columns-differ",
          params: { sheet: x.name, kind, fields: lacking.join(", "), others: others.join(", ") },
        });
      }
    }

    // Settings first: they say how to read the rest (fiscal year, default retailer).
    let settings = { ...DEFAULT_SETTINGS };
    for (const st of this.sheets) if (st.grid && st.anyData) settings = readSettings(st.grid, settings, log);

    const builders = new Map<InputKind, TableBuilder>();
    let products = new Map<string, ProductInfo>();
    let stores = new Set<string>();
    // The indexes by digits are built once per change of Products or Stores, not per sheet.
    const contextOf = (): SheetContext => ({
      settings,
      products,
      skuByDigits: digitIndex(products.keys()),
      stores,
      storeByDigits: digitIndex(stores),
      log,
      date1904,
    });
    let ctx = contextOf();
    for (const kind of ORDER) {
      if (kind === "settings") continue;
      // Visible sheets first: when a hidden sheet repeats a visible one, the visible one is kept.
      const ofKind = this.sheets.filter((x) => x.encoder && !x.generated && x.detection.kind === kind);
      ofKind.sort((a, b) => (a.hidden ? 1 : 0) - (b.hidden ? 1 : 0));
      const repeats = ofKind.length > 1 ? new RepeatedRows() : null;
      for (const st of ofKind) {
        if (st.detection.missing.length > 0) {
          // Refused whole (the issue above says why): its rows are still counted, all rejected.
          reconciliation.push(refusedSheet(st));
          continue;
        }
        let builder = builders.get(kind);
        if (!builder) {
          builder = newBuilder(kind);
          builders.set(kind, builder);
        }
        const start = builder.n;
        const rec = resolveSheet(st, builder, ctx);
        if (repeats) repeats.take(builder, start, st.name, rec, kindSpec(kind).moneyField, log);
        reconciliation.push(rec);
        st.encoder = null; // resolved: its memory can go before the next sheet
      }
      // Products and Stores are read first: the sheets after them are resolved against them.
      if (kind === "products" && builders.has("products")) products = productIndex(builders.get("products")!.build());
      if (kind === "stores" && builders.has("stores")) stores = storeCodes(builders.get("stores")!.build());
      if (kind === "products" || kind === "stores") ctx = contextOf();
    }

    const actionPlans = this.readGenerated(log, ctx);
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
    return {
      detections: this.sheets.map((s) =>
        s.generated ? { ...s.detection, ignored: true, generated: { sectionId: s.generated.sectionId, period: s.generated.period } } : s.detection,
      ),
      tables,
      settings,
      products,
      issues: log.all(),
      reconciliation,
      actionPlans,
    };
  }

  /**
   * Our own sheets: one info line per earlier review saying they were not read, and each Action plan
   * read into a table of its own (its rows belong to that review's retailer, which the sheet does not
   * repeat, so they must not join the user's Actions table). Reconciliation is left to the user's sheets.
   */
  private readGenerated(log: IssueLog, ctx: SheetContext): ActionPlanInput[] {
    const reviews = new Map<string, SheetState[]>();
    for (const st of this.sheets) {
      if (!st.generated) continue;
      const k = `${st.generated.retailerTag} ${st.generated.period}`;
      reviews.set(k, [...(reviews.get(k) ?? []), st]);
    }
    for (const sts of reviews.values())
      log.add({
        sheet: null,
        row: null,
        column: null,
        severity: "info",
        code: "generated-sheets-skipped",
        params: { period: sts[0].generated!.period, count: sts.length, sheets: sts.map((x) => x.name).join(", ") },
      });
    const plans: ActionPlanInput[] = [];
    for (const st of this.sheets) {
      if (!st.generated || st.generated.sectionId !== "actionPlan") continue;
      const plan: ActionPlanInput = { sheet: st.name, retailerTag: st.generated.retailerTag, period: st.generated.period, table: null };
      if (st.encoder && st.detection.missing.length === 0) {
        const builder = newBuilder("actions");
        resolveSheet(st, builder, ctx);
        st.encoder = null;
        plan.table = builder.n > 0 ? builder.build() : null;
      }
      plans.push(plan);
    }
    return plans;
  }
}

/**
 * Rows of one kind that repeat, value for value, a row of an earlier sheet of that kind: a copy of the
 * sell-out sheet ("Sell-out (2)", an old backup, hidden or not) would count every figure twice. Each
 * earlier row absorbs one repeat; repeats are taken out of the table, counted as rejected, and a warning
 * names both sheets. Rows repeated within one sheet are left alone (that is the sheet's own data).
 */
class RepeatedRows {
  /** Per fingerprint: how many kept rows of earlier sheets have it, and the first sheet that has it. */
  private readonly seen = new Map<string, { count: number; sheet: string }>();

  take(builder: TableBuilder, start: number, sheet: string, rec: Reconciliation, moneyField: string | undefined, log: IssueLog): void {
    const end = builder.n;
    const keep = new Uint8Array(end - start).fill(1);
    const here = new Map<string, number>();
    const kept = new Map<string, number>();
    const bySheet = new Map<string, { rows: number; money: MoneySum; first: number }>();
    const money = moneyField ? builder.numArray(builder.numSlot(moneyField)) : null;
    for (let i = start; i < end; i++) {
      const fp = builder.fingerprint(i);
      const k = (here.get(fp) ?? 0) + 1;
      here.set(fp, k);
      const earlier = this.seen.get(fp);
      // The k-th copy of a row here repeats an earlier sheet when that sheet had it k times or more.
      if (earlier && k <= earlier.count) {
        keep[i - start] = 0;
        let d = bySheet.get(earlier.sheet);
        if (!d) bySheet.set(earlier.sheet, (d = { rows: 0, money: new MoneySum(), first: builder.rowNumberAt(i) }));
        d.rows++;
        if (money) d.money.add(money[i]);
      } else kept.set(fp, (kept.get(fp) ?? 0) + 1);
    }
    for (const [fp, n] of kept) {
      const e = this.seen.get(fp);
      if (e) e.count += n;
      else this.seen.set(fp, { count: n, sheet });
    }
    if (bySheet.size === 0) return;
    builder.compactFrom(start, keep);
    for (const [other, d] of bySheet) {
      rec.rowsUsed -= d.rows;
      rec.rowsRejected += d.rows;
      if (rec.valueUsed !== null && rec.valueRejected !== null) {
        rec.valueUsed -= d.money.value;
        rec.valueRejected += d.money.value;
      }
      log.add({
        sheet,
        row: d.first,
        column: null,
        severity: "warning",
        code: "sheet-repeats-rows",
        params: { sheet, other, count: d.rows, value: Math.round(d.money.value * 100) / 100 },
      });
    }
  }
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
  /** Stores' codes, and their digit-only codes by their value without leading zeros (as for SKUs). */
  stores: Set<string>;
  storeByDigits: Map<string, string>;
  log: IssueLog;
  date1904: boolean;
}

interface Note {
  severity: Severity;
  code: IssueCode;
  extra: Record<string, string | number>;
}
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
    if (n === "text-chars-removed") issueAt("info", "text-chars-removed", extra);
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

/** A cell's reading, resolved once per distinct value of a column and reused for every cell like it. */
interface Entry {
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
interface ColumnPlan {
  col: RawColumn;
  field: string;
  spec: FieldSpec;
  letter: string;
  header: string;
  /** Money and plain numbers: a number cell is its own value. */
  fastNumber: boolean;
  sku: boolean;
  store: boolean;
  /** The "date" field: more precise than a period label, it wins a row's span. */
  isDate: boolean;
  /** A name column: only the exact total words make a total row there ("Total Care" is a product). */
  nameColumn: boolean;
  textSlot: number;
  numSlot: number;
  strEntries: Array<Entry | undefined>;
  valueEntries: Map<number, Entry>;
  dateEntries: Map<number, Entry>;
  otherEntries: Array<Entry | undefined>;
}

const NO_GROUPS: number[][] = [];

/** Sell-out fields completed from Products when the sheet has no readable value of its own. */
const PRODUCT_FIELDS = ["manufacturer", "category", "segment", "productName", "brand"] as const;
const PRODUCT_KEYS = ["manufacturer", "category", "segment", "name", "brand"] as const;

function makeEntry(plan: ColumnPlan, cell: RawCell, ctx: SheetContext, kind: InputKind): Entry {
  const notes: Note[] = [];
  const result = readCell(plan.spec, cell, ctx, kind, (severity, code, extra = {}) => notes.push({ severity, code, extra }));
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

function entryAt(plan: ColumnPlan, i: number, ctx: SheetContext, kind: InputKind): Entry {
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
function moneyAt(plan: ColumnPlan, i: number, ctx: SheetContext, kind: InputKind): number {
  if (plan.col.codes[i] === CELL_NUMBER) {
    const v = plan.col.values![i];
    if (Number.isFinite(v)) return v;
  }
  const e = entryAt(plan, i, ctx, kind);
  return e.ok && e.num === e.num ? e.num : 0;
}

function planColumns(st: SheetState, builder: TableBuilder | null, spec: ReturnType<typeof kindSpec>): ColumnPlan[] {
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
        isDate: c.field === "date",
        nameColumn: NAME_FIELDS.has(c.field!),
        textSlot: builder ? builder.textSlot(c.field!) : -1,
        numSlot: builder ? builder.numSlot(c.field!) : -1,
        strEntries: [],
        valueEntries: new Map(),
        dateEntries: new Map(),
        otherEntries: [],
      };
    });
}

/** A sheet that cannot be used at all: every non-blank row below the header is rejected. */
function refusedSheet(st: SheetState): Reconciliation {
  const kind = st.detection.kind!;
  const spec = kindSpec(kind);
  const plans = planColumns(st, null, spec);
  const moneyPlan = spec.moneyField ? plans.find((p) => p.field === spec.moneyField) : undefined;
  const enc = st.encoder!;
  const rec = emptyReconciliation(st.name, kind, moneyPlan !== undefined);
  rec.blankRows = enc.blankRows;
  rec.rowsRead = enc.n - enc.start;
  rec.rowsRejected = enc.n - enc.start;
  if (moneyPlan) {
    // Money as a plain number reading; no setting or product changes it.
    const ctx: SheetContext = {
      settings: DEFAULT_SETTINGS,
      products: new Map(),
      skuByDigits: new Map(),
      stores: new Set(),
      storeByDigits: new Map(),
      log: new IssueLog(),
      date1904: false,
    };
    const money = new MoneySum();
    for (let i = enc.start; i < enc.n; i++) money.add(moneyAt(moneyPlan, i, ctx, kind));
    rec.valueRead = money.value;
    rec.valueUsed = 0;
    rec.valueRejected = money.value;
  }
  return rec;
}

/**
 * The second step for one sheet: each row is checked (subtotal, required fields, readable values,
 * sell-out completed from Products) and kept or rejected with its issue, by tight loops over the
 * encoded columns; every cell's reading comes from its distinct value's entry.
 */
function resolveSheet(st: SheetState, builder: TableBuilder, ctx: SheetContext): Reconciliation {
  const d = st.detection;
  const kind = d.kind!;
  const spec = kindSpec(kind);
  const enc = st.encoder!;
  const sheet = st.name;
  const colOffset = st.firstColumn - 1;
  const sheetNo = builder.sheetNumber(sheet);
  const plans = planColumns(st, builder, spec);
  const m = plans.length;
  const moneyPlan = spec.moneyField ? plans.find((p) => p.field === spec.moneyField) : undefined;
  const retailerK = plans.findIndex((p) => p.field === "retailer");
  const retailerPlan = retailerK >= 0 ? plans[retailerK] : undefined;

  if (kind === "sell-out" && !retailerPlan && !ctx.settings.retailer) {
    ctx.log.add({ sheet, row: null, column: null, severity: "error", code: "no-retailer", params: { sheet } });
    return refusedSheet(st);
  }

  // Our own Action plan has columns of ours (#, Overdue) the actions kind does not read: not news to the user.
  if (!st.generated) reportColumns(st, ctx.log, colOffset);
  if (st.hiddenRows > 0) {
    // Hidden or filtered-out rows are still the user's data: used, and said so.
    ctx.log.add({ sheet, row: null, column: null, severity: "info", code: "hidden-rows-included", params: { sheet, count: st.hiddenRows } });
  }

  const rec = emptyReconciliation(sheet, kind, moneyPlan !== undefined);
  rec.blankRows = enc.blankRows;
  const read = new MoneySum();
  const used = new MoneySum();
  const rejectedMoney = new MoneySum();

  // Required groups as column positions, in the schema's order of fields.
  const groups = spec.required.map((r) => (Array.isArray(r) ? r : [r]).map((f) => plans.findIndex((p) => p.field === f)).filter((k) => k >= 0));
  const emptyGroup = groups.some((g) => g.length === 0);
  const skuPlans = plans.flatMap((p, k) => (p.sku || p.store ? [k] : []));
  const totalPlans = plans.filter((p) => !FREE_TEXT_FIELDS.has(p.field) && (p.nameColumn ? p.col.hasTotalInName : p.col.hasTotal));
  // What identifies a data row: a subtotal has none of it (no SKU, no store).
  const identityPlans = plans.filter(
    (p) => p.field === "store" || p.sku || spec.required.some((r) => r === p.field && (p.spec.type === "text" || p.spec.type === "code")),
  );
  const sinceSubtotal = new MoneySum();
  const unmappedTotals = enc.unmappedTotals.size > 0 ? enc.unmappedTotals : null;
  const sellOut = kind === "sell-out";
  const skuK = plans.findIndex((p) => p.field === "sku");
  const productK = PRODUCT_FIELDS.map((f) => plans.findIndex((p) => p.field === f));
  const productSlots = PRODUCT_FIELDS.map((f) => builder.textSlot(f));
  const retailerSlot = builder.textSlot("retailer");
  const defaultRetailer = sellOut && ctx.settings.retailer !== null ? builder.codeOf(retailerSlot, ctx.settings.retailer) : -1;
  const spanStart = builder.numSlot("spanStart");
  const spanEnd = builder.numSlot("spanEnd");

  const codesOf = plans.map((p) => p.col.codes);
  const ok = new Uint8Array(m);
  const nums = new Float64Array(m);
  const entries: Array<Entry | null> = new Array(m).fill(null);
  builder.reserve(enc.n - enc.start);
  // Reserved above, so these arrays stay the builder's for the whole sheet: rows are written straight in.
  const textOut = plans.map((p) => (p.textSlot >= 0 ? builder.textArray(p.textSlot) : null));
  const numOut = plans.map((p) => (p.numSlot >= 0 ? builder.numArray(p.numSlot) : null));
  const spanStartOut = spanStart >= 0 ? builder.numArray(spanStart) : null;
  const spanEndOut = spanEnd >= 0 ? builder.numArray(spanEnd) : null;

  for (let i = enc.start; i < enc.n; i++) {
    const excelRow = enc.rowNumber[i];
    rec.rowsRead++;
    const money = moneyPlan ? moneyAt(moneyPlan, i, ctx, kind) : 0;
    if (moneyPlan) read.add(money);

    // A subtotal row is known by its position and shape, not by a word anywhere in it: a total label
    // where a dimension belongs (not in a note), and either nothing that identifies a data row (no SKU,
    // no store) or, for a label that is the whole cell, a value equal to the rows it closes.
    let totalText: string | null = null;
    let totalColumn = Number.MAX_SAFE_INTEGER;
    let strength = 0;
    for (const p of totalPlans) {
      const s = p.col.totalStrength(p.col.codes[i], p.nameColumn);
      if (s > strength) {
        strength = s;
        totalText = p.col.dict[p.col.codes[i]].trim();
        totalColumn = p.col.gridIndex;
      }
      if (s === 2) break;
    }
    const other = unmappedTotals?.get(i);
    if (other && strength === 0) {
      // A label in a column we do not read (a leading unnamed column, a side table) counts only on a row with no identity.
      strength = 1;
      totalText = other.text;
      totalColumn = other.column;
    }
    if (strength > 0) {
      const noIdentity = identityPlans.length > 0 && identityPlans.some((p) => p.col.isBlankAt(i));
      const closesRows = moneyPlan !== undefined && (Math.abs(money - sinceSubtotal.value) < 0.005 || Math.abs(money - used.value) < 0.005);
      if (noIdentity || (strength === 2 && closesRows)) {
        ctx.log.add({ sheet, row: excelRow, column: null, severity: "info", code: "subtotal-row", params: { row: excelRow, text: totalText! } });
        rec.rowsRejected++;
        if (moneyPlan) rejectedMoney.add(money);
        sinceSubtotal.reset();
        continue;
      }
      if (strength === 2)
        ctx.log.add({
          sheet,
          row: excelRow,
          column: columnLetter(totalColumn + 1 + colOffset),
          severity: "warning",
          code: "total-label-in-data",
          params: { row: excelRow, text: totalText! },
        });
    }

    // Unreadable cells in this row: most rows have none, and then the checks below have nothing to do.
    let bad = 0;
    for (let k = 0; k < m; k++) {
      const p = plans[k];
      const code = codesOf[k][i];
      if (code === CELL_NUMBER && p.fastNumber) {
        const v = p.col.values![i];
        if (v - v === 0) {
          ok[k] = 1;
          nums[k] = v;
          entries[k] = null;
          continue;
        }
      }
      const e = code >= 0 ? (p.strEntries[code] ??= makeEntry(p, p.col.dict[code], ctx, kind)) : entryAt(p, i, ctx, kind);
      entries[k] = e;
      if (e.ok) {
        ok[k] = 1;
        nums[k] = e.num;
      } else {
        ok[k] = 0;
        bad++;
      }
      if (e.notes.length === 0) continue;
      for (const n of e.notes) {
        ctx.log.add({
          sheet,
          row: excelRow,
          column: p.letter,
          severity: n.severity,
          code: n.code,
          params: { cell: `${p.letter}${excelRow}`, value: cellDisplay(p.col.raw(i)), header: p.header, field: p.field, row: excelRow, ...n.extra },
        });
      }
    }

    // Required: each group needs one readable member; else the row is rejected with the reason.
    let rejected = false;
    for (const group of bad > 0 || emptyGroup ? groups : NO_GROUPS) {
      let any = false;
      for (const k of group) if (ok[k]) any = true;
      if (any) continue;
      const failureOf = (k: number) => entries[k]!.failure;
      const k = group.find((x) => failureOf(x) !== "blank") ?? group[0];
      rejected = true;
      // A group with no column at all (a kind forced on a sheet without a header row): nothing to point at.
      if (k === undefined) break;
      const p = plans[k];
      ctx.log.add({
        sheet,
        row: excelRow,
        column: p.letter,
        severity: "error",
        code: FAILURE_CODE[failureOf(k)],
        params: { cell: `${p.letter}${excelRow}`, value: cellDisplay(p.col.raw(i)), header: p.header, field: p.field, row: excelRow },
      });
      rejected = true;
      break;
    }
    for (const k of skuPlans) {
      const fix = ok[k] ? entries[k]!.skuFix : null;
      if (fix)
        ctx.log.add({
          sheet,
          row: excelRow,
          column: plans[k].letter,
          severity: "info",
          code: fix.issue,
          params: { written: fix.written, code: fix.code },
        });
    }

    let retailerCode = -1;
    let skuEntry: Entry | null = null;
    if (!rejected && sellOut) {
      // Retailer from the row, else the Settings default; manufacturer and category from Products when the row has none.
      if (retailerK >= 0 && ok[retailerK]) retailerCode = -2;
      else if (defaultRetailer >= 0) retailerCode = defaultRetailer;
      else {
        ctx.log.add({
          sheet,
          row: excelRow,
          column: retailerPlan?.letter ?? null,
          severity: "error",
          code: "missing-value",
          params: { cell: `${retailerPlan?.letter ?? ""}${excelRow}`, header: retailerPlan?.header ?? "", field: "retailer", row: excelRow, value: "" },
        });
        rejected = true;
      }
      if (!rejected) {
        skuEntry = entries[skuK]!;
        if (skuEntry.product === undefined) {
          skuEntry.product = ctx.products.get(skuEntry.text ?? "") ?? null;
          skuEntry.derived = new Int32Array(PRODUCT_FIELDS.length).fill(-2);
        }
        const sku = skuEntry.text!;
        for (let f = 0; f < 2 && !rejected; f++) {
          const k = productK[f];
          if ((k >= 0 && ok[k]) || skuEntry.product?.[PRODUCT_KEYS[f]]) continue;
          ctx.log.add({
            sheet,
            row: excelRow,
            column: null,
            severity: "error",
            code: f === 0 ? "unknown-manufacturer" : "unknown-category",
            params: { row: excelRow, sku },
          });
          rejected = true;
        }
      }
    }
    if (rejected) {
      rec.rowsRejected++;
      if (moneyPlan) rejectedMoney.add(money);
      continue;
    }

    // Optional fields that could not be read: used as empty, and said so.
    for (let k = 0; k < m && bad > 0; k++) {
      if (ok[k]) continue;
      const failure = entries[k]!.failure;
      if (failure === "blank") continue;
      const p = plans[k];
      const code: IssueCode =
        failure === "error-value"
          ? "cell-error-optional"
          : failure === "not-a-date"
            ? "not-a-date-optional"
            : p.spec.type === "flag"
              ? "not-a-flag"
              : "not-a-number-optional";
      ctx.log.add({
        sheet,
        row: excelRow,
        column: p.letter,
        severity: "warning",
        code,
        params: { cell: `${p.letter}${excelRow}`, value: cellDisplay(p.col.raw(i)), header: p.header, field: p.field, row: excelRow },
      });
    }

    const row = builder.beginRow(sheetNo, excelRow);
    let spanSet = false;
    for (let k = 0; k < m; k++) {
      if (!ok[k]) continue;
      const p = plans[k];
      const e = entries[k];
      if (!e) {
        const out = numOut[k];
        if (out) out[row] = nums[k];
        continue;
      }
      const text = textOut[k];
      if (e.text !== null && text) {
        if (e.out < 0) e.out = builder.codeOf(p.textSlot, e.text);
        text[row] = e.out;
      }
      const num = numOut[k];
      if (e.num === e.num && num) num[row] = e.num;
      // A date is more precise than a period label: it wins when a row has both.
      if (e.spanStart === e.spanStart && spanStartOut && (p.isDate || !spanSet)) {
        spanStartOut[row] = e.spanStart;
        spanEndOut![row] = e.spanEnd;
        spanSet = true;
      }
    }
    if (sellOut) {
      if (retailerCode >= 0) builder.setText(retailerSlot, row, retailerCode);
      const product = skuEntry!.product;
      if (product) {
        const derived = skuEntry!.derived!;
        for (let f = 0; f < PRODUCT_FIELDS.length; f++) {
          const k = productK[f];
          if (k >= 0 && ok[k]) continue;
          if (derived[f] === -2) {
            const v = product[PRODUCT_KEYS[f]];
            derived[f] = v === null ? -1 : builder.codeOf(productSlots[f], v);
          }
          if (derived[f] >= 0) builder.setText(productSlots[f], row, derived[f]);
        }
      }
    }
    rec.rowsUsed++;
    if (moneyPlan) {
      used.add(money);
      sinceSubtotal.add(money);
    }
  }
  if (moneyPlan) {
    rec.valueRead = read.value;
    rec.valueUsed = used.value;
    rec.valueRejected = rejectedMoney.value;
  }
  return rec;
}

/** Columns that were not used: a second column for a field already mapped, a column without a header, unknown headers. */
function reportColumns(st: SheetState, log: IssueLog, colOffset: number): void {
  const d = st.detection;
  const enc = st.encoder!;
  const grid = { name: st.name };
  const mappedBy = new Map(d.columns.filter((c) => c.field).map((c) => [c.field!, c]));
  const unknown: string[] = [];
  // Data may run wider than the header row: those columns have no header at all (reported when they hold data).
  const width = Math.max(d.columns.length, ...[...enc.unnamedWithData].map((c) => c + 1));
  const columns = [...d.columns];
  for (let i = d.columns.length; i < width; i++) columns.push({ index: i, column: columnLetter(i + 1), header: "", field: null, confidence: 0 });
  for (const c of columns) {
    if (c.field) continue;
    const letter = columnLetter(c.index + 1 + colOffset);
    if (!c.header) {
      if (enc.unnamedWithData.has(c.index))
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

const SKU_FIELDS = ["sku", "ourSku", "competitorSku"];

function digitIndex(codes: Iterable<string>): Map<string, string> {
  const m = new Map<string, string>();
  for (const code of codes) if (/^\d+$/.test(code)) m.set(code.replace(/^0+(?=\d)/, ""), code);
  return m;
}

function storeCodes(t: Table): Set<string> {
  const out = new Set<string>();
  for (const r of tableRows(t)) if (r.text.store) out.add(r.text.store);
  return out;
}

/**
 * A whole-number code in the form a float gives it: "6901234500001.0" (a number pasted through a
 * float), "6.901234500001E+12" (Excel's scientific display, pasted as text). The digits it stands for,
 * or null when the text is not such a form (or is not a whole number: then it is not a code).
 */
export function codeFromFloatForm(text: string): string | null {
  let m = /^(\d+)\.0+$/.exec(text);
  if (m) return m[1];
  m = /^(\d)(?:\.(\d+))?E\+?(\d{1,2})$/i.exec(text);
  if (!m) return null;
  const digits = m[1] + (m[2] ?? "");
  const exp = Number(m[3]);
  if (digits.length - 1 > exp) return null; // a fraction: not a whole-number code
  return (digits + "0".repeat(exp - (digits.length - 1))).replace(/^0+(?=\d)/, "");
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
      case "retailerAliases": {
        if (!text.ok) break;
        const pairs = text.value
          .split(/[;；\n]/)
          .map((p) => p.split(/=|＝|→/).map((x) => x.trim()))
          .filter((p) => p.length === 2 && p[0] && p[1]) as Array<[string, string]>;
        if (pairs.length === 0) bad();
        s.retailerAliases = [...s.retailerAliases, ...pairs];
        break;
      }
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
