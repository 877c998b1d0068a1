/**
 * Where everything of a review goes on its sheets, and how each cell looks: one plan that the .xlsx
 * renderer (hosts/xlsx) and the Office.js renderer (hosts/office) only translate, so the workbook
 * written into Excel and the file cannot differ — same sheet names, cells, number formats, fonts,
 * table names, conditional formats, column widths, print setup and chart ranges — and every period's
 * review lines up with the last one. Heading in row 1, KPI tiles in rows 4–6, charts in a 16-row
 * band, tables side by side from a fixed row, notes below the longest table.
 */
import { fill, strings } from "../../i18n";
import { columnLetter } from "../core/grid";
import { markName, sheetRef, type EarlierReview } from "../core/marks";
import { cellFormat, type CellValue, type ChartSpec, type ReviewModel, type ReviewSection, type ReviewTable, type ValueFormat } from "./model";

export const CHART_TOP_ROW = 4;
export const CHART_ROWS = 16;
export const CHART_WIDTH_COLS = 9;

export interface ChartSeries {
  name: string;
  headerCell: { col: number; row: number };
  col: number;
  firstRow: number;
  lastRow: number;
  format: ValueFormat;
  values: (number | null)[];
}

export interface ChartPlacement {
  sheet: string;
  /** The workbook currency, for the value axis and cache number formats. */
  currency: string;
  spec: ChartSpec;
  /** 0-based anchor cells (DrawingML counts from 0). */
  from: { col: number; row: number };
  to: { col: number; row: number };
  categories: { col: number; firstRow: number; lastRow: number; values: string[] };
  series: ChartSeries[];
}

/**
 * How a cell looks, by its role. Colours are RRGGBB; each renderer writes them its own way (ExcelJS
 * wants ARGB, Office.js "#RRGGBB"). Table headers are styled by the table style as well, but the fill
 * is set too: an empty table has no table object to style it.
 */
export type CellRole = "heading" | "banner" | "kpiLabel" | "kpiValue" | "kpiDelta" | "tableTitle" | "header" | "body" | "empty" | "note" | "link";

export interface CellLook {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** Points; the default is the workbook's 11. */
  size?: number;
  color?: string;
  fill?: string;
}

export const ACCENT = "1F4E79";
export const INTERNAL_RED = "C00000";
const GREY = "595959";

export const CELL_LOOKS: Record<CellRole, CellLook> = {
  heading: { bold: true, size: 14, color: ACCENT },
  banner: { bold: true, color: INTERNAL_RED },
  kpiLabel: { bold: true, color: GREY },
  kpiValue: { bold: true, size: 16 },
  kpiDelta: {},
  tableTitle: { bold: true },
  header: { bold: true, color: "FFFFFF", fill: ACCENT },
  body: {},
  empty: { italic: true },
  note: { italic: true, color: GREY },
  link: { underline: true, color: "0563C1" },
};

/** The table style of every review table (Excel's built-in name; LibreOffice reads it too). */
export const TABLE_STYLE = "TableStyleLight9";

/**
 * One cell as the reader sees it. `numFmt` is the Excel number format; "@" marks text, which both
 * renderers set before the value so that data such as "=HYPERLINK(…)" stays text.
 */
export interface PlacedCell {
  row: number;
  col: number;
  value: CellValue;
  numFmt: string;
  role: CellRole;
  /** Right-aligned (figures in tables). */
  right?: boolean;
  /** Long text wraps inside its column (or its merged range) instead of running under the next one. */
  wrap?: boolean;
  /** Top-aligned: the cell is in a row made taller for wrapped text (beside it or in another table). */
  top?: boolean;
}

