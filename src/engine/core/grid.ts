/**
 * The raw grid: what both Office.js (`Range.values`) and an .xlsx reader give for a sheet.
 * Hosts convert to this shape and nothing else, so the engine never sees Office or a file.
 */

/** An Excel error value (#N/A, #DIV/0!...) as an .xlsx reader reports it. */
export interface CellError {
  error: string;
}

export type RawCell = string | number | boolean | Date | CellError | null | undefined;

export interface SheetGrid {
  /** The sheet's name as the user sees it. */
  name: string;
  /** Rows of cells; rows[0] is Excel row `firstRow` (1 unless the host read a window). */
  rows: RawCell[][];
  firstRow?: number;
  /** Column index 0 is Excel column `firstColumn` (1 = A). */
  firstColumn?: number;
  /** Rows the user hid (Excel row numbers), when the host can tell. */
  hiddenRows?: number[];
  /** The sheet itself is hidden ("hidden" or "very hidden"), when the host can tell. */
  hidden?: "hidden" | "veryHidden";
}

/** A workbook-level defined name: its name and formula text (`'Cover'!$A$1`). */
export interface DefinedName {
  name: string;
  formula: string;
}

export interface WorkbookGrids {
  sheets: SheetGrid[];
  /** The workbook's defined names: KA Review's marks on the sheets it generated are among them. */
  definedNames?: DefinedName[];
  /** The workbook uses the 1904 date system (old Mac workbooks). */
  date1904?: boolean;
}

export function isCellError(cell: RawCell): cell is CellError {
  return typeof cell === "object" && cell !== null && !(cell instanceof Date) && typeof (cell as CellError).error === "string";
}

/** 1 -> "A", 27 -> "AA", 16384 -> "XFD". */
export function columnLetter(column: number): string {
  let n = column;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellDisplay(cell: RawCell): string {
  if (cell === null || cell === undefined) return "";
  if (isCellError(cell)) return cell.error;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}
