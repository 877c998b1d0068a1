/** Writes the generated sample to .xlsx: ISO date strings become real Excel date cells. */
import ExcelJS from "exceljs";
import { SampleSheet, generateSample } from "./generate";
import { generateWeeklySample } from "./weekly";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The monthly sample (assets/sample-account.xlsx), or with `weekly` the 4-5-4 weekly one (assets/sample-weekly.xlsx). */
export function sampleWorkbook(seed?: number, weekly = false): ExcelJS.Workbook {
  return workbookOf(weekly ? generateWeeklySample(seed).sheets : generateSample(seed).sheets);
}

function workbookOf(sheets: SampleSheet[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "KA Review sample generator";
  // A fixed timestamp keeps the file's properties the same on every run.
  wb.created = new Date(Date.UTC(2026, 9, 1));
  wb.modified = wb.created;
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const row of sheet.rows) {
      const r = ws.addRow(
        row.map((v) => {
          if (typeof v === "string") {
            const m = ISO_DATE.exec(v);
            if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
          }
          return v as ExcelJS.CellValue;
        }),
      );
      r.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = "yyyy-mm-dd";
      });
    }
    sheet.widths?.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  }
  return wb;
}
