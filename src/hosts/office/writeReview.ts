/**
 * The Office.js renderer: writes a review model into the open workbook on the same grid as the file
 * renderer (engine/layout.ts). It never touches the user's sheets: each sheet it writes is marked by a
 * workbook-level defined name (engine/generated.ts), which every reader of the file sees. Regenerating
 * the same review replaces only its sheets; a review of another period stays, renamed once with its
 * period ("Cover 2026-Q2"), the latest `keepReviews` of them, and the new cover links to them. A user
 * sheet that already has a section's name keeps it and ours takes a suffix. Sheets written by earlier
 * versions (listed in the document's settings, or tagged with a custom property) are replaced as before.
 * Text cells are formatted as text ("@") before their values are written, so data such as
 * "=HYPERLINK(...)" stays text (Range.values would make it a formula). Values go one range per table,
 * formats after; one sync per sheet. ExcelApi 1.7 is enough; page layout is set only from 1.9.
 */
import type { CellValue, ReviewModel, SheetLayout, ValueFormat } from "../../engine";
import { DEFAULT_KEEP_REVIEWS, columnLetter, layoutReview, markName, numberFormat, parseMarks, planReviewSheets, sheetRef, staleMarkNames } from "../../engine";

/** Where versions before the defined-name marks listed their sheets (read, then cleared). */
export const GENERATED_SHEETS_SETTING = "kaReview.generatedSheets";
/** The worksheet custom property earlier versions marked a sheet with (ExcelApi 1.12; read only). */
export const TAG = "KAReview";

/** Office.context.document.settings, or a stand-in (tests). */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: () => void): void;
}

export interface WriteOptions {
  settings: DocumentSettings;
  /** Office.context.requirements.isSetSupported */
  isSetSupported?: (name: string, version: string) => boolean;
  onProgress?: (sheet: string, done: number, total: number) => void;
  isCancelled?: () => boolean;
  /** Earlier reviews kept beside the new one (the review options; default 4). */
  keepReviews?: number;
}

type Cell = string | number | boolean;

function cellValue(v: CellValue): Cell {
  return v === null ? "" : v;
}

function address(row: number, col: number, rows = 1, cols = 1): string {
  const a = `${columnLetter(col)}${row}`;
  return rows === 1 && cols === 1 ? a : `${a}:${columnLetter(col + cols - 1)}${row + rows - 1}`;
}

/** Write one sheet's content: text formats first, then values, then number formats and the table. */
function writeSheet(ws: Excel.Worksheet, layout: SheetLayout, model: ReviewModel): void {
  const section = layout.section;
  const text = (row: number, col: number, value: string) => {
    const r = ws.getRange(address(row, col));
    r.numberFormat = [["@"]];
    r.values = [[value]];
    return r;
  };
  text(1, 1, section.heading ?? section.title).format.font.bold = true;
  if (section.audience === "internal")
    text(2, 1, model.lang === "zh" ? "内部资料 – 请勿提供给零售商" : "Internal – not for the retailer").format.font.color = "#C00000";

  section.kpis.forEach((k, i) => {
    const c = 1 + i * 2;
    text(layout.kpiRow, c, k.label).format.font.bold = true;
    const v = ws.getRange(address(layout.kpiRow + 1, c));
    v.values = [[cellValue(k.value)]];
    v.numberFormat = [[numberFormat(k.format, model.currency) ?? "General"]];
    if (k.delta !== undefined) {
      const d = ws.getRange(address(layout.kpiRow + 2, c));
      d.values = [[cellValue(k.delta)]];
      d.numberFormat = [[numberFormat(k.deltaFormat ?? "number", model.currency) ?? "General"]];
    }
  });

  for (const t of layout.tables) {
    if (t.titleRow !== null) text(t.titleRow, t.firstColumn, t.table.title ?? "").format.font.bold = true;
    const cols = t.table.columns;
    const rows = Math.max(1, t.table.rows.length);
    const whole = ws.getRange(address(t.headerRow, t.firstColumn, rows + 1, cols.length));
    // Text first: every text column (and the header row) is "@" before any value lands.
    const formats: string[][] = [cols.map(() => "@")];
    for (let r = 0; r < rows; r++) {
      const row = t.table.rows[r];
      formats.push(
        cols.map((c) => {
          const f = ((row?.[`__format_${c.key}`] as ValueFormat | undefined) ?? c.format) as ValueFormat;
          return f === "text" || typeof row?.[c.key] === "string" ? "@" : (numberFormat(f, model.currency) ?? "General");
        }),
      );
    }
    whole.numberFormat = formats;
    const values: Cell[][] = [cols.map((c) => c.header)];
    if (t.table.rows.length === 0) values.push(cols.map((_, i) => (i === 0 ? (model.lang === "zh" ? "（无）" : "(none)") : "")));
    for (const row of t.table.rows) values.push(cols.map((c) => cellValue(row[c.key] ?? null)));
    whole.values = values;
    if (t.table.rows.length > 0) {
      const table = ws.tables.add(whole, true);
      table.name = `KA_${section.id}_${t.tableId}`.replace(/[^A-Za-z0-9_]/g, "_");
      table.style = "TableStyleLight9";
    }
  }
  section.notes.forEach((note, i) => (text(layout.notesRow + i, 1, note).format.font.italic = true));
  for (const link of layout.links) {
    // ExcelApi 1.7: a link to a place in this workbook.
    ws.getRange(address(link.row, link.col)).hyperlink = { documentReference: sheetRef(link.sheet).replace(/\$/g, ""), textToDisplay: link.text };
  }
  ws.freezePanes.freezeRows(layout.freezeRows);
  conditionalFormats(ws, layout);
  charts(ws, layout);
}

