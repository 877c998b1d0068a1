import { RawCell, SheetGrid, WorkbookGrids, ingestWorkbook, IngestResult, Issue } from "../src/engine";

export function sheet(name: string, rows: RawCell[][]): SheetGrid {
  return { name, rows, firstRow: 1, firstColumn: 1 };
}

export function workbook(...sheets: SheetGrid[]): WorkbookGrids {
  return { sheets };
}

export function ingest(...sheets: SheetGrid[]): IngestResult {
  return ingestWorkbook(workbook(...sheets));
}

/** The parts of an issue a test pins: where and what. */
export function where(i: Issue): { sheet: string | null; row: number | null; column: string | null; code: string; severity: string } {
  return { sheet: i.sheet, row: i.row, column: i.column, code: i.code, severity: i.severity };
}

/** The internal review's sheets in English, in the layout's order (the retailer copy has the first six). */
export const INTERNAL_SHEETS_EN = [
  "Cover",
  "Market share",
  "SKU mix",
  "Price position",
  "Growth opportunities",
  "Action plan",
  "Trade terms",
  "Deductions check",
  "Account P&L",
  "Negotiation",
  "Data notes",
];
