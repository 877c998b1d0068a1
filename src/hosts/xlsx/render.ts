/**
 * Review model -> .xlsx (ExcelJS). One sheet per section, laid out on a fixed grid so every period's
 * review has the same sheet order, table positions and headers: heading in row 1, KPI tiles from
 * row 4 (cover), charts in rows 4–19 when the section has charts, tables side by side from a fixed
 * row. Native tables, number formats, conditional formats, print setup. Text from the data is written
 * as string cells, so "=HYPERLINK(...)" stays text and never becomes a formula.
 */
import ExcelJS from "exceljs";
import type { CellValue, ChartPlacement, EarlierReview, ReviewModel, ReviewSection, ReviewTable, SheetLayout, TablePlacement, ValueFormat } from "../../engine";
import { columnLetter, layoutReview, markName, numberFormat, safeSheetName, sheetRef } from "../../engine";

export type { TablePlacement };

const ACCENT = "FF1F4E79";
const INTERNAL_RED = "FFC00000";

export { numberFormat, safeSheetName };

/** The width of a value as Excel will show it with its number format, in characters (CJK = 2). */
function displayWidth(v: CellValue, format: ValueFormat = "text"): number {
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
      default:
        s = `(${grouped(v, 2)})`;
    }
  } else s = v;
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1; // CJK glyphs are double width
  return w;
}

/** "&" starts a control code in Excel headers and footers. */
function escapeHeader(s: string): string {
  return s.replace(/&/g, "&&");
}

export interface RenderedWorkbook {
  workbook: ExcelJS.Workbook;
  tables: TablePlacement[];
  charts: ChartPlacement[];
}

interface Fill {
  status: string;
  argb: string;
}
/** Conditional fills by the row's status code (engine values, not the translated labels). */
const STATUS_FILLS: Fill[] = [
  { status: "green", argb: "FFC6EFCE" },
  { status: "amber", argb: "FFFFEB9C" },
  { status: "red", argb: "FFFFC7CE" },
  { status: "within", argb: "FFC6EFCE" },
  { status: "above", argb: "FFFFC7CE" },
  { status: "below", argb: "FFFFEB9C" },
  { status: "over-charged", argb: "FFFFC7CE" },
  { status: "under-charged", argb: "FFFFEB9C" },
  { status: "ok", argb: "FFC6EFCE" },
];