export interface TablePlacement {
  sectionId: string;
  tableId: string;
  sheet: string;
  table: ReviewTable;
  /** 1-based header row and first column, the title row above (or null). */
  headerRow: number;
  firstColumn: number;
  titleRow: number | null;
  rows: number;
  columns: string[];
  /**
   * The table object's name (unique in the workbook: `KA_<section>_<table>`), or null for an empty
   * list, which has no table object: its headers stay where they always are, "(none)" under them.
   */
  name: string | null;
  /** The header row, then one row per data row (or the "(none)" row). */
  cells: PlacedCell[][];
}

/** A rectangle of 1-based cells. */
export interface CellRange {
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
}

export function rangeAddress(r: CellRange): string {
  const a = `${columnLetter(r.firstCol)}${r.firstRow}`;
  return r.firstRow === r.lastRow && r.firstCol === r.lastCol ? a : `${a}:${columnLetter(r.lastCol)}${r.lastRow}`;
}

/**
 * Conditional formats as intents. `fill-when`: fill the range where `formula` (an Excel formula
 * written for the range's top-left cell, without "=") is true; `data-bar`: a bar per cell from 0 to
 * the largest value.
 */
export type FormatRule = { kind: "fill-when"; range: CellRange; formula: string; fill: string } | { kind: "data-bar"; range: CellRange; color: string };

/** Fills by a row's status code (engine values, not the translated labels the cells show). */
export const STATUS_FILLS: Record<string, string> = {
  green: "C6EFCE",
  amber: "FFEB9C",
  red: "FFC7CE",
  within: "C6EFCE",
  above: "FFC7CE",
  below: "FFEB9C",
  ok: "C6EFCE",
  "over-charged": "FFC7CE",
  "under-charged": "FFEB9C",
};
const OVERDUE_FILL = "FFC7CE";
const DATA_BAR = "638EC6";

export interface PageSetup {
  orientation: "landscape";
  /** A4; every column on one page wide, as many pages down as it takes. */
  paper: "A4";
  printTitleRow: number | null;
  /** Excel header and footer texts (already escaped: "&" doubled; &P / &N are the page codes). */
  header: { left: string };
  footer: { left: string; center: string; right: string };
}

export interface SheetLayout {
  section: ReviewSection;
  sheet: string;
  /** The defined name that marks the sheet as ours (engine/core/marks.ts), on `markRef`. */
  mark: string;
  markRef: string;
  tabColor: string;
  /** The font of every cell: Chinese reviews in a font with the CJK glyphs. */
  font: string;
  kpiRow: number;
  /** Every cell outside the tables: heading, banner, KPI tiles, table titles, notes. */
  cells: PlacedCell[];
  tables: TablePlacement[];
  charts: ChartPlacement[];
  rules: FormatRule[];
  /** Ranges merged into one cell (a long note across the sheet's width). */
  merges: CellRange[];
  /** Column widths in characters (Excel's unit), index = 1-based column; 0: the default width. */
  widths: number[];
  /** Row heights in points for rows whose text wraps; other rows keep the default. */
  heights: Array<{ row: number; points: number }>;
  notesRow: number;
  /** Rows frozen at the top: the table headers, or just the heading on sheets with charts. */
  freezeRows: number;
  printTitleRow: number | null;
  page: PageSetup;
  /** Links to other sheets of the workbook (the cover's links to the earlier reviews kept beside it). */
  links: SheetLink[];
}

/** A cell that opens another sheet: 1-based row and column, the text shown, the target sheet's A1. */
export interface SheetLink {
  row: number;
  col: number;
  text: string;
  sheet: string;
}

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ], and names must be unique. */
export function safeSheetName(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[:\\/?*[\]]/g, " ")
      .replace(/^'+|'+$/g, "")
      .trim()
      .slice(0, 31) || "Sheet";
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    candidate = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Charts start below the KPI tiles (rows 4–6) when a section has both. */
function chartTopRow(section: ReviewSection): number {
  return section.kpis.length ? 8 : CHART_TOP_ROW;
}

