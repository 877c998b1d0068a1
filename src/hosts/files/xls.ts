/**
 * Legacy .xls (BIFF8, what older portals and ERPs export) and .xlsb, through SheetJS (`@e965/xlsx`,
 * the official 0.20.3 build republished on npm: the `xlsx` package there is 0.18.5, with published
 * advisories fixed only later). Why a library: BIFF8 is a binary record format with its own string
 * tables, formats and shared formulas — a solved problem we should not write again. It returns the
 * same grids as our .xlsx reader gives: numbers, text, booleans, dates (date-formatted numbers, in
 * the workbook's date system), errors as { error } (a formula whose cached value is #N/A), hidden
 * sheets, workbook-level names (our own marks among them).
 * The file is parsed whole in memory (BIFF has no streaming form); .xls holds at most 65,536 rows a sheet.
 */
import * as XLSX from "@e965/xlsx";
import type { DefinedName, RawCell, SheetGrid, WorkbookGrids } from "../../engine";
import { isDateFormat } from "../xlsx/xlsxStream";

export class XlsPasswordError extends Error {}

/** The sheets of a BIFF8 (.xls) or .xlsb workbook as grids. */
export function xlsToGrids(bytes: Uint8Array): WorkbookGrids {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: "array", cellDates: false, cellNF: true, cellFormula: false, cellHTML: false, cellStyles: false, dense: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(message)) throw new XlsPasswordError(message);
    throw e;
  }
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  const meta = wb.Workbook?.Sheets ?? [];
  const sheets: SheetGrid[] = wb.SheetNames.map((name, i) => {
    const ws = wb.Sheets[name];
    const rows: RawCell[][] = [];
    const data = (ws as unknown as { "!data"?: Array<Array<XLSX.CellObject | undefined> | undefined> })["!data"] ?? [];
    data.forEach((row, r) => {
      if (!row) return;
      const out: RawCell[] = [];
      row.forEach((c, col) => {
        if (c) out[col] = cellValue(c, date1904);
      });
      while (rows.length < r) rows.push([]);
      rows[r] = out;
    });
    const hidden = meta[i]?.Hidden === 1 ? "hidden" : meta[i]?.Hidden === 2 ? "veryHidden" : undefined;
    return { name, rows, firstRow: 1, firstColumn: 1, ...(hidden ? { hidden } : {}) };
  });
  const definedNames: DefinedName[] = (wb.Workbook?.Names ?? [])
    .filter((n) => n.Sheet === undefined || n.Sheet === null)
    .map((n) => ({ name: n.Name, formula: n.Ref }));
  return { sheets, date1904, definedNames };
}

function cellValue(c: XLSX.CellObject, date1904: boolean): RawCell {
  switch (c.t) {
    case "n": {
      const n = c.v as number;
      // A date-formatted number is a date, as Excel shows it (UTC midnight, as our .xlsx reader gives).
      if (typeof c.z === "string" && isDateFormat(c.z) && c.z !== "General") return new Date(Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
      return n;
    }
    case "s":
      return c.v as string;
    case "b":
      return c.v as boolean;
    case "d":
      return c.v as Date;
    case "e":
      return { error: c.w ?? XLSX.SSF.format("General", c.v as number) ?? "#N/A" };
    default:
      return null;
  }
}