function writeSection(wb: ExcelJS.Workbook, layout: SheetLayout, model: ReviewModel, out: RenderedWorkbook): void {
  const section = layout.section;
  const internal = section.audience === "internal";
  const sheetName = layout.sheet;
  const ws = wb.addWorksheet(sheetName, { properties: { tabColor: { argb: internal ? INTERNAL_RED : ACCENT } } });
  const font = model.lang === "zh" ? "Microsoft YaHei" : "Calibri";
  const widths: number[] = [];
  const fit = (col: number, v: CellValue, format?: ValueFormat, scale = 1) =>
    (widths[col] = Math.max(widths[col] ?? 9, Math.min(60, Math.ceil(displayWidth(v, format) * scale) + 2)));
  const put = (row: number, col: number, value: CellValue, style: Partial<ExcelJS.Style> = {}) => {
    const cell = ws.getCell(row, col);
    cell.value = value;
    cell.font = { name: font, ...(style.font ?? {}) };
    if (style.numFmt) cell.numFmt = style.numFmt;
    if (style.alignment) cell.alignment = style.alignment;
    return cell;
  };

  put(1, 1, section.heading ?? section.title, { font: { bold: true, size: 14, color: { argb: ACCENT } } });
  if (internal)
    put(2, 1, model.lang === "zh" ? "内部资料 – 请勿提供给零售商" : "Internal – not for the retailer", { font: { bold: true, color: { argb: INTERNAL_RED } } });

  // KPI tiles: label, value, change, two columns apart.
  section.kpis.forEach((k, i) => {
    const c = 1 + i * 2;
    put(layout.kpiRow, c, k.label, { font: { bold: true, color: { argb: "FF595959" } } });
    put(layout.kpiRow + 1, c, k.value, { font: { bold: true, size: 16 }, numFmt: numberFormat(k.format, model.currency) });
    if (k.delta !== undefined) put(layout.kpiRow + 2, c, k.delta, { numFmt: numberFormat(k.deltaFormat ?? "number", model.currency) });
    fit(c, k.label, "text", 1.1);
    fit(c, k.value, k.format, 1.5); // the value is in a 16-point font
  });

  for (const t of layout.tables) {
    if (t.titleRow !== null) put(t.titleRow, t.firstColumn, t.table.title ?? "", { font: { bold: true } });
    writeTable(ws, t.table, section, t.headerRow, t.firstColumn, model, font, fit);
    out.tables.push(t);
  }
  let noteRow = layout.notesRow;
  for (const note of section.notes) put(noteRow++, 1, note, { font: { italic: true, color: { argb: "FF595959" } } });
  for (const link of layout.links) {
    const cell = ws.getCell(link.row, link.col);
    cell.value = { text: link.text, hyperlink: `#${sheetRef(link.sheet).replace(/\$/g, "")}` };
    cell.font = { name: font, underline: true, color: { argb: "FF0563C1" } };
  }
  // The mark that makes this sheet ours for every later read (engine/generated.ts).
  wb.definedNames.add(sheetRef(sheetName), markName(section.id, model.retailer, model.period));
  out.charts.push(...layout.charts);

  widths.forEach((w, i) => {
    if (w) ws.getColumn(i).width = w;
  });
  ws.views = [{ state: "frozen", ySplit: layout.freezeRows, showGridLines: false }];
  ws.pageSetup = {
    orientation: "landscape",
    paperSize: 9, // A4
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: layout.printTitleRow ? `${layout.printTitleRow}:${layout.printTitleRow}` : undefined,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  const footer = internal ? (model.lang === "zh" ? "内部资料 – 请勿提供给零售商" : "Internal – not for the retailer") : "";
  ws.headerFooter.oddHeader = `&L${escapeHeader(model.title)}`;
  ws.headerFooter.oddFooter = `&L${escapeHeader(model.retailer)} · ${escapeHeader(model.period)}&C${escapeHeader(footer)}&R&P / &N`;
}

function writeTable(
  ws: ExcelJS.Worksheet,
  table: ReviewTable,
  section: ReviewSection,
  headerRow: number,
  firstColumn: number,
  model: ReviewModel,
  font: string,
  fit: (col: number, v: CellValue, format?: ValueFormat) => void,
): void {
  const headerStyle = (cell: ExcelJS.Cell) => {
    cell.font = { name: font, bold: true, color: { argb: "FFFFFFFF" } };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: ACCENT } };
  };
  if (table.rows.length === 0) {
    // No table object for an empty list: the headers stay where they always are, with "(none)" under them.
    table.columns.forEach((c, i) => {
      const cell = ws.getCell(headerRow, firstColumn + i);
      cell.value = c.header;
      headerStyle(cell);
      fit(firstColumn + i, c.header);
    });
    const none = ws.getCell(headerRow + 1, firstColumn);
    none.value = model.lang === "zh" ? "（无）" : "(none)";
    none.font = { name: font, italic: true };
    return;
  }
  ws.addTable({
    name: `${section.id}_${table.id}`.replace(/[^A-Za-z0-9_]/g, "_"),
    ref: ws.getCell(headerRow, firstColumn).address,
    headerRow: true,
    style: { theme: "TableStyleLight9", showRowStripes: true },
    columns: table.columns.map((c) => ({ name: c.header, filterButton: false })),
    rows: table.rows.map((r) => table.columns.map((c) => (r[c.key] ?? null) as ExcelJS.CellValue)),
  });
  table.columns.forEach((c, i) => {
    const col = firstColumn + i;
    fit(col, c.header);
    headerStyle(ws.getCell(headerRow, col));
    for (let k = 0; k < table.rows.length; k++) {
      const v = table.rows[k][c.key] ?? null;
      const cell = ws.getCell(headerRow + 1 + k, col);
      cell.font = { name: font };
      // A row may carry its own format for a column (a scorecard mixes money, shares and indices).
      const format = (table.rows[k][`__format_${c.key}`] as ValueFormat | undefined) ?? c.format;
      fit(col, v, format);
      const fmt = numberFormat(format, model.currency);
      if (fmt && format !== "text") {
        cell.numFmt = fmt;
        cell.alignment = { horizontal: "right" };
      } else if (typeof v === "string") {
        cell.numFmt = "@"; // text from the data stays text, whatever it starts with
      }
    }
  });
  conditionalFormats(ws, table, headerRow, firstColumn);
}

