import { RawCell, SheetGrid, WorkbookGrids, dayFromYmd, excelSerialFromDay, ingestWorkbook, IngestResult, Issue } from "../src/engine";

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

/** What Range.values gives: dates as serial numbers, empty cells as "". */
export function asExcelValues(rows: RawCell[][]): Array<Array<string | number | boolean>> {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/;
  return rows.map((r) =>
    r.map((c) => {
      if (c === null || c === undefined) return "";
      if (typeof c === "string") {
        const m = iso.exec(c);
        return m ? excelSerialFromDay(dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3]))) : c;
      }
      return c as string | number | boolean;
    }),
  );
}

/** A grid as a portal writes it to CSV: RFC 4180 quoting, CRLF line ends, dates as yyyy-mm-dd. */
export function csvText(rows: RawCell[][]): string {
  const cell = (v: RawCell) => {
    if (v === null || v === undefined) return "";
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