const STATUS_FILLS: Record<string, string> = {
  green: "#C6EFCE",
  amber: "#FFEB9C",
  red: "#FFC7CE",
  within: "#C6EFCE",
  above: "#FFC7CE",
  below: "#FFEB9C",
  ok: "#C6EFCE",
  "over-charged": "#FFC7CE",
  "under-charged": "#FFEB9C",
};

/** The same rules as the file: traffic lights and corridor colours by status, data bars on contribution (ExcelApi 1.6). */
function conditionalFormats(ws: Excel.Worksheet, layout: SheetLayout): void {
  for (const t of layout.tables) {
    const rows = t.table.rows;
    if (rows.length === 0) continue;
    const colOf = (key: string) => t.firstColumn + t.table.columns.findIndex((c) => c.key === key);
    const first = t.headerRow + 1;
    const col = (key: string) => address(first, colOf(key), rows.length, 1);
    if (t.table.columns.some((c) => c.key === "status")) {
      const labels = new Map<string, string>();
      for (const r of rows) if (typeof r.__status === "string" && typeof r.status === "string") labels.set(r.__status, r.status);
      for (const [status, label] of labels) {
        const fill = STATUS_FILLS[status];
        if (!fill) continue;
        const cf = ws.getRange(col("status")).conditionalFormats.add(Excel.ConditionalFormatType.custom);
        cf.custom.rule.formula = `=${columnLetter(colOf("status"))}${first}="${label.replace(/"/g, '""')}"`;
        cf.custom.format.fill.color = fill;
      }
    }
    if (t.table.columns.some((c) => c.key === "contribution")) ws.getRange(col("contribution")).conditionalFormats.add(Excel.ConditionalFormatType.dataBar);
  }
}

const CHART_TYPES: Record<string, string> = {
  line: "Line",
  pareto: "ColumnClustered",
  bar: "ColumnClustered",
  column: "ColumnClustered",
  waterfall: "ColumnStacked",
};

/** Native charts from the tables' cells (ExcelApi 1.7: series set from ranges). */
function charts(ws: Excel.Worksheet, layout: SheetLayout): void {
  for (const p of layout.charts) {
    const [first, ...rest] = p.series;
    const chart = ws.charts.add(
      CHART_TYPES[p.spec.type] as Excel.ChartType,
      ws.getRange(address(first.firstRow, first.col, first.lastRow - first.firstRow + 1, 1)),
      Excel.ChartSeriesBy.columns,
    );
    chart.title.text = p.spec.title;
    chart.setPosition(address(p.from.row + 1, p.from.col + 1), address(p.to.row + 1, p.to.col + 1));
    const s0 = chart.series.getItemAt(0);
    s0.name = first.name;
    s0.setXAxisValues(ws.getRange(address(p.categories.firstRow, p.categories.col, p.categories.lastRow - p.categories.firstRow + 1, 1)));
    if (p.spec.type === "waterfall") s0.format.fill.clear(); // the invisible base of each step
    for (const s of rest) {
      const series = chart.series.add(s.name);
      series.setValues(ws.getRange(address(s.firstRow, s.col, s.lastRow - s.firstRow + 1, 1)));
      series.setXAxisValues(ws.getRange(address(p.categories.firstRow, p.categories.col, p.categories.lastRow - p.categories.firstRow + 1, 1)));
      // Pareto's cumulative share and the price corridor are lines over the columns.
      if (p.spec.type === "pareto" || p.spec.type === "bar") series.chartType = Excel.ChartType.line;
    }
  }
}

