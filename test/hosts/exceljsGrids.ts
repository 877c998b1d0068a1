/**
 * ExcelJS workbook -> raw grids. Works in Node and in the browser (no file system here).
 * Formulas give their cached result, rich text its plain text, errors a CellError: the engine
 * sees what the user sees in the cell, never a formula to evaluate.
 */
import type ExcelJS from "exceljs";
import type { RawCell, SheetGrid, WorkbookGrids } from "../../src/engine";

export function cellToRaw(value: ExcelJS.CellValue | undefined): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    if ("error" in value && typeof value.error === "string") return { error: value.error };
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return cellToRaw(result as ExcelJS.CellValue);
    }
    if ("text" in value && typeof (value as { text: unknown }).text === "string") return (value as { text: string }).text;
  }
  return String(value);
}

export function worksheetToGrid(ws: ExcelJS.Worksheet): SheetGrid {
  const rows: RawCell[][] = [];
  const hiddenRows: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const out: RawCell[] = new Array(Math.max(0, values.length - 1));
    for (let c = 1; c < values.length; c++) out[c - 1] = cellToRaw(values[c]);
    rows[rowNumber - 1] = out;
    if (row.hidden) hiddenRows.push(rowNumber);
  });
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
  return { name: ws.name, rows, firstRow: 1, firstColumn: 1, hiddenRows };
}

export function workbookToGrids(wb: ExcelJS.Workbook, onSheet?: (sheet: string, rows: number) => void): WorkbookGrids {
  const sheets = wb.worksheets.map((ws) => {
    const g = worksheetToGrid(ws);
    onSheet?.(g.name, g.rows.length);
    return g;
  });
  return { sheets, date1904: Boolean((wb.properties as { date1904?: boolean }).date1904) };
}
