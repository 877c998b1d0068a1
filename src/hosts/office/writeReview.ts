/**
 * The Office.js renderer: writes a review model into the open workbook on the same grid as the file
 * renderer (engine/review/layout.ts). It never touches the user's sheets: each sheet it writes is marked by a
 * workbook-level defined name (engine/core/marks.ts), which every reader of the file sees. Regenerating
 * the same review replaces only its sheets; a review of another period stays, renamed once with its
 * period ("Cover 2026-Q2"), the latest `keepReviews` of them, and the new cover links to them. A user
 * sheet that already has a section's name keeps it and ours takes a suffix. Sheets written by earlier
 * versions (listed in the document's settings, or tagged with a custom property) are replaced as before.
 * Text cells are formatted as text ("@") before their values are written, so data such as
 * "=HYPERLINK(...)" stays text (Range.values would make it a formula). Values go one range per table,
 * formats after; one sync per sheet. ExcelApi 1.7 is enough; page layout is set only from 1.9.
 */
import type { CellLook, CellValue, PlacedCell, ReviewModel, SheetLayout } from "../../engine";
import {
  CELL_LOOKS,
  DEFAULT_KEEP_REVIEWS,
  TABLE_STYLE,
  columnLetter,
  layoutReview,
  parseMarks,
  planReviewSheets,
  rangeAddress,
  sheetRef,
  staleMarkNames,
} from "../../engine";

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

/**
 * Excel's column width unit (characters of the default font) in the points Office.js sets: a width
 * of w characters is 7·w + 5 pixels in Calibri 11, and a pixel is 0.75 pt.
 */
export function widthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

const hex = (rgb: string) => `#${rgb}`;

function applyLook(r: Excel.Range, layout: SheetLayout, look: CellLook): void {
  const f = r.format.font;
  f.name = layout.font;
  if (look.bold) f.bold = true;
  if (look.italic) f.italic = true;
  if (look.underline) f.underline = Excel.RangeUnderlineStyle.single;
  if (look.size) f.size = look.size;
  if (look.color) f.color = hex(look.color);
  if (look.fill) r.format.fill.color = hex(look.fill);
}

/**
 * One sheet, as its layout says (engine/review/layout.ts): text formats before values, then values,
 * looks, merges, sizes, the table, conditional formats, charts. Office.js is only told what the layout
 * decided, as the file renderer tells ExcelJS.
 */
function writeSheet(ws: Excel.Worksheet, layout: SheetLayout): void {
  ws.tabColor = hex(layout.tabColor);
  for (const c of layout.cells) {
    const r = ws.getRange(address(c.row, c.col));
    r.numberFormat = [[c.numFmt]];
    r.values = [[cellValue(c.value)]];
    applyLook(r, layout, CELL_LOOKS[c.role]);
    if (c.wrap) r.format.wrapText = true;
    if (c.top) r.format.verticalAlignment = Excel.VerticalAlignment.top;
  }
  for (const t of layout.tables) {
    const rows = t.cells.length;
    const cols = t.cells[0].length;
    const whole = ws.getRange(address(t.headerRow, t.firstColumn, rows, cols));
    // Text first: every text cell (and the header row) is "@" before any value lands.
    whole.numberFormat = t.cells.map((row) => row.map((c) => c.numFmt));
    whole.values = t.cells.map((row) => row.map((c) => cellValue(c.value)));
    whole.format.font.name = layout.font;
    applyLook(ws.getRange(address(t.headerRow, t.firstColumn, 1, cols)), layout, CELL_LOOKS.header);
    if (!t.name) applyLook(ws.getRange(address(t.headerRow + 1, t.firstColumn)), layout, CELL_LOOKS.empty);
    // Alignment and wrap by runs of a column: one request per run, not per cell.
    const same = (a: PlacedCell, b: PlacedCell) => !!a.right === !!b.right && !!a.wrap === !!b.wrap && !!a.top === !!b.top;
    for (let k = 0; k < cols; k++) {
      let start = 0;
      for (let r = 1; r <= rows; r++) {
        const a = t.cells[start][k];
        const b = r < rows ? t.cells[r][k] : null;
        if (b && same(a, b)) continue;
        if (a.right || a.wrap || a.top) {
          const run = ws.getRange(address(t.headerRow + start, t.firstColumn + k, r - start, 1));
          if (a.right) run.format.horizontalAlignment = Excel.HorizontalAlignment.right;
          if (a.wrap) run.format.wrapText = true;
          if (a.top) run.format.verticalAlignment = Excel.VerticalAlignment.top;
        }
        start = r;
      }
    }
    if (t.name) {
      const table = ws.tables.add(whole, true);
      table.name = t.name;
      table.style = TABLE_STYLE;
    }
  }
  for (const m of layout.merges) {
    ws.getRange(rangeAddress(m)).merge(false);
  }
  layout.widths.forEach((w, col) => {
    if (w) ws.getRange(address(1, col)).format.columnWidth = widthPoints(w);
  });
  for (const h of layout.heights) ws.getRange(address(h.row, 1)).format.rowHeight = h.points;
  for (const link of layout.links) {
    // ExcelApi 1.7: a link to a place in this workbook.
    const r = ws.getRange(address(link.row, link.col));
    r.hyperlink = { documentReference: sheetRef(link.sheet).replace(/\$/g, ""), textToDisplay: link.text };
    applyLook(r, layout, CELL_LOOKS.link);
  }
  ws.freezePanes.freezeRows(layout.freezeRows);
  conditionalFormats(ws, layout);
  charts(ws, layout);
}

/** The layout's rules in its order (ExcelApi 1.6): the first added is evaluated first, as in the file. */
function conditionalFormats(ws: Excel.Worksheet, layout: SheetLayout): void {
  for (const rule of layout.rules) {
    const range = ws.getRange(rangeAddress(rule.range));
    if (rule.kind === "fill-when") {
      const cf = range.conditionalFormats.add(Excel.ConditionalFormatType.custom);
      cf.custom.rule.formula = `=${rule.formula}`;
      cf.custom.format.fill.color = hex(rule.fill);
    } else {
      const cf = range.conditionalFormats.add(Excel.ConditionalFormatType.dataBar);
      cf.dataBar.barDirection = Excel.ConditionalDataBarDirection.leftToRight;
      cf.dataBar.lowerBoundRule = { type: Excel.ConditionalFormatRuleType.number, formula: "0" };
      cf.dataBar.upperBoundRule = { type: Excel.ConditionalFormatRuleType.highestValue };
      cf.dataBar.positiveFormat.fillColor = hex(rule.color);
    }
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
 * earlier reviews are kept under names with their period, as engine/core/marks.ts plans.
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
      names.add(layout.mark, ws.getRange("A1"));
      writeSheet(ws, layout);
      if (opts.isSetSupported?.("ExcelApi", "1.9")) {
        const page = layout.page;
        ws.pageLayout.orientation = Excel.PageOrientation.landscape;
        ws.pageLayout.paperSize = Excel.PaperType.a4;
        ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        if (page.printTitleRow) ws.pageLayout.setPrintTitleRows(`$${page.printTitleRow}:$${page.printTitleRow}`);
        ws.pageLayout.headersFooters.defaultForAllPages.leftHeader = page.header.left;
        ws.pageLayout.headersFooters.defaultForAllPages.leftFooter = page.footer.left;
        ws.pageLayout.headersFooters.defaultForAllPages.centerFooter = page.footer.center;
        ws.pageLayout.headersFooters.defaultForAllPages.rightFooter = page.footer.right;
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
