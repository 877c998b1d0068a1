/** The empty input workbook (`ka-review template`) as the engine shapes it (engine/ingest/template.ts), in ExcelJS. */
import ExcelJS from "exceljs";
import { templateSheets } from "../../engine";
import type { Lang } from "../../i18n";

export function renderTemplateWorkbook(lang: Lang): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "KA Review";
  for (const t of templateSheets(lang)) {
    const ws = wb.addWorksheet(t.name);
    for (const row of t.rows) ws.addRow(row);
    if (t.bold === "first-row") ws.getRow(1).font = { bold: true };
    else ws.getColumn(1).font = { bold: true };
    t.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    if (t.freezeRows) ws.views = [{ state: "frozen", ySplit: t.freezeRows }];
  }
  return wb;
}
