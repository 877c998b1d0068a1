/**
 * Review model -> .xlsx (ExcelJS). One sheet per section: heading, KPI tiles, native Excel
 * tables with number formats, notes. Text from the data is written as string cells, so a
 * value like "=HYPERLINK(...)" stays text and never becomes a formula.
 */
import ExcelJS from "exceljs";
import type { ReviewModel, ReviewSection, ValueFormat, CellValue } from "../../engine";

const ACCENT = "FF1F4E79";

/** Excel number formats per value format. pct values are already ×100 (12.5 = +12.5%). */
export const NUMBER_FORMATS: Record<ValueFormat, string | undefined> = {
  text: "@",
  money: "#,##0.00;(#,##0.00)",
  share: "0.0%",
  pp: '+0.0" pp";-0.0" pp";0.0" pp"',
  pct: '+0.0"%";-0.0"%";0.0"%"',
  index: "0",
  int: "#,##0",
  number: "#,##0.00;(#,##0.00)",
  date: "yyyy-mm-dd",
};

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
export function safeSheetName(name: string, taken: Set<string>): string {
  let base =
    name
      .replace(/[:\\/?*[\]]/g, " ")
      .trim()
      .slice(0, 31) || "Sheet";
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    candidate = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(candidate.toLowerCase());
  base = candidate;
  return base;
}

function displayWidth(v: CellValue): number {
  if (v === null) return 0;
  const s = typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 2 }) : v;
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1; // CJK glyphs are double width
  return w;
}

function writeSection(wb: ExcelJS.Workbook, section: ReviewSection, model: ReviewModel, taken: Set<string>): void {
  const ws = wb.addWorksheet(safeSheetName(section.title, taken), {
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    properties: { tabColor: { argb: section.audience === "internal" ? "FFC00000" : ACCENT } },
  });
  const widths: number[] = [];
  const fit = (col: number, v: CellValue) => (widths[col] = Math.max(widths[col] ?? 8, Math.min(60, displayWidth(v) + 2)));
  let row = 1;

  const heading = ws.getCell(row, 1);
  heading.value = section.heading ?? section.title;
  heading.font = { bold: true, size: 14, color: { argb: ACCENT } };
  row += 2;

  if (section.kpis.length) {
    section.kpis.forEach((k, i) => {
      const c = 1 + i * 2;
      const label = ws.getCell(row, c);
      label.value = k.label;
      label.font = { bold: true, color: { argb: "FF595959" } };
      const value = ws.getCell(row + 1, c);
      value.value = k.value;
      value.numFmt = NUMBER_FORMATS[k.format] ?? "General";
      value.font = { bold: true, size: 16 };
      if (k.delta !== undefined) {
        const delta = ws.getCell(row + 2, c);
        delta.value = k.delta;
        delta.numFmt = NUMBER_FORMATS[k.deltaFormat ?? "number"] ?? "General";
      }
      fit(c, k.label);
    });
    row += 4;
  }

  for (const table of section.tables) {
    if (table.title) {
      ws.getCell(row, 1).value = table.title;
      ws.getCell(row, 1).font = { bold: true };
      row++;
    }
    if (table.rows.length === 0) {
      ws.getCell(row, 1).value = model.lang === "zh" ? "（无）" : "(none)";
      row += 2;
      continue;
    }
    ws.addTable({
      name: `${section.id}_${table.id}`.replace(/[^A-Za-z0-9_]/g, "_"),
      ref: ws.getCell(row, 1).address,
      headerRow: true,
      style: { theme: "TableStyleMedium2", showRowStripes: true },
      columns: table.columns.map((c) => ({ name: c.header, filterButton: false })),
      rows: table.rows.map((r) => table.columns.map((c) => (r[c.key] ?? null) as ExcelJS.CellValue)),
    });
    table.columns.forEach((c, i) => {
      fit(i + 1, c.header);
      for (let k = 0; k < table.rows.length; k++) {
        const v = table.rows[k][c.key] ?? null;
        fit(i + 1, v);
        // A row may carry its own format for a column (a scorecard mixes money, shares and indices).
        const format = (table.rows[k][`__format_${c.key}`] as ValueFormat | undefined) ?? c.format;
        const fmt = NUMBER_FORMATS[format];
        if (fmt && format !== "text") ws.getCell(row + 1 + k, i + 1).numFmt = fmt;
      }
    });
    row += table.rows.length + 3;
  }

  for (const note of section.notes) {
    const cell = ws.getCell(row++, 1);
    cell.value = note;
    cell.font = { italic: true, color: { argb: "FF595959" } };
  }
  widths.forEach((w, i) => {
    if (w) ws.getColumn(i).width = w;
  });
  ws.views = [{ showGridLines: false }];
  const footer = section.audience === "internal" ? (model.lang === "zh" ? "内部资料 – 请勿提供给零售商" : "Internal – not for the retailer") : "";
  ws.headerFooter.oddFooter = `&L${escapeHeader(model.retailer)} · ${model.period}&C${escapeHeader(footer)}&R&P / &N`;
}

/** "&" starts a control code in Excel headers and footers. */
function escapeHeader(s: string): string {
  return s.replace(/&/g, "&&");
}

export function renderReviewWorkbook(model: ReviewModel, created = new Date()): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "KA Review";
  wb.created = created;
  wb.modified = created;
  wb.title = model.title;
  const taken = new Set<string>();
  for (const section of model.sections) writeSection(wb, section, model, taken);
  return wb;
}