/** A table name unique in the workbook for an earlier review's table ("KA_cover_scorecard_2026_Q2"). */
function periodTableName(name: string, period: string): string {
  return `${name}_${period}`.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 255);
}

/**
 * Write the review's sheets; returns their names. The same review (retailer and period) is replaced;
 * earlier reviews are kept under names with their period, as engine/generated.ts plans.
 */
export async function writeReview(model: ReviewModel, opts: WriteOptions): Promise<string[]> {
  const legacy = [...((opts.settings.get(GENERATED_SHEETS_SETTING) as string[] | null) ?? [])];
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    const names = context.workbook.names;
    names.load("items/name,items/formula");
    await context.sync();
    const marks = parseMarks(
      names.items.map((n) => ({ name: n.name, formula: String(n.formula ?? "") })),
      sheets.items.map((w) => w.name),
    );
    // Sheets of versions before the marks: listed in the document settings, or (ExcelApi 1.12) tagged.
    const tagged = opts.isSetSupported?.("ExcelApi", "1.12") ?? false;
    const tags = tagged ? sheets.items.map((w) => w.customProperties.getItemOrNullObject(TAG)) : [];
    tags.forEach((t) => t.load("value"));
    if (tagged) await context.sync();
    sheets.items.forEach((w, i) => {
      if (tagged && !tags[i].isNullObject && !marks.some((m) => m.sheet === w.name)) legacy.push(w.name);
    });
    const marked = new Set(marks.map((m) => m.sheet));
    const replaced = new Set(legacy.filter((n) => !marked.has(n)));
    const plan = planReviewSheets(
      marks,
      sheets.items.map((w) => w.name).filter((n) => !replaced.has(n)),
      model.retailer,
      model.period,
      opts.keepReviews ?? DEFAULT_KEEP_REVIEWS,
    );
    const allNames = names.items.map((n) => ({ name: n.name, formula: String(n.formula ?? "") }));
    for (const n of [
      ...plan.removeNames,
      ...staleMarkNames(
        allNames,
        sheets.items.map((w) => w.name),
      ),
    ])
      names.getItem(n).delete();
    const remove = new Set([...replaced, ...plan.remove]);
    for (const w of sheets.items) if (remove.has(w.name)) w.delete();
    // An earlier review keeps its sheets, renamed with its period, and its tables too (table names are workbook-wide).
    const renamedTables = plan.rename.map((r) => {
      const ws = sheets.getItem(r.from);
      ws.tables.load("items/name");
      return { ws, r };
    });
    await context.sync();
    for (const { ws, r } of renamedTables) {
      const period = marks.find((m) => m.sheet === r.from)!.period;
      for (const t of ws.tables.items) t.name = periodTableName(t.name, period);
      ws.name = r.to;
    }
    const userNames = new Set(
      sheets.items
        .map((w) => w.name.toLowerCase())
        .filter((n) => ![...remove].some((p) => p.toLowerCase() === n) && !marks.some((m) => m.sheet.toLowerCase() === n)),
    );
    for (const r of plan.rename) userNames.add(r.to.toLowerCase());
    if (plan.rename.length) await context.sync();

    // Our names avoid the user's sheets: a user sheet called "Cover" keeps its name, ours becomes "Cover (2)".
    const layouts = layoutReview(model, plan.earlier, userNames);
    const written: string[] = [];
    for (const [i, layout] of layouts.entries()) {
      if (opts.isCancelled?.()) break;
      if (opts.isSetSupported?.("ExcelApi", "1.9")) context.application.suspendScreenUpdatingUntilNextSync();
      const ws = sheets.add(layout.sheet);
      names.add(markName(layout.section.id, model.retailer, model.period), ws.getRange("A1"));
      writeSheet(ws, layout, model);
      if (opts.isSetSupported?.("ExcelApi", "1.9")) {
        ws.pageLayout.orientation = Excel.PageOrientation.landscape;
        ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        if (layout.printTitleRow) ws.pageLayout.setPrintTitleRows(`$${layout.printTitleRow}:$${layout.printTitleRow}`);
      }
      // One request per sheet keeps each well under Excel on the web's 5 MB.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      written.push(layout.sheet);
      opts.onProgress?.(layout.sheet, i + 1, layouts.length);
    }
    // The marks replace the settings list: a list of names would follow a user's new sheet called "Cover".
    if (legacy.length) {
      opts.settings.set(GENERATED_SHEETS_SETTING, null);
      await new Promise<void>((resolve) => opts.settings.saveAsync(() => resolve()));
    }
    return written;
  });
}