function conditionalFormats(ws: ExcelJS.Worksheet, table: ReviewTable, headerRow: number, firstColumn: number): void {
  const first = headerRow + 1;
  const last = headerRow + table.rows.length;
  const colOf = (key: string) => firstColumn + table.columns.findIndex((c) => c.key === key);
  const ref = (key: string) => `${columnLetter(colOf(key))}${first}:${columnLetter(colOf(key))}${last}`;

  // Traffic lights and corridor colours: a fill per status on the Status column, from the row's status code.
  if (table.columns.some((c) => c.key === "status") && table.rows.some((r) => r.__status)) {
    const labels = new Map<string, string>();
    for (const r of table.rows) if (typeof r.__status === "string" && typeof r.status === "string") labels.set(r.__status, r.status);
    const rules: ExcelJS.ConditionalFormattingRule[] = [];
    for (const f of STATUS_FILLS) {
      const label = labels.get(f.status);
      if (!label) continue;
      // An expression rule (=E10="On target"): every reader evaluates it; ExcelJS writes containsText rules without their text attribute.
      rules.push({
        type: "expression",
        priority: rules.length + 1,
        formulae: [`${columnLetter(colOf("status"))}${first}="${label.replace(/"/g, '""')}"`],
        style: { fill: { type: "pattern", pattern: "solid", fgColor: { argb: f.argb }, bgColor: { argb: f.argb } } },
      });
    }
    if (rules.length) ws.addConditionalFormatting({ ref: ref("status"), rules });
  }
  // Data bars on contribution (SKU mix).
  if (table.columns.some((c) => c.key === "contribution")) {
    ws.addConditionalFormatting({
      ref: ref("contribution"),
      rules: [
        { type: "dataBar", priority: 1, cfvo: [{ type: "num", value: 0 }, { type: "max" }], color: { argb: "FF638EC6" } } as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }
  // Overdue actions: the whole row in red.
  if (table.columns.some((c) => c.key === "overdue")) {
    const overdue = columnLetter(colOf("overdue"));
    const yes = table.rows.find((r) => r.overdue)?.overdue;
    if (typeof yes === "string" && yes) {
      ws.addConditionalFormatting({
        ref: `${columnLetter(firstColumn)}${first}:${columnLetter(firstColumn + table.columns.length - 1)}${last}`,
        rules: [
          {
            type: "expression",
            priority: 1,
            formulae: [`$${overdue}${first}="${yes}"`],
            style: { fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" }, bgColor: { argb: "FFFFC7CE" } } },
          },
        ],
      });
    }
  }
}

export function renderReviewWorkbook(model: ReviewModel, created = new Date(), earlier: EarlierReview[] = [], reserved: string[] = []): RenderedWorkbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "KA Review";
  wb.created = created;
  wb.modified = created;
  wb.title = model.title;
  const out: RenderedWorkbook = { workbook: wb, tables: [], charts: [] };
  for (const layout of layoutReview(model, earlier, reserved)) writeSection(wb, layout, model, out);
  return out;
}