/** Table header rows: fixed per kind of section, so layouts line up period after period. */
function tablesTopRow(section: ReviewSection): number {
  if (section.charts.length) return chartTopRow(section) + CHART_ROWS + 2; // below the charts, a title row between
  if (section.kpis.length) return 9; // tiles in rows 4–6, a table title in row 8
  return 5;
}

/** The widest a column gets, in characters: longer text wraps inside it (and prints whole). */
export const MAX_COLUMN_WIDTH = 50;
const MIN_COLUMN_WIDTH = 9;
/** Points per line of wrapped text in an 11-point font (Calibri 15, Microsoft YaHei a little more). */
const LINE_POINTS = { en: 15, zh: 17 } as const;

/** The width of a value as Excel shows it with its number format, in characters (CJK = 2). */
export function displayWidth(v: CellValue, format: ValueFormat = "text"): number {
  if (v === null) return 0;
  let s: string;
  if (typeof v === "number") {
    const grouped = (x: number, d: number) => Math.abs(x).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
    switch (format) {
      case "money":
        s = `(¥${grouped(v, 2)})`;
        break;
      case "share":
        s = `${(v * 100).toFixed(1)}%`;
        break;
      case "pp":
        s = `+${v.toFixed(1)} pp`;
        break;
      case "pct":
        s = `+${v.toFixed(1)}%`;
        break;
      case "index":
        s = v.toFixed(0);
        break;
      case "int":
        s = grouped(v, 0);
        break;
      case "date":
        s = "yyyy-mm-dd";
        break;
      default:
        s = `(${grouped(v, 2)})`;
    }
  } else s = v;
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1; // CJK glyphs are double width
  return w;
}

/** Lines a text takes in a column of `width` characters (word wrap loses about a tenth). */
function linesIn(text: string, width: number): number {
  let lines = 0;
  for (const part of text.split("\n")) lines += Math.max(1, Math.ceil((displayWidth(part) * 1.1) / Math.max(1, width - 1)));
  return lines;
}

/** "&" starts a control code in Excel headers and footers. */
function escapeHeader(s: string): string {
  return s.replace(/&/g, "&&");
}

/** A table's name as Excel allows it (letters, digits, "_"), prefixed so it never meets a user's table. */
export function tableName(sectionId: string, tableId: string): string {
  return `KA_${sectionId}_${tableId}`.replace(/[^A-Za-z0-9_]/g, "_");
}

