/**
 * Where everything of a review goes on its sheets: one grid shared by the .xlsx renderer and the
 * Office.js renderer, so the workbook written into Excel and the file have the same sheet names,
 * table positions and chart ranges — and every period's review lines up with the last one.
 * Heading in row 1, KPI tiles in rows 4–6, charts in a 16-row band, tables side by side from a
 * fixed row, notes below the longest table.
 */
import { fill, strings } from "../i18n";
import type { EarlierReview } from "./generated";
import type { ChartSpec, ReviewModel, ReviewSection, ReviewTable, ValueFormat } from "./reviewModel";

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
}

export interface SheetLayout {
  section: ReviewSection;
  sheet: string;
  kpiRow: number;
  tables: TablePlacement[];
  charts: ChartPlacement[];
  notesRow: number;
  /** Rows frozen at the top: the table headers, or just the heading on sheets with charts. */
  freezeRows: number;
  printTitleRow: number | null;
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

export function layoutSection(section: ReviewSection, taken: Set<string>, currency = ""): SheetLayout {
  const sheet = safeSheetName(section.title, taken);
  const top = tablesTopRow(section);
  const tables: TablePlacement[] = [];
  let column = 1;
  let lowest = top;
  for (const table of section.tables) {
    tables.push({
      sectionId: section.id,
      tableId: table.id,
      sheet,
      table,
      headerRow: top,
      firstColumn: column,
      titleRow: table.title ? top - 1 : null,
      rows: table.rows.length,
      columns: table.columns.map((c) => c.header),
    });
    lowest = Math.max(lowest, top + Math.max(1, table.rows.length));
    column += table.columns.length + 1;
  }
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
  return {
    section,
    sheet,
    kpiRow: 4,
    tables,
    charts,
    notesRow: lowest + 2,
    freezeRows: section.charts.length || !first ? 2 : first.headerRow,
    printTitleRow: first ? first.headerRow : null,
    links: [],
  };
}

/**
 * The review's sheets. `earlier`: the earlier reviews the host keeps in the workbook (engine/generated.ts
 * planReviewSheets); the cover links to each, under its notes, so last quarter is one click away.
 * `reserved`: sheet names already in the workbook (the user's, the earlier reviews'): ours avoid them,
 * a user's "Cover" keeps its name and ours becomes "Cover (2)".
 */
export function layoutReview(model: ReviewModel, earlier: EarlierReview[] = [], reserved: Iterable<string> = []): SheetLayout[] {
  const taken = new Set([...reserved].map((n) => n.toLowerCase()));
  const layouts = model.sections.map((s) => layoutSection(s, taken, model.currency));
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
  }
}
