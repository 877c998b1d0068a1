/**
 * Ingestion: raw grids -> typed tables + issues + a reconciliation per sheet.
 * Every non-blank row below the header is either used or rejected with an issue, and the money
 * read on a sheet equals the money used plus the money rejected. Nothing is dropped silently.
 */
import { isBlank } from "../core/coerce";
import { RawCell, SheetGrid, WorkbookGrids } from "../core/grid";
import { IssueLog } from "../core/issues";
import { parseMarks } from "../core/marks";
import { INPUT_KINDS, InputKind, kindSpec } from "../core/schema";
import { Table, TableBuilder } from "../core/table";
import { newBuilder, PRODUCT_FIELDS, SheetContext } from "./cells";
import { detectSheet, SheetDetection } from "./detect";
import { HEAD_ROWS, SheetEncoder, SheetStore } from "./encode";
import { digitIndex, productIndex, ProductInfo, storeCodes } from "./products";
import { refusedSheet, RepeatedRows, resolveSheet, takeOverlaps } from "./resolve";
import { DEFAULT_SETTINGS, readSettings } from "./settings";
import { ActionPlanInput, IngestOptions, IngestResult, Reconciliation, SheetSink, SheetState, StoredSheet } from "./types";

/**
 * Ingest order: Settings, Products and Stores first, since Sell-out rows are completed from them;
 * then every other kind. Derived from INPUT_KINDS so a new kind can never be detected but not read.
 */
const FIRST: InputKind[] = ["settings", "products", "stores"];
const ORDER: InputKind[] = [...FIRST, ...INPUT_KINDS.filter((k) => !FIRST.includes(k))];

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

/** Ingest stored sheets under the user's overrides: detection and resolution only, no reading. */
export function ingestStored(sheets: StoredSheet[], options: IngestOptions, date1904: boolean): IngestResult {
  const ingest = new WorkbookIngest(options);
  for (const s of sheets) ingest.addStoredSheet(s.store, s);
  return ingest.finish(date1904);
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
      discard: () => {
        const i = this.sheets.indexOf(state);
        if (i >= 0) this.sheets.splice(i, 1);
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
      const repeats = ofKind.length > 1 ? new RepeatedRows(kind) : null;
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
      // Two exports of the same sales with different figures: one kept, never both.
      if (kind === "sell-out" && repeats && builders.has(kind)) takeOverlaps(builders.get(kind)!, reconciliation, log);
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