export function layoutSection(
  section: ReviewSection,
  taken: Set<string>,
  model: Pick<ReviewModel, "currency" | "lang" | "title" | "retailer" | "period">,
): SheetLayout {
  const currency = model.currency;
  const s = strings(model.lang).review;
  const sheet = safeSheetName(section.title, taken);
  const internal = section.audience === "internal";
  const top = tablesTopRow(section);
  const cells: PlacedCell[] = [];
  const widths: number[] = [];
  /** Columns whose text is longer than the widest column: their cells wrap. */
  const fit = (col: number, v: CellValue, format: ValueFormat = "text", scale = 1) =>
    (widths[col] = Math.max(widths[col] ?? MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, Math.ceil(displayWidth(v, format) * scale) + 2)));
  const text = (row: number, col: number, value: string, role: CellRole): PlacedCell => {
    const c: PlacedCell = { row, col, value, numFmt: "@", role };
    cells.push(c);
    return c;
  };

  text(1, 1, section.heading ?? section.title, "heading");
  if (internal) text(2, 1, s.notes.internal, "banner");

  // KPI tiles: label, value, change, two columns apart.
  const kpiRow = 4;
  section.kpis.forEach((k, i) => {
    const c = 1 + i * 2;
    text(kpiRow, c, k.label, "kpiLabel");
    cells.push({ row: kpiRow + 1, col: c, value: k.value, numFmt: numberFormat(k.format, currency) ?? "General", role: "kpiValue" });
    if (k.delta !== undefined)
      cells.push({ row: kpiRow + 2, col: c, value: k.delta, numFmt: numberFormat(k.deltaFormat ?? "number", currency) ?? "General", role: "kpiDelta" });
    fit(c, k.label, "text", 1.1);
    fit(c, k.value, k.format, 1.5); // the value is in a 16-point font
  });

  const tables: TablePlacement[] = [];
  const rules: FormatRule[] = [];
  let column = 1;
  let lowest = top;
  let rightmost = column;
  let rowTop = top;
  let below = false;
  for (const table of section.tables) {
    // Tables stand side by side (the same rows every period); one marked "below" starts a new band under
    // everything above it, two rows apart, and those after it stand beside it.
    if (table.placement === "below" && !below) {
      below = true;
      rowTop = lowest + 3;
      column = 1;
    }
    const top = rowTop;
    const titleRow = table.title ? top - 1 : null;
    if (titleRow !== null) text(titleRow, column, table.title!, "tableTitle");
    const placement: TablePlacement = {
      sectionId: section.id,
      tableId: table.id,
      sheet,
      table,
      headerRow: top,
      firstColumn: column,
      titleRow,
      rows: table.rows.length,
      columns: table.columns.map((c) => c.header),
      name: table.rows.length ? tableName(section.id, table.id) : null,
      cells: tableCells(table, top, column, currency, s.none, fit),
    };
    tables.push(placement);
    rules.push(...tableRules(placement));
    lowest = Math.max(lowest, top + Math.max(1, table.rows.length));
    column += table.columns.length + 1;
    rightmost = Math.max(rightmost, column);
  }
  const width = Math.max(rightmost - 2, section.kpis.length * 2 - 1, 1);

  // Notes: each across the sheet's width, wrapped, so a long sentence prints whole.
  const notesRow = lowest + 2;
  const merges: CellRange[] = [];
  const heights: Array<{ row: number; points: number }> = [];
  const lineHeight = LINE_POINTS[model.lang];
  const widthOf = (col: number) => widths[col] || MIN_COLUMN_WIDTH;
  let noteWidth = 0;
  for (let c = 1; c <= Math.max(width, 8); c++) noteWidth += widthOf(c);
  section.notes.forEach((note, i) => {
    const row = notesRow + i;
    text(row, 1, note, "note").wrap = true;
    merges.push({ firstRow: row, lastRow: row, firstCol: 1, lastCol: Math.max(width, 8) });
    const lines = linesIn(note, noteWidth);
    if (lines > 1) heights.push({ row, points: lines * lineHeight });
  });
  // Table rows with wrapped text: tall enough for their longest cell.
  for (const t of tables) {
    t.cells.forEach((row, r) => {
      let lines = 1;
      for (const c of row) if (c.wrap && typeof c.value === "string") lines = Math.max(lines, linesIn(c.value, widthOf(c.col)));
      if (lines > 1) heights.push({ row: t.headerRow + r, points: lines * lineHeight });
    });
  }

  // Every cell of a tall row starts at its top, in line with the first line of the wrapped text.
  const tall = new Set(heights.map((h) => h.row));
  for (const c of cells) if (tall.has(c.row)) c.top = true;
  for (const t of tables) for (const row of t.cells) for (const c of row) if (tall.has(c.row)) c.top = true;

  const charts: ChartPlacement[] = [];
  section.charts.forEach((chart, i) => {
    const t = tables.find((x) => x.tableId === chart.tableId);
    if (!t || t.rows === 0) return;
    const colOf = (key: string) => t.firstColumn + t.table.columns.findIndex((c) => c.key === key);
    charts.push({
      sheet,
      currency,
      spec: chart,
      from: { col: i * CHART_WIDTH_COLS, row: chartTopRow(section) - 1 },
      to: { col: (i + 1) * CHART_WIDTH_COLS - 1, row: chartTopRow(section) - 1 + CHART_ROWS },
      categories: {
        col: colOf(chart.categoryKey),
        firstRow: t.headerRow + 1,
        lastRow: t.headerRow + t.rows,
        values: t.table.rows.map((r) => String(r[chart.categoryKey] ?? "")),
      },
      series: chart.seriesKeys.map((key) => {
        const c = t.table.columns.find((x) => x.key === key)!;
        return {
          name: c.header,
          headerCell: { col: colOf(key), row: t.headerRow },
          col: colOf(key),
          firstRow: t.headerRow + 1,
          lastRow: t.headerRow + t.rows,
          format: c.format,
          values: t.table.rows.map((r) => (typeof r[key] === "number" ? (r[key] as number) : null)),
        };
      }),
    });
  });
  const first = tables[0];
  const printTitleRow = first ? first.headerRow : null;
  return {
    section,
    sheet,
    mark: markName(section.id, model.retailer, model.period),
    markRef: sheetRef(sheet),
    tabColor: internal ? INTERNAL_RED : ACCENT,
    font: model.lang === "zh" ? "Microsoft YaHei" : "Calibri",
    kpiRow,
    cells,
    tables,
    charts,
    rules,
    merges,
    // A column no wider than the default keeps Excel's default (files do not store a default width).
    widths: widths.map((w) => (w > MIN_COLUMN_WIDTH ? w : 0)),
    heights,
    notesRow,
    freezeRows: section.charts.length || !first ? 2 : first.headerRow,
    printTitleRow,
    page: {
      orientation: "landscape",
      paper: "A4",
      printTitleRow,
      header: { left: escapeHeader(model.title) },
      footer: {
        left: `${escapeHeader(model.retailer)} · ${escapeHeader(model.period)}`,
        center: internal ? escapeHeader(s.notes.internal) : "",
        right: "&P / &N",
      },
    },
    links: [],
  };
}

