/**
 * The Office.js renderer: writes a review model into the open workbook on the same grid as the file
 * renderer (engine/layout.ts). It never touches the user's sheets: the sheets it generated are listed
 * in the document's settings, and regenerating deletes only those before writing the new set; a user
 * sheet that already has a section's name keeps it and ours takes a suffix.
 * Text cells are formatted as text ("@") before their values are written, so data such as
 * "=HYPERLINK(...)" stays text (Range.values would make it a formula). Values go one range per table,
 * formats after; one sync per sheet. ExcelApi 1.7 is enough; page layout is set only from 1.9.
 */
import type { CellValue, ReviewModel, SheetLayout, ValueFormat } from "../../engine";
import { columnLetter, layoutReview, numberFormat, safeSheetName } from "../../engine";

export const GENERATED_SHEETS_SETTING = "kaReview.generatedSheets";
/** The worksheet custom property that marks a sheet as ours (ExcelApi 1.12). */
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

/**
 * Write the review's sheets; returns their names. Regenerating replaces only the sheets listed in the
 * document's settings as ours.
 */
export async function writeReview(model: ReviewModel, opts: WriteOptions): Promise<string[]> {
  const previous = [...((opts.settings.get(GENERATED_SHEETS_SETTING) as string[] | null) ?? [])];
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    // Ours: listed in the document settings, or (ExcelApi 1.12) tagged with a worksheet custom property.
    const tagged = opts.isSetSupported?.("ExcelApi", "1.12") ?? false;
    const tags = tagged ? sheets.items.map((w) => w.customProperties.getItemOrNullObject(TAG)) : [];
    tags.forEach((t) => t.load("value"));
    if (tagged) await context.sync();
    sheets.items.forEach((w, i) => {
      if (tagged && !tags[i].isNullObject) previous.push(w.name);
    });
    const ours = new Set(previous);
    const userNames = new Set(sheets.items.map((w) => w.name.toLowerCase()).filter((n) => !previous.some((p) => p.toLowerCase() === n)));
    for (const w of sheets.items) if (ours.has(w.name)) w.delete();
    await context.sync();

    // Our names avoid the user's sheets: a user sheet called "Cover" keeps its name, ours becomes "Cover (2)".
    const taken = new Set(userNames);
    const layouts = layoutReview(model).map((l) => ({ ...l, sheet: safeSheetName(l.section.title, taken) }));
    const written: string[] = [];
    for (const [i, layout] of layouts.entries()) {
      if (opts.isCancelled?.()) break;
      if (opts.isSetSupported?.("ExcelApi", "1.9")) context.application.suspendScreenUpdatingUntilNextSync();
      const ws = sheets.add(layout.sheet);
      if (tagged) ws.customProperties.add(TAG, "generated");
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
    opts.settings.set(GENERATED_SHEETS_SETTING, written);
    await new Promise<void>((resolve) => opts.settings.saveAsync(() => resolve()));
    return written;
  });
}
