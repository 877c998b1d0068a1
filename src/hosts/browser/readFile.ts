/** The standalone pane's reader: an .xlsx picked from disk, parsed in the browser by ExcelJS. */
import ExcelJS from "exceljs";
import type { WorkbookGrids } from "../../engine";
import { workbookToGrids } from "../xlsx/grids";
import { checkZip } from "../xlsx/zipGuard";

/** The same guard as the command line's: a file that is not a zip, or would inflate past 2 GB, is refused. */
export class PickedFileError extends Error {
  constructor(readonly reason: "not-zip" | "too-large" | "bomb" | "corrupt") {
    super(reason);
  }
}

export async function readPickedFile(file: Blob): Promise<WorkbookGrids> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const verdict = checkZip(bytes);
  if (!verdict.ok) throw new PickedFileError(verdict.reason);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  } catch {
    throw new PickedFileError("corrupt");
  }
  return workbookToGrids(wb);
}