/** A table's cells: its header row, then each row with the cell's own format, or "(none)" under the headers. */
function tableCells(
  table: ReviewTable,
  headerRow: number,
  firstColumn: number,
  currency: string,
  none: string,
  fit: (col: number, v: CellValue, format?: ValueFormat) => number,
): PlacedCell[][] {
  const header = table.columns.map((c, i): PlacedCell => {
    fit(firstColumn + i, c.header);
    return { row: headerRow, col: firstColumn + i, value: c.header, numFmt: "@", role: "header" };
  });
  if (table.rows.length === 0) {
    // "(none)" in the first column, the others blank (text cells, so nothing the user types there becomes a formula).
    const emptyRow = table.columns.map((_, i): PlacedCell => ({
      row: headerRow + 1,
      col: firstColumn + i,
      value: i === 0 ? none : "",
      numFmt: "@",
      role: "empty",
    }));
    return [header, emptyRow];
  }
  const body = table.rows.map((r, k) =>
    table.columns.map((c, i): PlacedCell => {
      const col = firstColumn + i;
      const v = r[c.key] ?? null;
      const format = cellFormat(r, c);
      fit(col, v, format);
      const cell: PlacedCell = { row: headerRow + 1 + k, col, value: v, numFmt: "@", role: "body" };
      if (format !== "text" && typeof v !== "string") {
        cell.numFmt = numberFormat(format, currency) ?? "General";
        cell.right = true;
      } else if (typeof v === "string" && displayWidth(v) + 2 > MAX_COLUMN_WIDTH) cell.wrap = true; // wider than any column gets
      return cell;
    }),
  );
  return [header, ...body];
}

/**
 * A table's conditional formats: a fill per status on the Status column (matched on the label the
 * cell shows, since that is what a formula can see), data bars on contribution (SKU mix), and the
 * whole row of an overdue action in red.
 */
function tableRules(t: TablePlacement): FormatRule[] {
  const rows = t.table.rows;
  if (rows.length === 0) return [];
  const cols = t.table.columns;
  const first = t.headerRow + 1;
  const last = t.headerRow + rows.length;
  const colOf = (key: string) => t.firstColumn + cols.findIndex((c) => c.key === key);
  const column = (key: string): CellRange => ({ firstRow: first, lastRow: last, firstCol: colOf(key), lastCol: colOf(key) });
  const quoted = (label: string) => `"${label.replace(/"/g, '""')}"`;
  const out: FormatRule[] = [];
  if (cols.some((c) => c.key === "status")) {
    const labels = new Map<string, string>();
    for (const r of rows) if (typeof r.__status === "string" && typeof r.status === "string") labels.set(r.__status, r.status);
    // In the order of STATUS_FILLS, so both renderers give the rules the same priorities.
    for (const [status, fillColor] of Object.entries(STATUS_FILLS)) {
      const label = labels.get(status);
      if (label)
        out.push({ kind: "fill-when", range: column("status"), formula: `${columnLetter(colOf("status"))}${first}=${quoted(label)}`, fill: fillColor });
    }
  }
  if (cols.some((c) => c.key === "contribution")) out.push({ kind: "data-bar", range: column("contribution"), color: DATA_BAR });
  if (cols.some((c) => c.key === "overdue")) {
    const yes = rows.find((r) => r.overdue)?.overdue;
    if (typeof yes === "string" && yes)
      out.push({
        kind: "fill-when",
        range: { firstRow: first, lastRow: last, firstCol: t.firstColumn, lastCol: t.firstColumn + cols.length - 1 },
        formula: `$${columnLetter(colOf("overdue"))}${first}=${quoted(yes)}`,
        fill: OVERDUE_FILL,
      });
  }
  return out;
}
/**
 * The review's sheets. `earlier`: the earlier reviews the host keeps in the workbook (engine/core/marks.ts
 * planReviewSheets); the cover links to each, under its notes, so last quarter is one click away.
 * `reserved`: sheet names already in the workbook (the user's, the earlier reviews'): ours avoid them,
 * a user's "Cover" keeps its name and ours becomes "Cover (2)".
 */
export function layoutReview(model: ReviewModel, earlier: EarlierReview[] = [], reserved: Iterable<string> = []): SheetLayout[] {
  const taken = new Set([...reserved].map((n) => n.toLowerCase()));
  const layouts = model.sections.map((s) => layoutSection(s, taken, model));
  const cover = layouts.find((l) => l.section.id === "cover");
  if (cover && earlier.length) {
    const s = strings(model.lang).review;
    const first = cover.notesRow + cover.section.notes.length + 1;
    cover.links = earlier.map((e, i) => ({
      row: first + i,
      col: 1,
      text: fill(s.earlierReview, { period: e.period, sheet: e.coverSheet }),
      sheet: e.coverSheet,
    }));
  }
  return layouts;
}

const CURRENCY_SYMBOL: Record<string, string> = { CNY: "¥", RMB: "¥", JPY: "¥", USD: "$", EUR: "€", GBP: "£", HKD: "HK$" };

/** Excel number formats per value format (both renderers, the .xlsx file and Office.js, use these). pct values are already ×100 (12.5 = +12.5%). */
export function numberFormat(format: ValueFormat, currency = ""): string | undefined {
  const symbol = CURRENCY_SYMBOL[currency.toUpperCase()] ?? "";
  const money = symbol ? `"${symbol}"#,##0.00` : "#,##0.00";
  switch (format) {
    case "text":
      return "@";
    case "money":
      return `${money};(${money})`;
    case "share":
      return "0.0%";
    case "pp":
      return '+0.0" pp";-0.0" pp";0.0" pp"';
    case "pct":
      return '+0.0"%";-0.0"%";0.0"%"';
    case "index":
      return "0";
    case "int":
      return "#,##0";
    case "number":
      return "#,##0.00;(#,##0.00)";
    case "date":
      return "yyyy-mm-dd";
    case "ratio":
      return "0.00;-0.00";
  }
}
